using System.Diagnostics;
using System.Text.Json;
using PropBot.Arbitrage.Journal;
using PropBot.Arbitrage.Tests.Emulator;
using PropBot.Exchanges.Emulator;

namespace PropBot.Arbitrage.Tests.Journal;

/// <summary>
/// Issue 8's crash-recovery test against the emulator: the loopback emulator of both venues runs in this (parent)
/// process; a child process runs the real engine in live mode through the real Binance and OKX adapters with the SQLite
/// journal and is SIGKILLed at the kill point; a second child (the restart) runs the hosted recovery through the
/// adapters. The emulator's ledger is then checked.
/// </summary>
public sealed class RecoveryServiceEmulatorKillTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("before-leg-b", "Rescued", "RECOVERED_HEDGED_OUT")]
    [InlineData("hedge-out-a", "Rescued", "RECOVERED_HEDGED_OUT")]
    [InlineData("leg-b-unknown", "Succeeded", "RECOVERED_HEDGED")]
    public async Task Recovery_AfterSigkill_AgainstEmulator_LeavesLedgerDeltaWithinLimit(string killPoint, string outcome, string code)
    {
        await using var v = await EmulatorVenues.StartAsync();
        if (killPoint == "hedge-out-a")
        {
            v.Emulator.Faults.Okx.RejectNextOrders(1, "51008");
        }
        else if (killPoint == "leg-b-unknown")
        {
            v.Emulator.Faults.Okx.DropNextOrderResponses(1);
        }

        string[] urls = [v.Emulator.BinanceRestUrl.ToString(), v.Emulator.BinanceWebSocketUrl.ToString(), v.Emulator.OkxRestUrl.ToString(), v.Emulator.OkxWebSocketUrl.ToString()];
        var result = Path.Combine(_db.Directory, "result.json");

        // A loaded machine can fail preflight (nothing sent, faults still armed): run the execution again.
        for (var attempt = 1; !await RunUntilKilledAsync(["emu-crash-run", _db.Path, .. urls, killPoint]); attempt++)
        {
            attempt.ShouldBeLessThan(3, "the child never reached the kill point");
            v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();
        }

        var binanceBefore = v.LedgerPosition(EmulatorVenue.Binance);
        await RunAsync(["emu-recover", _db.Path, .. urls, result]);

        binanceBefore.ShouldBe(0.01m, "leg A had filled on the venue when the process was killed");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        var execution = json.RootElement.GetProperty("executions").EnumerateArray().ShouldHaveSingleItem();
        execution.GetProperty("outcome").GetString().ShouldBe(outcome, execution.GetProperty("detail").GetString());
        execution.GetProperty("code").GetString().ShouldBe(code);
        json.RootElement.GetProperty("hold").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("recovery_done_before_trading_started").GetBoolean().ShouldBeTrue();

        // The emulator's own ledger: cross-venue delta within the limit (here exactly flat or exactly hedged).
        v.LedgerDelta().ShouldBe(0m);
        if (outcome == "Rescued")
        {
            v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
            v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldContain(o => o.ClientOrderId.EndsWith("RV0", StringComparison.Ordinal));
        }

        await using var store = new SqliteJournalStore(_db.Path);
        (await store.VerifyAsync(CancellationToken.None)).IsIntact.ShouldBeTrue();
        (await store.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    private static ProcessStartInfo Child(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>True when the kill point was reached and the child SIGKILLed; false when the execution aborted before sending anything.</summary>
    private static async Task<bool> RunUntilKilledAsync(string[] args)
    {
        using var process = Process.Start(Child(args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is not null && line.StartsWith("NO-KILLPOINT Aborted", StringComparison.Ordinal))
                {
                    return false;
                }

                if (line is null || line.StartsWith("NO-KILLPOINT", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"child did not reach the kill point: {line} {(line is null ? await stderr : string.Empty)}");
                }

                if (line == CrashChild.KillPointMarker)
                {
                    return true;
                }
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task RunAsync(string[] args)
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
    }
}
