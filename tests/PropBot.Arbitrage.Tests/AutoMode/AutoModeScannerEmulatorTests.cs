using Microsoft.Extensions.Time.Testing;
using PropBot.Arbitrage.AutoMode;
using PropBot.Arbitrage.Tests.Emulator;
using PropBot.Exchanges.Emulator;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PropBot.Arbitrage.Tests.AutoMode;

/// <summary>The scanner with the real engine and adapters against the emulator's dislocations.</summary>
public sealed class AutoModeScannerEmulatorTests
{
    [Fact]
    public async Task ScanOnceAsync_EmulatorDislocation_ExecutesOnlyWhileNetEdgeAtLeastMinimum()
    {
        // One frozen fake clock for the emulator, the adapters, the engine and the scanner: book ages, latency and
        // clock skew are exact, so no preflight check depends on how loaded the machine is.
        await using var v = await EmulatorVenues.StartAsync(new FakeTimeProvider(EmulatorVenues.FakeStart));
        var options = v.Options();
        var engine = v.CreateEngine(options);
        var scanner = new AutoModeScanner(engine, MsOptions.Create(new AutoModeOptions { DryRun = false, Quantity = 0.01m }), MsOptions.Create(options), v.Time);

        // 50 bps OKX premium: long Binance / short OKX clears min_edge_bps after all costs.
        var first = await v.FrozenAsync(scanner.ScanOnceAsync(CancellationToken.None));
        await WaitIdleAsync(scanner);

        // Dislocation gone: same prices on both venues, the net edge is negative.
        v.Emulator.Market.SetBasis(EmulatorVenue.Okx, "BTC", 0m);
        v.Emulator.Tick();
        var second = await v.FrozenAsync(scanner.ScanOnceAsync(CancellationToken.None));
        await WaitIdleAsync(scanner);

        first[v.Pair.Name].ShouldBe(AutoModeDecision.Executed);
        second[v.Pair.Name].ShouldBe(AutoModeDecision.EdgeBelowMinimum);
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.Count.ShouldBe(1, "exactly one execution: the one with edge");
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m);
        v.LedgerDelta().ShouldBe(0m);
        engine.IsHalted.ShouldBeFalse();
    }

    private static async Task WaitIdleAsync(AutoModeScanner scanner)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (scanner.RunningCount > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        scanner.RunningCount.ShouldBe(0);
    }
}
