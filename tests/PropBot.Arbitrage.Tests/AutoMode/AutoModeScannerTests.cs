using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using PropBot.Arbitrage.AutoMode;
using PropBot.Arbitrage.Journal;
using PropBot.Exchanges;
using PropBot.Risk;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PropBot.Arbitrage.Tests.AutoMode;

public sealed class AutoModeScannerTests
{
    private static readonly ArbPair Pair = new(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"), new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly IArbitrageEngine _engine = Substitute.For<IArbitrageEngine>();
    private readonly TradingStateController _tradingState;
    private readonly TaskCompletionSource<RecoveryReport> _recovery = new();
    private TaskCompletionSource<ArbExecutionReport> _execution = new();

    public AutoModeScannerTests()
    {
        _tradingState = new TradingStateController(_time);
        _engine.Pairs.Returns([Pair]);
        _engine.ExecuteAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(_ => _execution.Task);
        _recovery.SetResult(new RecoveryReport { Integrity = new JournalIntegrityResult { Problem = JournalIntegrityProblem.None }, Executions = [] });
        Preview(netBps: 10m);
    }

    private AutoModeScanner Scanner(AutoModeOptions? options = null, IRecoveryStatus? recovery = null) => new(
        _engine,
        MsOptions.Create(options ?? new AutoModeOptions()),
        MsOptions.Create(new ArbitrageOptions { MinEdgeBps = 6m }),
        _time,
        recovery ?? new Recovery(_recovery.Task),
        _tradingState);

    private void Preview(decimal netBps, params PreflightCheck[] failed)
    {
        var checks = new List<PreflightCheck> { new("EDGE", netBps >= 6m, netBps >= 6m ? null : "EDGE_BELOW_MIN", null) };
        checks.AddRange(failed);
        _engine.PreviewAsync(Pair, Arg.Any<decimal?>(), Arg.Any<CancellationToken>()).Returns(new ArbPreview
        {
            Pair = Pair,
            Edge = new EdgeBreakdown { NetBps = netBps, Quantity = 0.01m, TradableQuantity = 0.01m, LongPrice = 100m, ShortPrice = 101m },
            Checks = checks,
            Time = _time.GetUtcNow(),
        });
    }

    private Task<ArbExecutionReport> ExecuteCalls() =>
        _engine.Received().ExecuteAsync(Pair, Arg.Any<decimal?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>());

    [Fact]
    public async Task ScanOnceAsync_NetEdgeAtLeastMinimum_ExecutesDryRunByDefault()
    {
        var scanner = Scanner();

        var decisions = await scanner.ScanOnceAsync(CancellationToken.None);

        decisions[Pair.Name].ShouldBe(AutoModeDecision.Executed);
        await WaitForExecuteCallsAsync(1);
        await _engine.Received(1).ExecuteAsync(Pair, null, true, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ScanOnceAsync_NetEdgeBelowMinimum_DoesNotExecute()
    {
        Preview(netBps: 5.99m);
        var scanner = Scanner();

        var decisions = await scanner.ScanOnceAsync(CancellationToken.None);

        decisions[Pair.Name].ShouldBe(AutoModeDecision.EdgeBelowMinimum);
        await _engine.DidNotReceive().ExecuteAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ScanOnceAsync_ExecutionRunningOnPair_NeverStartsASecond()
    {
        var scanner = Scanner();
        await scanner.ScanOnceAsync(CancellationToken.None);
        await WaitForExecuteCallsAsync(1);

        var second = await scanner.ScanOnceAsync(CancellationToken.None);
        var third = await scanner.ScanOnceAsync(CancellationToken.None);

        second[Pair.Name].ShouldBe(AutoModeDecision.PairBusy);
        third[Pair.Name].ShouldBe(AutoModeDecision.PairBusy);
        _engine.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(IArbitrageEngine.ExecuteAsync)).ShouldBe(1);

        var finished = _execution;
        _execution = new TaskCompletionSource<ArbExecutionReport>();
        finished.SetResult(new ArbExecutionReport { ExecutionId = "x", Pair = Pair, DryRun = true, Outcome = ExecutionOutcome.Succeeded, FinalState = ArbState.Done, StartedAt = _time.GetUtcNow(), CompletedAt = _time.GetUtcNow() });
        var deadline = Environment.TickCount64 + 30_000;
        while (scanner.RunningCount > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        (await scanner.ScanOnceAsync(CancellationToken.None))[Pair.Name].ShouldBe(AutoModeDecision.Executed);
    }

    [Theory]
    [InlineData(TradingState.Reducing)]
    [InlineData(TradingState.Halted)]
    public async Task ScanOnceAsync_TradingNotActive_DoesNotOpen(TradingState state)
    {
        _tradingState.Escalate(state, "test", "operator");
        var scanner = Scanner();

        var decisions = await scanner.ScanOnceAsync(CancellationToken.None);

        decisions[Pair.Name].ShouldBe(AutoModeDecision.TradingNotActive);
        await _engine.DidNotReceive().ExecuteAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ScanOnceAsync_EngineHalted_DoesNotOpen()
    {
        _engine.IsHalted.Returns(true);

        var decisions = await Scanner().ScanOnceAsync(CancellationToken.None);

        decisions[Pair.Name].ShouldBe(AutoModeDecision.TradingNotActive);
    }

    [Fact]
    public async Task ScanOnceAsync_InsideFundingWindow_DoesNotOpenEvenWithEdge()
    {
        Preview(netBps: 25m, new PreflightCheck("FUNDING_WINDOW", false, "FUNDING_WINDOW", "funding in 3 minutes"));

        var decisions = await Scanner().ScanOnceAsync(CancellationToken.None);

        decisions[Pair.Name].ShouldBe(AutoModeDecision.PreflightFailed);
        await _engine.DidNotReceive().ExecuteAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<bool>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ScanOnceAsync_RecoveryUnfinishedOrHold_DoesNotOpen()
    {
        var pending = new TaskCompletionSource<RecoveryReport>();
        var hold = Task.FromResult(new RecoveryReport
        {
            Integrity = new JournalIntegrityResult { Problem = JournalIntegrityProblem.None },
            Executions = [new RecoveredExecution { ExecutionId = "e1", Outcome = ExecutionOutcome.Incident, Code = "RECOVERY_ORDER_UNRESOLVED" }],
        });

        var whilePending = await Scanner(recovery: new Recovery(pending.Task)).ScanOnceAsync(CancellationToken.None);
        var whileHold = await Scanner(recovery: new Recovery(hold)).ScanOnceAsync(CancellationToken.None);

        whilePending[Pair.Name].ShouldBe(AutoModeDecision.RecoveryHold);
        whileHold[Pair.Name].ShouldBe(AutoModeDecision.RecoveryHold);
        await _engine.DidNotReceive().PreviewAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task StartAsync_Enabled_WaitsForRecoveryThenScansOnInterval()
    {
        var pending = new TaskCompletionSource<RecoveryReport>();
        using var scanner = Scanner(new AutoModeOptions { ScanInterval = TimeSpan.FromSeconds(1) }, new Recovery(pending.Task));

        await scanner.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        await _engine.DidNotReceive().PreviewAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<CancellationToken>());

        pending.SetResult(new RecoveryReport { Integrity = new JournalIntegrityResult { Problem = JournalIntegrityProblem.None }, Executions = [] });
        await WaitForExecuteCallsAsync(1);
        _execution.SetResult(new ArbExecutionReport { ExecutionId = "x", Pair = Pair, DryRun = true, Outcome = ExecutionOutcome.Succeeded, FinalState = ArbState.Done, StartedAt = _time.GetUtcNow(), CompletedAt = _time.GetUtcNow() });
        await scanner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_LiveProfileWithoutSwitch_NeverScans()
    {
        using var scanner = Scanner(new AutoModeOptions { Profile = "live" });

        await scanner.StartAsync(CancellationToken.None);
        await scanner.ExecuteTask!;
        await scanner.StopAsync(CancellationToken.None);

        await _engine.DidNotReceive().PreviewAsync(Arg.Any<ArbPair>(), Arg.Any<decimal?>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("paper", null, true)]
    [InlineData("PAPER", null, true)]
    [InlineData("testnet", null, false)]
    [InlineData("live", null, false)]
    [InlineData("live", true, true)]
    [InlineData("paper", false, false)]
    public void IsEnabled_OnByDefaultOnlyInPaperProfile(string profile, bool? enabled, bool expected) =>
        new AutoModeOptions { Profile = profile, Enabled = enabled }.IsEnabled.ShouldBe(expected);

    [Fact]
    public void Ctor_Ok()
    {
        var options = new AutoModeOptions();

        options.Profile.ShouldBe("paper");
        options.Enabled.ShouldBeNull();
        options.DryRun.ShouldBeTrue();
        options.ScanInterval.ShouldBe(TimeSpan.FromSeconds(1));
        options.Quantity.ShouldBeNull();
    }

    private async Task WaitForExecuteCallsAsync(int count)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (_engine.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(IArbitrageEngine.ExecuteAsync)) < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("ExecuteAsync not called in time");
            }

            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    private sealed class Recovery(Task<RecoveryReport> completion) : IRecoveryStatus
    {
        public Task<RecoveryReport> Completion { get; } = completion;
    }
}
