using System.Diagnostics;
using System.Text.Json;

namespace PropBot.Arbitrage.Tests.Journal;

/// <summary>
/// Crash recovery across a real process kill: a child process runs the real engine (live mode, fake venues) with the
/// SQLite journal and is SIGKILLed at a kill point; a second child process (the restart) runs the hosted recovery on
/// venues restored from the state the first one left behind. The venues are in-memory fakes whose ledger is carried
/// across the kill in a file (stand-in for the standalone emulator, whose runner is not on this branch).
/// </summary>
public sealed class RecoveryServiceProcessKillTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("before-leg-b", "Rescued", "RECOVERED_HEDGED_OUT", "LegB", true)]
    [InlineData("hedge-out-a", "Rescued", "RECOVERED_HEDGED_OUT", "HedgeOutA", true)]
    [InlineData("leg-b-unknown", "Succeeded", "RECOVERED_HEDGED", "LegB", false)]
    public async Task Recovery_AfterSigkillAtKillPoint_BringsExecutionToSafeEndBeforeTrading(
        string killPoint, string outcome, string code, string lastState, bool hedgesOut)
    {
        var venueState = Path.Combine(_db.Directory, "venues.json");
        var result = Path.Combine(_db.Directory, "result.json");

        await RunUntilKilledAsync("crash-run", _db.Path, venueState, killPoint);
        var exit = await RunAsync("recover", _db.Path, venueState, result);

        exit.ShouldBe(0);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        var root = json.RootElement;
        var execution = root.GetProperty("executions").EnumerateArray().ShouldHaveSingleItem();
        execution.GetProperty("outcome").GetString().ShouldBe(outcome);
        execution.GetProperty("code").GetString().ShouldBe(code);
        execution.GetProperty("last_state").GetString().ShouldBe(lastState);
        root.GetProperty("hold").GetBoolean().ShouldBeFalse();
        root.GetProperty("recovery_done_before_trading_started").GetBoolean().ShouldBeTrue();

        var placed = root.GetProperty("placed").EnumerateArray().ToList();
        if (hedgesOut)
        {
            var hedge = placed.ShouldHaveSingleItem();
            hedge.GetProperty("reduce_only").GetBoolean().ShouldBeTrue();
            hedge.GetProperty("purpose").GetString().ShouldBe("HedgeOut");
            hedge.GetProperty("client_order_id").GetString()!.ShouldEndWith("RV0");
        }
        else
        {
            placed.ShouldBeEmpty();
        }

        // The venues' ledger afterwards: the pair's delta (base qty × mark) is within the limit.
        var delta = root.GetProperty("positions").EnumerateArray().Sum(p => p.GetProperty("quantity").GetDecimal());
        var mark = root.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("mark").GetDecimal()).DefaultIfEmpty(0m).Max();
        (Math.Abs(delta) * mark).ShouldBeLessThanOrEqualTo(200m);
        delta.ShouldBe(0m);

        // The journal survived the SIGKILL intact and the execution is finished.
        await using var store = new PropBot.Arbitrage.Journal.SqliteJournalStore(_db.Path);
        var integrity = await store.VerifyAsync(CancellationToken.None);
        integrity.IsIntact.ShouldBeTrue(integrity.ToString());
        (await store.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    private static ProcessStartInfo Child(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static async Task RunUntilKilledAsync(params string[] args)
    {
        using var process = Process.Start(Child(args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    throw new InvalidOperationException($"child exited before the kill point: {await stderr}");
                }

                if (line == CrashChild.KillPointMarker)
                {
                    break;
                }
            }
        }
        finally
        {
            // SIGKILL on Unix: no finally blocks, no flushing, no disposal in the child.
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<int> RunAsync(params string[] args)
    {
        using var process = Process.Start(Child(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"recover child failed ({process.ExitCode}): {await stdout} {await stderr}");
        }

        return process.ExitCode;
    }
}
