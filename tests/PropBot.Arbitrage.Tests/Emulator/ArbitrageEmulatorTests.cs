using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;
using PropBot.Exchanges.Emulator;
using PropBot.Risk;
using Xunit.Abstractions;

namespace PropBot.Arbitrage.Tests.Emulator;

/// <summary>
/// Execution scenarios against the loopback emulator through the real Binance and OKX adapters (real HTTP/WebSocket).
/// Scenarios about time (funding window, stale feed, unknown outcome resolved as absent, leg timeout, kill switch during
/// leg B) run on one <see cref="FakeTimeProvider"/> shared by the emulator, the adapters and the engine; the others run
/// on real time. After every scenario the emulator's own ledger shows a cross-venue delta within the limit, or the
/// engine halted with the expected incident.
/// </summary>
[Collection("emulator")]
public sealed class ArbitrageEmulatorTests(ITestOutputHelper output)
{
    private const decimal DeltaLimitUsd = 200m;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteAsync_Emulator_SuccessPath_HedgedOnBothLedgers(bool fakeTime)
    {
        await using var v = await EmulatorVenues.StartAsync(fakeTime ? new FakeTimeProvider(EmulatorVenues.FakeStart) : null);
        var engine = v.CreateEngine(v.Options());

        var report = await v.PumpAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded, report.ReasonCode + " " + report.Detail);
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m);
        v.LedgerPosition(EmulatorVenue.Okx).ShouldBe(-0.01m);
        AssertLedger(v, engine, report);
        report.PredictedEdge!.Value.GrossBps.ShouldBeGreaterThan(40m);
        report.LegGap.ShouldNotBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_LegBRejected_HedgesOutLegA()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var engine = v.CreateEngine(v.Options());
        v.Emulator.Faults.Okx.RejectNextOrders(1, "51008");

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.LegB!.FailureCode.ShouldBe("INSUFFICIENT_MARGIN");
        report.HedgeOuts.ShouldNotBeEmpty();
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
        v.LedgerPosition(EmulatorVenue.Okx).ShouldBe(0m);
        AssertLedger(v, engine, report);
    }

    [Theory]
    [InlineData(PartialFillPolicy.RejectIfUnhedged, ExecutionOutcome.Rescued, 0)]
    [InlineData(PartialFillPolicy.HedgeRemaining, ExecutionOutcome.Succeeded, 0.005)]
    public async Task ExecuteAsync_Emulator_LegBPartial_ByPolicy(PartialFillPolicy policy, ExecutionOutcome expected, double kept)
    {
        await using var v = await EmulatorVenues.StartAsync();
        var options = v.Options();
        options.PartialFillPolicy = policy;
        var engine = v.CreateEngine(options);
        v.Emulator.Faults.Okx.PartiallyFillNextOrder(0.5m);

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Outcome.ShouldBe(expected, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe((decimal)kept);
        v.LedgerPosition(EmulatorVenue.Okx).ShouldBe(-(decimal)kept);
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_LegAPartial_RejectIfUnhedgedHedgesThePartial()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var engine = v.CreateEngine(v.Options());
        v.Emulator.Faults.Binance.PartiallyFillNextOrder(0.5m);

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Plan!.LegA.Instrument.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        report.Outcome.ShouldBe(ExecutionOutcome.Rescued, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.ReasonCode.ShouldBe("LEG_A_PARTIAL");
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty();
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_UnknownOutcomeThatFilled_ResolvedByClientOrderId()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var engine = v.CreateEngine(v.Options());
        v.Emulator.Faults.Binance.DropNextOrderResponses(1);

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.LegA!.ResolvedFromUnknown.ShouldBeTrue();
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.Count(o => o.ClientOrderId.StartsWith(report.ExecutionId, StringComparison.Ordinal)).ShouldBe(1);
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_MakerWouldTake_FallsBackToTaker()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var options = v.Options();
        options.PreferMaker = true;
        var engine = v.CreateEngine(options);
        var preview = await engine.PreviewAsync(v.Pair, 0.01m);
        // The emulator's fee table makes Binance the cheaper maker venue: leg A is a post-only order there.
        preview.Plan!.LegA.Instrument.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        preview.Plan.MakerFirst.ShouldBeTrue();
        v.Emulator.Faults.Binance.RejectNextOrders(1, "-5022");

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.LegA!.ClientOrderId.Value.ShouldEndWith("A1"); // attempt 1: the IOC taker fallback
        report.LegA.IsMaker.ShouldBeFalse();
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m);
        v.LedgerPosition(EmulatorVenue.Okx).ShouldBe(-0.01m);
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_ConcurrentLegsOneRejected_RescuesTheOther()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var options = v.Options();
        options.ConcurrentLegs = true;
        var engine = v.CreateEngine(options);
        v.Emulator.Faults.Okx.RejectNextOrders(1, "51008");

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false);

        report.Outcome.ShouldBe(ExecutionOutcome.Rescued, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_DryRun_UsesTestRouteAndPlacesNothing()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var engine = v.CreateEngine(v.Options());

        var report = await engine.ExecuteAsync(v.Pair, 0.01m, dryRun: true);

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded, report.ReasonCode + " " + report.Detail);
        report.ProjectedPnl.ShouldBeGreaterThan(0m);
        AssertLedger(v, engine, report);
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_Emulator_LegBRejectedAndHedgeOutRejected_HaltsWithIncident()
    {
        await using var v = await EmulatorVenues.StartAsync();
        var options = v.Options();
        options.MaxRescueAttempts = 2;
        // Every reduce-only hedge-out on Binance is refused: leg A cannot be taken back out.
        var hooked = new HookedClient(v.Binance, r =>
        {
            if (r.ReduceOnly)
            {
                v.Emulator.Faults.Binance.RejectNextOrders(1, "-2019");
            }
        });
        var engine = v.CreateEngine(options, hooked);
        v.Emulator.Faults.Okx.RejectNextOrders(1, "51008");

        var report = await v.PumpAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        report.Plan!.LegA.Instrument.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        report.HedgeOuts.Count.ShouldBe(2);
        report.HedgeOuts.ShouldAllBe(h => h.FilledQuantity == 0m);
        report.Incident.ShouldNotBeNull().ShouldContain("LEG_B_FAILED");
        AssertLedger(v, engine, report, expectedIncident: "RESCUE_UNVERIFIED");
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m, "the unhedged leg A stays on the ledger");
        v.LedgerPosition(EmulatorVenue.Okx).ShouldBe(0m);

        var ordersBefore = v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.Count + v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.Count;
        var refused = await v.PumpAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));
        refused.ReasonCode.ShouldBe("ENGINE_HALTED");
        (v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.Count + v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.Count).ShouldBe(ordersBefore, "the halted engine sends nothing more");
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m);
    }

    // ---- Time scenarios: one FakeTimeProvider shared by the emulator, both adapters and the engine ----

    [Fact]
    public async Task ExecuteAsync_FakeClock_UnknownOutcomeAbsent_ResolvedAtDeadlineWithoutResending()
    {
        await using var v = await EmulatorVenues.StartAsync(new FakeTimeProvider(EmulatorVenues.FakeStart));
        var options = v.Options();
        options.LegTimeoutMs = 500;
        options.UnknownOutcomeResolveMs = 1_500;
        options.OrderPollIntervalMs = 100;

        // From leg A's placement on, Binance stops answering: the placement times out before the venue processes it,
        // and so do the resolving queries until the unknown_outcome_resolve_ms deadline.
        var hooked = new HookedClient(v.Binance, r =>
        {
            if (!r.ReduceOnly)
            {
                v.Park(EmulatorVenue.Binance);
            }
        });
        var engine = v.CreateEngine(options, hooked);
        var start = v.Time.GetUtcNow();

        var report = await v.PumpAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));
        v.Unpark(EmulatorVenue.Binance);

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted, report.ReasonCode + " " + report.Detail);
        report.ReasonCode.ShouldBe("LEG_A_NOT_FILLED");
        report.LegA!.FailureCode.ShouldBe("OUTCOME_ABSENT");
        report.LegA.ClientOrderId.Value.ShouldEndWith("A0");
        // Fake time, so exact bounds: the leg timeout, then the resolve deadline, were both waited out.
        (v.Time.GetUtcNow() - start).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(options.LegTimeoutMs + options.UnknownOutcomeResolveMs));
        report.LegA.SentTime.ShouldBeGreaterThanOrEqualTo(start);
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty("never re-sent, never processed");
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty();
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_FakeClock_LegBTimesOut_HedgesOutLegA()
    {
        await using var v = await EmulatorVenues.StartAsync(new FakeTimeProvider(EmulatorVenues.FakeStart));
        var options = v.Options();
        options.LegTimeoutMs = 1_000;
        options.UnknownOutcomeResolveMs = 2_000;
        options.OrderPollIntervalMs = 100;

        // OKX (leg B) stops answering when leg B is sent; it answers again once the rescue starts on Binance, so the
        // flat check can read both venues.
        var okx = new HookedClient(v.Okx, r =>
        {
            if (!r.ReduceOnly)
            {
                v.Park(EmulatorVenue.Okx);
            }
        });
        var binance = new HookedClient(v.Binance, r =>
        {
            if (r.ReduceOnly)
            {
                v.Unpark(EmulatorVenue.Okx);
            }
        });
        var engine = v.CreateEngine(options, binance, okxOverride: okx);

        var report = await v.PumpAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        report.Plan!.LegA.Instrument.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        report.Outcome.ShouldBe(ExecutionOutcome.Rescued, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.ReasonCode.ShouldBe("LEG_B_FAILED");
        report.LegA!.FilledQuantity.ShouldBe(0.01m);
        report.LegB!.FailureCode.ShouldBe("OUTCOME_ABSENT");
        report.LegB.ClientOrderId.Value.ShouldEndWith("B0");
        report.HedgeOuts.ShouldNotBeEmpty();
        report.HedgeOuts.Sum(h => h.FilledQuantity).ShouldBe(0.01m);
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty("the timed-out leg B was never processed nor re-sent");
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_FakeClock_FundingWindow_RefusedOnlyOnceInsideTheWindow()
    {
        // 07:40 UTC: the emulator settles funding every 8 h (00:00, 08:00, 16:00), so the next settlement is 20 min away.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 7, 40, 0, TimeSpan.Zero));
        await using var v = await EmulatorVenues.StartAsync(time);
        var options = v.Options();
        options.Funding.AvoidWindowMinutes = 10;
        var engine = v.CreateEngine(options);

        var outside = await v.FrozenAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));
        outside.Outcome.ShouldBe(ExecutionOutcome.Succeeded, outside.ReasonCode + " " + outside.Detail);
        outside.Checks.Single(c => c.Name == "FUNDING_WINDOW").Passed.ShouldBeTrue();
        AssertLedger(v, engine, outside);

        // 07:52: eight minutes before the settlement, inside avoid_window_minutes.
        time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 7, 52, 0, TimeSpan.Zero));
        var inside = await v.FrozenAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        inside.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        inside.ReasonCode.ShouldBe("FUNDING_WINDOW");
        inside.Detail.ShouldNotBeNull().ShouldContain("funds in 8 min <= avoid_window_minutes 10");
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.Count.ShouldBe(1, "only the execution outside the window traded");
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.Count.ShouldBe(1);
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0.01m);
        AssertLedger(v, engine, inside);
    }

    [Fact]
    public async Task ExecuteAsync_FakeClock_FrozenFeed_RefusedAsStaleOnceOlderThanMaxBookAge()
    {
        await using var v = await EmulatorVenues.StartAsync(new FakeTimeProvider(EmulatorVenues.FakeStart));
        var options = v.Options();
        options.MaxBookAgeMs = 1_000;
        var engine = v.CreateEngine(options);
        await v.Okx.MarketData.StartAsync(["BTC-USDT-SWAP"]);
        // The emulator pushes the book on subscription: wait for it on the wall clock; the fake clock stays put.
        using (var wait = new CancellationTokenSource(EmulatorVenues.Safety))
        {
            while (!v.Okx.MarketData.TryGetBookTop("BTC-USDT-SWAP", out _))
            {
                await Task.Delay(20, wait.Token);
            }
        }

        v.Emulator.Faults.Okx.FreezeStreams();
        v.Advance(TimeSpan.FromMilliseconds(900));
        var fresh = await v.FrozenAsync(engine.PreviewAsync(v.Pair, 0.01m));
        fresh.Checks.Single(c => c.Name == "BOOK_FRESHNESS").Passed.ShouldBeTrue("900 ms old <= max_book_age_ms 1000");

        v.Advance(TimeSpan.FromMilliseconds(600));
        var report = await v.FrozenAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        report.ReasonCode.ShouldBe("BOOK_STALE");
        report.Detail.ShouldNotBeNull().ShouldContain("feed age 1500 ms > max_book_age_ms 1000");
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty();
        v.Emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();
        AssertLedger(v, engine, report);
    }

    [Fact]
    public async Task ExecuteAsync_FakeClock_KillSwitchDuringLegB_HedgesOutLegA()
    {
        await using var v = await EmulatorVenues.StartAsync(new FakeTimeProvider(EmulatorVenues.FakeStart));
        var services = new ServiceCollection();
        ITradingStateController? state = null;
        var hooked = new HookedClient(v.Binance, r =>
        {
            if (!r.ReduceOnly)
            {
                state!.Escalate(TradingState.Halted, "kill switch while leg A is in flight", "operator");
            }
        });
        services.AddSingleton(v.Time);
        services.AddSingleton<IDerivClient>(hooked);
        services.AddSingleton<IDerivClient>(v.Okx);
        // One frozen fake clock for the emulator, the adapters, the risk gate and the engine: the risk guards keep
        // their defaults (book age, cross-venue skew and clock skew are all exact).
        services.AddPropBotRisk(_ => { });
        services.AddPropBotArbitrage(o =>
        {
            var d = v.Options();
            o.Pairs = d.Pairs;
            o.LegBFailurePrior = 0m;
            o.MaxBookAgeMs = d.MaxBookAgeMs;
            o.MaxLatencyMs = d.MaxLatencyMs;
            o.MaxClockSkewMs = d.MaxClockSkewMs;
            o.LegTimeoutMs = d.LegTimeoutMs;
            o.ExecutionTimeoutMs = d.ExecutionTimeoutMs;
        });
        await using var sp = services.BuildServiceProvider();
        state = sp.GetRequiredService<ITradingStateController>();
        var engine = sp.GetRequiredService<IArbitrageEngine>();
        sp.GetRequiredService<TimeProvider>().ShouldBeSameAs(v.Time);

        var report = await v.FrozenAsync(engine.ExecuteAsync(v.Pair, 0.01m, dryRun: false));

        report.Checks.Where(c => !c.Passed).ShouldBeEmpty();
        report.Outcome.ShouldBe(ExecutionOutcome.Rescued, report.ReasonCode + " " + report.Detail + " " + report.Incident);
        report.LegB!.FailureCode.ShouldBe(RiskDenialCodes.Halted);
        report.HedgeOuts.Sum(h => h.FilledQuantity).ShouldBe(report.LegA!.FilledQuantity);
        v.Emulator.GetLedger(EmulatorVenue.Okx).Orders.ShouldBeEmpty();
        v.LedgerPosition(EmulatorVenue.Binance).ShouldBe(0m);
        state.State.ShouldBe(TradingState.Halted);
        AssertLedger(v, engine, report);
    }

    /// <summary>
    /// The emulator's own ledger after a scenario: the cross-venue delta is within the limit and the engine is not
    /// halted, or (when <paramref name="expectedIncident"/> is given) the engine halted with exactly that incident.
    /// </summary>
    private void AssertLedger(EmulatorVenues v, IArbitrageEngine engine, ArbExecutionReport report, string? expectedIncident = null)
    {
        output.WriteLine($"{report.ExecutionId} {report.Outcome} {report.FinalState} reason={report.ReasonCode} detail={report.Detail} legA={report.LegA?.Instrument} {report.LegA?.ClientOrderId} maker={report.LegA?.IsMaker} {report.LegA?.FilledQuantity} {report.LegA?.FailureCode} legB={report.LegB?.FilledQuantity} {report.LegB?.FailureCode} hedgeOuts={report.HedgeOuts.Count} gap={report.LegGap?.TotalMilliseconds}ms cycle={report.CycleTime.TotalMilliseconds}ms venue={report.VenueTime.TotalMilliseconds}ms ledgerDelta={v.LedgerDelta()} halted={engine.IsHalted}");
        var deltaUsd = Math.Abs(v.LedgerDelta()) * EmulatorVenues.FairPrice;
        if (expectedIncident is null)
        {
            report.Outcome.ShouldNotBe(ExecutionOutcome.Incident, $"{report.ReasonCode}: {report.Incident}");
            engine.IsHalted.ShouldBeFalse();
            deltaUsd.ShouldBeLessThanOrEqualTo(DeltaLimitUsd, $"ledger delta {v.LedgerDelta()} after {report.Outcome} {report.ReasonCode}");
        }
        else
        {
            report.Outcome.ShouldBe(ExecutionOutcome.Incident);
            report.FinalState.ShouldBe(ArbState.Incident);
            report.ReasonCode.ShouldBe(expectedIncident);
            report.Incident.ShouldNotBeNullOrEmpty();
            engine.IsHalted.ShouldBeTrue("an incident halts the engine");
        }
    }
}
