using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropBot.Arbitrage.Tests.Fakes;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Execution;

/// <summary>Execution scenarios against the in-memory fake venues (FakeTimeProvider; no network).</summary>
public sealed class ArbitrageEngineTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task ExecuteAsync_TakerTaker_HedgesBothLegs()
    {
        var engine = _h.CreateEngine();
        var eventsAtPlace = new List<ExecutionEventKind>();
        _h.Okx.OnPlace = _ => eventsAtPlace.Add(_h.Journal.Events[^1].Kind);

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.FinalState.ShouldBe(ArbState.Done);
        report.ReasonCode.ShouldBeNull();
        report.Transitions.Select(t => (t.From, t.To)).ShouldBe(
        [
            (ArbState.Idle, ArbState.Preflight),
            (ArbState.Preflight, ArbState.LegA),
            (ArbState.LegA, ArbState.LegB),
            (ArbState.LegB, ArbState.Hedged),
            (ArbState.Hedged, ArbState.Done),
        ]);

        // Leg A is the coarser-lot venue (OKX 0.01 vs Binance 0.001): sell IOC first, then buy on Binance.
        var a = _h.Okx.Placed.ShouldHaveSingleItem();
        a.Side.ShouldBe(OrderSide.Sell);
        a.TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
        a.Quantity.ShouldBe(0.01m);
        a.Price.ShouldBe(100_369.9m);
        a.PositionSide.ShouldBe(PositionSide.Short);
        a.ClientOrderId.Value.ShouldBe(report.ExecutionId + "A0");
        var b = _h.Binance.Placed.ShouldHaveSingleItem();
        b.Side.ShouldBe(OrderSide.Buy);
        b.Quantity.ShouldBe(0.01m);
        b.ClientOrderId.Value.ShouldBe(report.ExecutionId + "B0");

        _h.Okx.NetPosition().ShouldBe(-0.01m);
        _h.Binance.NetPosition().ShouldBe(0.01m);
        report.HedgedQuantity.ShouldBe(0.01m);
        report.RealizedEdgeBps!.Value.ShouldBe(31.984m, 0.0001m);
        report.LegGap.ShouldNotBeNull();
        report.ExecutionId.ShouldMatch("^pb[0-9a-f]{12}$");
        eventsAtPlace.ShouldBe([ExecutionEventKind.OrderIntent]);
        _h.Journal.Events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, _h.Journal.Events.Count).Select(i => (long)i));
        _h.Journal.Events[^1].Kind.ShouldBe(ExecutionEventKind.Completed);
    }

    [Fact]
    public async Task ExecuteAsync_LegBRejected_HedgesOutLegA()
    {
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        report.FinalState.ShouldBe(ArbState.Failed);
        report.ReasonCode.ShouldBe("LEG_B_FAILED");
        report.Transitions.Select(t => t.To).ShouldContain(ArbState.LegAFilledLegBFail);
        report.Transitions.Select(t => t.To).ShouldContain(ArbState.HedgeOutA);
        var hedge = _h.Okx.Placed[1];
        hedge.Type.ShouldBe(OrderType.Market);
        hedge.ReduceOnly.ShouldBeTrue();
        hedge.Purpose.ShouldBe(OrderPurpose.HedgeOut);
        hedge.Side.ShouldBe(OrderSide.Buy);
        hedge.PositionSide.ShouldBe(PositionSide.Short);
        hedge.Quantity.ShouldBe(0.01m);
        hedge.ClientOrderId.Value.ShouldBe(report.ExecutionId + "HA0");
        _h.Okx.NetPosition().ShouldBe(0m);
        _h.Binance.NetPosition().ShouldBe(0m);
        report.HedgeOuts.Count.ShouldBe(1);
        report.RescueCost.ShouldBeGreaterThan(0m);
        _h.Journal.Events.ShouldContain(e => e.Kind == ExecutionEventKind.Incident && e.ReasonCode == "LEG_B_FAILED");
        engine.GetStats().RescueCount.ShouldBe(1);
        engine.IsHalted.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_LegBPartialRejectIfUnhedged_FlattensBothLegs()
    {
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Partial, 0.004m));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        report.ReasonCode.ShouldBe("LEG_B_PARTIAL");
        _h.Okx.NetPosition().ShouldBe(0m);
        _h.Binance.NetPosition().ShouldBe(0m);
        var bHedge = _h.Binance.Placed[1];
        bHedge.ReduceOnly.ShouldBeTrue();
        bHedge.Side.ShouldBe(OrderSide.Sell);
        bHedge.Quantity.ShouldBe(0.004m);
        bHedge.ClientOrderId.Value.ShouldBe(report.ExecutionId + "HB0");
    }

    [Fact]
    public async Task ExecuteAsync_LegBPartialHedgeRemaining_KeepsMatchedQuantity()
    {
        _h.Options.PartialFillPolicy = PartialFillPolicy.HedgeRemaining;
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Partial, 0.02m));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.03m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.ReasonCode.ShouldBe("PARTIAL_HEDGED");
        report.HedgedQuantity.ShouldBe(0.02m);
        _h.Okx.NetPosition().ShouldBe(-0.02m);
        _h.Binance.NetPosition().ShouldBe(0.02m);
        _h.Okx.Placed[1].Quantity.ShouldBe(0.01m);
        _h.Okx.Placed[1].ReduceOnly.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_LegAPartialRejectIfUnhedged_AbortsAndHedgesPartial()
    {
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.Partial, 0.01m));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.03m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        report.ReasonCode.ShouldBe("LEG_A_PARTIAL");
        report.Transitions.Select(t => t.To).ShouldBe([ArbState.Preflight, ArbState.LegA, ArbState.HedgeOutA, ArbState.Failed]);
        _h.Binance.Placed.ShouldBeEmpty();
        _h.Okx.NetPosition().ShouldBe(0m);
    }

    [Fact]
    public async Task ExecuteAsync_LegAPartialHedgeRemaining_SizesLegBFromFill()
    {
        _h.Options.PartialFillPolicy = PartialFillPolicy.HedgeRemaining;
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.Partial, 0.01m));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.03m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        _h.Binance.Placed.ShouldHaveSingleItem().Quantity.ShouldBe(0.01m);
        report.HedgedQuantity.ShouldBe(0.01m);
        _h.Okx.NetPosition().ShouldBe(-0.01m);
        _h.Binance.NetPosition().ShouldBe(0.01m);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownOutcomeThatFilled_ResolvesByQueryWithoutResending()
    {
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.UnknownButFilled));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.LegA!.ResolvedFromUnknown.ShouldBeTrue();
        _h.Okx.Placed.Count.ShouldBe(1);
        _h.Okx.Queries.ShouldNotBeEmpty();
        _h.Journal.Events.ShouldContain(e => e.Kind == ExecutionEventKind.OrderOutcomeUnknown);
    }

    [Fact]
    public async Task ExecuteAsync_LegTimeoutThatFilled_ResolvesByQuery()
    {
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.HangButFilled));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.LegA!.ResolvedFromUnknown.ShouldBeTrue();
        _h.Okx.Placed.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownOutcomeAbsent_TreatsAsNotPlacedAndCancelsDefensively()
    {
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.UnknownAbsent));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        report.ReasonCode.ShouldBe("LEG_A_NOT_FILLED");
        report.LegA!.FailureCode.ShouldBe("OUTCOME_ABSENT");
        _h.Okx.Placed.Count.ShouldBe(1);
        _h.Okx.Cancels.ShouldHaveSingleItem().ClientOrderId!.Value.Value.ShouldBe(report.ExecutionId + "A0");
        _h.Okx.Queries.Count.ShouldBeGreaterThan(1);
        _h.Binance.Placed.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_LegBUnknownOutcomeThatFilled_Hedges()
    {
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.UnknownButFilled));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.LegB!.ResolvedFromUnknown.ShouldBeTrue();
        _h.Binance.Placed.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_MakerWouldTake_FallsBackToTakerPlan()
    {
        _h.Options.PreferMaker = true;
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject, Reason: VenueErrorReason.PostOnlyWouldTake));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        _h.Binance.Placed.Count.ShouldBe(2);
        _h.Binance.Placed[0].TimeInForce.ShouldBe(TimeInForce.PostOnly);
        _h.Binance.Placed[0].Price.ShouldBe(99_990m);
        _h.Binance.Placed[1].TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
        _h.Binance.Placed[1].ClientOrderId.Value.ShouldBe(report.ExecutionId + "A1");
        _h.Okx.Placed.ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Sell);
    }

    [Fact]
    public async Task ExecuteAsync_MakerRestsThenFills_LegBFollows()
    {
        _h.Options.PreferMaker = true;
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.RestThenFill, 2m));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.LegA!.IsMaker.ShouldBeTrue();
        report.LegA.AveragePrice.ShouldBe(99_990m);
        report.Plan!.Edge.EntryFeesBps.ShouldBe(6m);
        _h.Binance.Placed.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentLegsBothFill_Hedged()
    {
        _h.Options.ConcurrentLegs = true;
        var engine = _h.CreateEngine();

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        _h.Okx.Placed.Count.ShouldBe(1);
        _h.Binance.Placed.Count.ShouldBe(1);
        _h.Binance.Placed[0].Quantity.ShouldBe(0.01m);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentLegsOneFillsAlone_RescuesThatLeg()
    {
        _h.Options.ConcurrentLegs = true;
        var engine = _h.CreateEngine();
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.Reject));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        report.LegA!.Instrument.ShouldBe(_h.Binance.Filters.Instrument);
        var hedge = _h.Binance.Placed[1];
        hedge.ReduceOnly.ShouldBeTrue();
        hedge.Side.ShouldBe(OrderSide.Sell);
        _h.Binance.NetPosition().ShouldBe(0m);
        _h.Okx.NetPosition().ShouldBe(0m);
    }

    [Fact]
    public async Task ExecuteAsync_InFundingWindow_RefusedBeforeAnyOrder()
    {
        _h.Binance.NextFundingTime = EngineHarness.Start.AddMinutes(3);
        var engine = _h.CreateEngine();

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        report.ReasonCode.ShouldBe("FUNDING_WINDOW");
        _h.Okx.Placed.ShouldBeEmpty();
        _h.Binance.Placed.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_StaleBook_RefusedBeforeAnyOrder()
    {
        _h.Okx.BookAge = TimeSpan.FromSeconds(5);
        var engine = _h.CreateEngine();

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        report.ReasonCode.ShouldBe("BOOK_STALE");
        report.Transitions.Select(t => t.To).ShouldBe([ArbState.Preflight, ArbState.Aborted]);
        _h.Okx.Placed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("latency", "LATENCY_TOO_HIGH")]
    [InlineData("skew", "CLOCK_SKEW_TOO_HIGH")]
    [InlineData("edge", "EDGE_BELOW_MIN")]
    [InlineData("minimum", "BELOW_MINIMUM_QUANTITY")]
    [InlineData("posture", "POSTURE_MISMATCH")]
    public async Task ExecuteAsync_PreflightFailure_AbortsWithStableReason(string failure, string expected)
    {
        var quantity = 0.01m;
        switch (failure)
        {
            case "latency":
                _h.Okx.PingRoundTrip = TimeSpan.FromMilliseconds(300);
                break;
            case "skew":
                _h.Binance.ClockOffset = TimeSpan.FromMilliseconds(200);
                break;
            case "edge":
                _h.Options.MinEdgeBps = 100m;
                break;
            case "minimum":
                quantity = 0.005m;
                break;
            default:
                _h.Options.Venues = [new VenuePostureOptions { Id = "okx_perp", PositionMode = "one_way" }];
                break;
        }

        var engine = _h.CreateEngine();
        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, quantity, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        report.ReasonCode.ShouldBe(expected);
        _h.Okx.Placed.ShouldBeEmpty();
        _h.Binance.Placed.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_RescueNotVerified_HaltsEngineWithIncident()
    {
        var engine = _h.CreateEngine();
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject));
        _h.Okx.Script(
            new FakeOrderScript(FakeOrderBehavior.Normal),
            new FakeOrderScript(FakeOrderBehavior.Reject),
            new FakeOrderScript(FakeOrderBehavior.Reject),
            new FakeOrderScript(FakeOrderBehavior.Reject));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Incident);
        report.FinalState.ShouldBe(ArbState.Incident);
        report.ReasonCode.ShouldBe("RESCUE_UNVERIFIED");
        report.HedgeOuts.Count.ShouldBe(3);
        engine.IsHalted.ShouldBeTrue();
        engine.GetStats().IncidentCount.ShouldBe(1);

        var next = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));
        next.ReasonCode.ShouldBe("ENGINE_HALTED");
        engine.ResetHalt();
        engine.IsHalted.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_DryRun_SimulatesWithTestOrdersAndProjectsPnl()
    {
        var engine = _h.CreateEngine();

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: true));

        report.DryRun.ShouldBeTrue();
        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.Plan.ShouldNotBeNull();
        report.ProjectedPnl.ShouldBeGreaterThan(0m);
        _h.Okx.Placed.ShouldBeEmpty();
        _h.Binance.Placed.ShouldBeEmpty();
        _h.Okx.Tested.ShouldHaveSingleItem();
        _h.Binance.Tested.ShouldHaveSingleItem();
        report.LegA!.FilledQuantity.ShouldBe(0.01m);
        report.LegB!.AveragePrice.ShouldBe(100_000m);
        _h.Journal.Events.ShouldAllBe(e => e.DryRun);
    }

    [Fact]
    public async Task PreviewAsync_ReportsBreakdownAndPlanWithoutOrders()
    {
        var engine = _h.CreateEngine();

        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.01m));

        preview.Passed.ShouldBeTrue();
        preview.Checks.Select(c => c.Name).ShouldBe(["CONNECTIVITY", "CLOCK_SKEW", "LATENCY", "BOOK_FRESHNESS", "POSTURE", "RISK_HEADROOM", "EDGE", "FUNDING_WINDOW", "FILTERS"]);
        preview.Edge.GrossBps.ShouldBe(40m);
        preview.Edge.EntryFeesBps.ShouldBe(8m);
        preview.Edge.ExitFeesBps.ShouldBe(8m);
        preview.Edge.SlippageBps.ShouldBe(6m);
        preview.Edge.TradableQuantity.ShouldBe(0.01m);
        preview.Plan!.LegA.Instrument.ShouldBe(_h.Okx.Filters.Instrument);
        _h.Okx.Placed.ShouldBeEmpty();
    }

    [Fact]
    public async Task PreviewAsync_BelowVenueMinimum_NotTradableWithReasonNeverRoundedToZero()
    {
        var engine = _h.CreateEngine();

        // 0.005 BTC: fine for Binance (min 0.001) but below OKX's minimum (0.01).
        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.005m));

        preview.Passed.ShouldBeFalse();
        preview.ReasonCode.ShouldBe("BELOW_MINIMUM_QUANTITY");
        var filters = preview.Checks.Single(c => c.Name == "FILTERS");
        filters.Passed.ShouldBeFalse();
        filters.ReasonCode.ShouldBe("BELOW_MINIMUM_QUANTITY");
        preview.Edge.NotTradableReason.ShouldBe(NotTradableReason.BelowMinimumQuantity);
        preview.Edge.IsTradable.ShouldBeFalse();
        preview.Edge.TradableQuantity.ShouldBe(0m);
        preview.Edge.Quantity.ShouldBe(0.005m); // the edge is still priced at the requested size, not at zero
        preview.Edge.GrossBps.ShouldBe(40m);
        preview.Plan.ShouldBeNull();
    }

    [Fact]
    public async Task GetStats_AfterExecutions_ReportsSuccessRateAndCycleTime()
    {
        var engine = _h.CreateEngine();
        await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject));
        await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        var stats = engine.GetStats();

        stats.Executions.ShouldBe(2);
        stats.SuccessRate.ShouldBe(0.5);
        stats.RescueCount.ShouldBe(1);
        stats.P95CycleTime.ShouldNotBeNull();
        stats.AverageRealizedEdgeBps.ShouldNotBeNull();
        stats.ExecutionsByOutcome[ExecutionOutcome.Rescued].ShouldBe(1);
    }

    // ---- Account posture not configured (derivatives:venues): one warning at start, POSTURE reports it ----

    [Fact]
    public void Ctor_PostureNotConfigured_LogsOneWarningNamingTheKeyAndVenues()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        _h.CreateEngine(logger: logger);

        var warning = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Message.ShouldContain("derivatives:venues");
        warning.Message.ShouldContain("POSTURE_NOT_CONFIGURED");
        warning.Message.ShouldContain("binance_um");
        warning.Message.ShouldContain("okx_perp");
    }

    [Fact]
    public void Ctor_PostureConfiguredForOneVenue_WarningNamesOnlyTheOther()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        _h.Options.Venues = [new VenuePostureOptions { Id = "okx_perp", PositionMode = "hedge" }];

        _h.CreateEngine(logger: logger);

        var warning = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Message.ShouldContain("binance_um");
        warning.Message.ShouldNotContain("okx_perp");
    }

    [Fact]
    public void Ctor_PostureConfiguredForBothVenues_NoWarning()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        _h.Options.Venues = [new VenuePostureOptions { Id = "binance_um" }, new VenuePostureOptions { Id = "okx_perp" }];

        _h.CreateEngine(logger: logger);

        logger.Collector.GetSnapshot().ShouldNotContain(r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task PreviewAsync_PostureNotConfigured_PostureCheckPassesWithStableReasonCode()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        var engine = _h.CreateEngine(logger: logger);

        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.01m));

        var posture = preview.Checks.Single(c => c.Name == "POSTURE");
        posture.Passed.ShouldBeTrue();
        posture.ReasonCode.ShouldBe("POSTURE_NOT_CONFIGURED");
        posture.Detail.ShouldNotBeNull().ShouldContain("derivatives:venues");
        posture.Detail.ShouldContain("binance_um, okx_perp");
        preview.Passed.ShouldBeTrue();
        preview.ReasonCode.ShouldBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_PostureNotConfigured_ReportCarriesTheWarningAndLogsOnlyOnce()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        var engine = _h.CreateEngine(logger: logger);

        var first = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: true));
        await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: true));

        first.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        first.Checks.Single(c => c.Name == "POSTURE").ReasonCode.ShouldBe("POSTURE_NOT_CONFIGURED");
        logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning).ShouldBe(1);
    }

    [Fact]
    public void AddPropBotArbitrage_ConfigWithoutVenuesSection_ResolvedEngineWarnsOnceNamingTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["derivatives:arbitrage:pairs:0:long:venue"] = "binance_um",
            ["derivatives:arbitrage:pairs:0:long:symbol"] = "BTCUSDT",
            ["derivatives:arbitrage:pairs:0:short:venue"] = "okx_perp",
            ["derivatives:arbitrage:pairs:0:short:symbol"] = "BTC-USDT-SWAP",
            ["derivatives:venues:0:id"] = "okx_perp",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddFakeLogging());
        services.AddPropBotArbitrage(config);
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IArbitrageEngine>();
        sp.GetRequiredService<IArbitrageEngine>();

        var warning = sp.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Category.ShouldBe(typeof(ArbitrageEngine).FullName);
        warning.Message.ShouldContain("derivatives:venues has no entry for binance_um:");
    }

    [Fact]
    public async Task PreviewAsync_PostureConfiguredAndMatching_CleanPass()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        _h.Options.Venues =
        [
            new VenuePostureOptions { Id = "binance_um", PositionMode = "hedge", Leverage = 10 },
            new VenuePostureOptions { Id = "okx_perp", PositionMode = "hedge", Leverage = 10 },
        ];
        var engine = _h.CreateEngine(logger: logger);

        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.01m));

        var posture = preview.Checks.Single(c => c.Name == "POSTURE");
        posture.Passed.ShouldBeTrue();
        posture.ReasonCode.ShouldBeNull();
        posture.Detail.ShouldBeNull();
    }

    [Fact]
    public async Task PreviewAsync_OneVenueUnconfiguredOtherMismatched_MismatchWins()
    {
        var logger = new FakeLogger<ArbitrageEngine>();
        _h.Options.Venues = [new VenuePostureOptions { Id = "okx_perp", PositionMode = "one_way" }];
        var engine = _h.CreateEngine(logger: logger);

        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.01m));

        var posture = preview.Checks.Single(c => c.Name == "POSTURE");
        posture.Passed.ShouldBeFalse();
        posture.ReasonCode.ShouldBe("POSTURE_MISMATCH");
        preview.ReasonCode.ShouldBe("POSTURE_MISMATCH");
    }
}
