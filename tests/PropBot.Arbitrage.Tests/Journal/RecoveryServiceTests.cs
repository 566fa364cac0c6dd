using MsOptions = Microsoft.Extensions.Options.Options;
using Microsoft.Extensions.Time.Testing;
using PropBot.Arbitrage.Journal;
using PropBot.Exchanges;
using static PropBot.Arbitrage.Tests.Journal.DurableExecutionJournalTests;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class RecoveryServiceTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeVenue _binance = new(VenueId.BinanceUsdFutures);
    private readonly FakeVenue _okx = new(VenueId.OkxSwap);
    private readonly OrderRequest _legA = Order("e1A0", "BTCUSDT", OrderSide.Buy, 0.01m);
    private readonly OrderRequest _legB = Order("e1B0", "BTC-USDT-SWAP", OrderSide.Sell, 0.01m);
    private SqliteJournalStore _store = null!;
    private DurableExecutionJournal _journal = null!;
    private long _seq;

    public Task InitializeAsync()
    {
        _store = new SqliteJournalStore(_db.Path, _time);
        _journal = new DurableExecutionJournal(_store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    private RecoveryService Service(JournalOptions? options = null) =>
        new(_store, [_binance, _okx], MsOptions.Create(options ?? new JournalOptions { RecoveryReadRetryDelay = TimeSpan.Zero }), _time);

    private Task Journal(ExecutionEventKind kind, Func<ExecutionEvent, ExecutionEvent>? with = null, string exec = "e1") =>
        _journal.AppendAsync(Event(exec, ++_seq, kind, with), CancellationToken.None);

    private Task Transition(ArbState from, ArbState to) =>
        Journal(ExecutionEventKind.Transition, e => e with { FromState = from, ToState = to });

    private Task Intent(OrderRequest order, LegRole leg, VenueId venue) =>
        Journal(ExecutionEventKind.OrderIntent, e => e with { Leg = leg, Venue = venue, Order = order });

    private Task Reported(OrderRequest order, LegRole leg, VenueId venue, decimal filled) =>
        Journal(ExecutionEventKind.OrderReported, e => e with
        {
            Leg = leg,
            Venue = venue,
            Report = new OrderReport
            {
                Instrument = new InstrumentId(venue, order.Symbol), ClientOrderId = order.ClientOrderId, Side = order.Side, Type = order.Type,
                Status = OrderStatus.Filled, Quantity = order.Quantity, FilledQuantity = filled, AveragePrice = 100m,
            },
        });

    /// <summary>Journal and venue state of a process killed after leg A filled and before leg B was sent.</summary>
    private async Task KilledAfterLegAFilledAsync()
    {
        await Journal(ExecutionEventKind.Started);
        await Transition(ArbState.Idle, ArbState.Preflight);
        await Transition(ArbState.Preflight, ArbState.LegA);
        await Intent(_legA, LegRole.A, VenueId.BinanceUsdFutures);
        _binance.Seed(_legA, 0.01m, OrderStatus.Filled);
        await Reported(_legA, LegRole.A, VenueId.BinanceUsdFutures, 0.01m);
        await Transition(ArbState.LegA, ArbState.LegB);
    }

    [Fact]
    public async Task RecoverAsync_KilledAfterLegAFilledBeforeLegB_HedgesOutLegAReduceOnly()
    {
        await KilledAfterLegAFilledAsync();

        var report = await Service().RecoverAsync(CancellationToken.None);

        var recovered = report.Executions.ShouldHaveSingleItem();
        recovered.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        recovered.Code.ShouldBe("RECOVERED_HEDGED_OUT");
        recovered.LastState.ShouldBe(ArbState.LegB);
        recovered.HedgedOutQuantity.ShouldBe(0.01m);
        recovered.ResidualDeltaUsd.ShouldBe(0m);
        report.HoldRequired.ShouldBeFalse();
        var hedge = _binance.Placed.ShouldHaveSingleItem();
        hedge.Side.ShouldBe(OrderSide.Sell);
        hedge.ReduceOnly.ShouldBeTrue();
        hedge.Type.ShouldBe(OrderType.Market);
        hedge.Purpose.ShouldBe(OrderPurpose.HedgeOut);
        hedge.Quantity.ShouldBe(0.01m);
        hedge.ClientOrderId.Value.ShouldBe("e1RV0");
        _binance.Net("BTCUSDT").ShouldBe(0m);
        _okx.Placed.ShouldBeEmpty();
        (await _store.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecoverAsync_JournalsWhatItDid_WriteAheadAndInOrder()
    {
        await KilledAfterLegAFilledAsync();

        await Service().RecoverAsync(CancellationToken.None);

        var events = (await _store.ReadExecutionAsync("e1", CancellationToken.None)).Select(ExecutionEventSerializer.TryRead).Skip((int)_seq).ToList();
        events.Select(e => e!.Kind).ShouldBe([
            ExecutionEventKind.Transition, ExecutionEventKind.OrderIntent, ExecutionEventKind.OrderReported,
            ExecutionEventKind.Incident, ExecutionEventKind.Transition, ExecutionEventKind.Completed]);
        events.Select(e => e!.Sequence).ShouldBe(Enumerable.Range((int)_seq + 1, 6).Select(i => (long)i));
        events[0]!.ToState.ShouldBe(ArbState.HedgeOutA);
        events[1]!.Order!.ClientOrderId.Value.ShouldBe("e1RV0");
        events[4]!.ToState.ShouldBe(ArbState.Failed);
        events[5]!.Outcome.ShouldBe(ExecutionOutcome.Rescued);
    }

    [Fact]
    public async Task RecoverAsync_KilledDuringLegBWithUnknownOutcome_FindsLegBByClientOrderIdAndKeepsHedge()
    {
        await KilledAfterLegAFilledAsync();
        await Intent(_legB, LegRole.B, VenueId.OkxSwap);
        await Journal(ExecutionEventKind.OrderOutcomeUnknown, e => e with
        {
            Leg = LegRole.B,
            Venue = VenueId.OkxSwap,
            Error = new VenueError { Kind = VenueErrorKind.OutcomeUnknown, Venue = VenueId.OkxSwap, Message = "timeout" },
        });
        _okx.Seed(_legB, 0.01m, OrderStatus.Filled);

        var report = await Service().RecoverAsync(CancellationToken.None);

        var recovered = report.Executions.ShouldHaveSingleItem();
        recovered.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        recovered.Code.ShouldBe("RECOVERED_HEDGED");
        _binance.Placed.ShouldBeEmpty();
        _okx.Placed.ShouldBeEmpty();
        report.HoldRequired.ShouldBeFalse();
    }

    [Fact]
    public async Task RecoverAsync_KilledDuringLegBNeverReachedVenue_HedgesOutLegA()
    {
        await KilledAfterLegAFilledAsync();
        await Intent(_legB, LegRole.B, VenueId.OkxSwap);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Rescued);
        _binance.Placed.ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Sell);
        _binance.Net("BTCUSDT").ShouldBe(0m);
    }

    [Fact]
    public async Task RecoverAsync_LegBPartiallyFilled_HedgesOutOnlyTheExcess()
    {
        await KilledAfterLegAFilledAsync();
        await Intent(_legB, LegRole.B, VenueId.OkxSwap);
        _okx.Seed(_legB, 0.004m, OrderStatus.Expired);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().HedgedOutQuantity.ShouldBe(0.006m);
        _binance.Net("BTCUSDT").ShouldBe(0.004m);
        _okx.Net("BTC-USDT-SWAP").ShouldBe(-0.004m);
    }

    [Fact]
    public async Task RecoverAsync_KilledDuringHedgeOutThatFilled_CompletesWithoutAnotherOrder()
    {
        await KilledAfterLegAFilledAsync();
        await Transition(ArbState.LegB, ArbState.LegAFilledLegBFail);
        await Transition(ArbState.LegAFilledLegBFail, ArbState.HedgeOutA);
        var hedge = Order("e1H0", "BTCUSDT", OrderSide.Sell, 0.01m, OrderPurpose.HedgeOut);
        await Intent(hedge, LegRole.HedgeOut, VenueId.BinanceUsdFutures);
        _binance.Seed(hedge, 0.01m, OrderStatus.Filled);

        var report = await Service().RecoverAsync(CancellationToken.None);

        var recovered = report.Executions.ShouldHaveSingleItem();
        recovered.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        recovered.LastState.ShouldBe(ArbState.HedgeOutA);
        recovered.HedgedOutQuantity.ShouldBe(0m);
        _binance.Placed.ShouldBeEmpty();
        _binance.Net("BTCUSDT").ShouldBe(0m);
    }

    [Fact]
    public async Task RecoverAsync_KilledDuringHedgeOutThatNeverReachedVenue_HedgesOutAgain()
    {
        await KilledAfterLegAFilledAsync();
        await Transition(ArbState.LegB, ArbState.HedgeOutA);
        await Intent(Order("e1H0", "BTCUSDT", OrderSide.Sell, 0.01m, OrderPurpose.HedgeOut), LegRole.HedgeOut, VenueId.BinanceUsdFutures);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Rescued);
        _binance.Placed.ShouldHaveSingleItem().ClientOrderId.Value.ShouldBe("e1RV0");
        _binance.Net("BTCUSDT").ShouldBe(0m);
    }

    [Fact]
    public async Task RecoverAsync_OrderCannotBeResolved_HoldsWithIncidentAndKeepsExecutionUnfinished()
    {
        await KilledAfterLegAFilledAsync();
        await Intent(_legB, LegRole.B, VenueId.OkxSwap);
        _okx.GetOrderError = new VenueError { Kind = VenueErrorKind.Transient, Venue = VenueId.OkxSwap, Message = "busy" };

        var report = await Service().RecoverAsync(CancellationToken.None);

        var recovered = report.Executions.ShouldHaveSingleItem();
        recovered.Outcome.ShouldBe(ExecutionOutcome.Incident);
        recovered.Code.ShouldBe("RECOVERY_ORDER_UNRESOLVED");
        report.HoldRequired.ShouldBeTrue();
        _binance.Placed.ShouldBeEmpty("nothing is sent while an order of the execution is unresolved");
        (await _store.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBe(["e1"]);
        var last = ExecutionEventSerializer.TryRead((await _store.ReadExecutionAsync("e1", CancellationToken.None))[^1])!;
        last.Kind.ShouldBe(ExecutionEventKind.Incident);
        last.ReasonCode.ShouldBe("RECOVERY_ORDER_UNRESOLVED");

        // Next start, the venue answers again: the execution is brought to an end.
        _okx.GetOrderError = null;
        var again = await Service().RecoverAsync(CancellationToken.None);
        again.Executions.ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Rescued);
        again.HoldRequired.ShouldBeFalse();
    }

    [Fact]
    public async Task RecoverAsync_HoldRequired_EscalatesTradingStateToHalted()
    {
        await KilledAfterLegAFilledAsync();
        _binance.PlaceError = new VenueError { Kind = VenueErrorKind.Rejected, Venue = VenueId.BinanceUsdFutures, Message = "no" };
        var tradingState = new PropBot.Risk.TradingStateController(_time);
        var service = new RecoveryService(_store, [_binance, _okx], MsOptions.Create(new JournalOptions()), _time, tradingState: tradingState);

        await service.RecoverAsync(CancellationToken.None);

        tradingState.State.ShouldBe(PropBot.Risk.TradingState.Halted);
        tradingState.LastChange!.Actor.ShouldBe(RecoveryService.Actor);
        tradingState.LastChange.Code.ShouldBe("RECOVERY_HEDGE_OUT_FAILED");
    }

    [Fact]
    public async Task RecoverAsync_Recovered_LeavesTradingStateActive()
    {
        await KilledAfterLegAFilledAsync();
        var tradingState = new PropBot.Risk.TradingStateController(_time);
        var service = new RecoveryService(_store, [_binance, _okx], MsOptions.Create(new JournalOptions()), _time, tradingState: tradingState);

        await service.RecoverAsync(CancellationToken.None);

        tradingState.State.ShouldBe(PropBot.Risk.TradingState.Active);
    }

    [Fact]
    public async Task RecoverAsync_TransientReadFailure_IsRetriedThenResolves()
    {
        await KilledAfterLegAFilledAsync();
        await Intent(_legB, LegRole.B, VenueId.OkxSwap);
        _okx.Seed(_legB, 0.01m, OrderStatus.Filled);
        _okx.TransientGetOrderFailures = 2;

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Code.ShouldBe("RECOVERED_HEDGED");
        _okx.TransientGetOrderFailures.ShouldBe(0);
    }

    [Fact]
    public async Task RecoverAsync_HedgeOutRejected_Holds()
    {
        await KilledAfterLegAFilledAsync();
        _binance.PlaceError = new VenueError { Kind = VenueErrorKind.Rejected, Reason = VenueErrorReason.InsufficientMargin, Venue = VenueId.BinanceUsdFutures, Message = "margin" };

        var report = await Service().RecoverAsync(CancellationToken.None);

        var recovered = report.Executions.ShouldHaveSingleItem();
        recovered.Outcome.ShouldBe(ExecutionOutcome.Incident);
        recovered.Code.ShouldBe("RECOVERY_HEDGE_OUT_FAILED");
        report.HoldRequired.ShouldBeTrue();
    }

    [Fact]
    public async Task RecoverAsync_ResidualDeltaAboveTolerance_Holds()
    {
        await KilledAfterLegAFilledAsync();
        _binance.SetPosition("BTCUSDT", 5m); // someone else's unhedged exposure on the pair
        _binance.Price = 100m;

        var report = await Service(new JournalOptions { RecoveryDeltaToleranceUsd = 200m, RecoveryReadRetryDelay = TimeSpan.Zero }).RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Code.ShouldBe("RECOVERY_DELTA_ABOVE_LIMIT");
        report.HoldRequired.ShouldBeTrue();
    }

    [Fact]
    public async Task RecoverAsync_NothingFilled_AbortsWithoutOrders()
    {
        await Journal(ExecutionEventKind.Started);
        await Transition(ArbState.Idle, ArbState.Preflight);
        await Transition(ArbState.Preflight, ArbState.LegA);
        await Intent(_legA, LegRole.A, VenueId.BinanceUsdFutures);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Code.ShouldBe("RECOVERED_NOTHING_EXPOSED");
        _binance.Placed.ShouldBeEmpty();
    }

    [Fact]
    public async Task RecoverAsync_DryRun_CompletesWithoutVenueCalls()
    {
        await Journal(ExecutionEventKind.Started, e => e with { DryRun = true });
        await Transition(ArbState.Idle, ArbState.Preflight);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Executions.ShouldHaveSingleItem().Code.ShouldBe("RECOVERED_DRY_RUN");
        (_binance.Calls + _okx.Calls).ShouldBe(0);
    }

    [Fact]
    public async Task RecoverAsync_DamagedJournal_ReportsHoldAndJournalsIncident()
    {
        await KilledAfterLegAFilledAsync();
        await _store.DisposeAsync();
        _db.Execute("UPDATE journal_records SET payload = substr(payload, 1, 20) WHERE sequence = (SELECT MAX(sequence) FROM journal_records)");
        _store = new SqliteJournalStore(_db.Path, _time);

        var report = await Service().RecoverAsync(CancellationToken.None);

        report.Integrity.Problem.ShouldBe(JournalIntegrityProblem.HashMismatch);
        report.HoldRequired.ShouldBeTrue();
        var incidents = await _store.QueryAsync(new JournalQuery { Kinds = [JournalRecordKind.Incident] }, CancellationToken.None);
        incidents.Records.ShouldContain(r => r.ExecutionId == null && r.Payload.Contains("JOURNAL_HASH_MISMATCH"));
        report.Executions.ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Rescued, "the readable records still let recovery hedge the leg out");
    }

    [Fact]
    public async Task StartAsync_CompletesStatusBeforeReturning()
    {
        await KilledAfterLegAFilledAsync();
        var service = Service();

        service.Completion.IsCompleted.ShouldBeFalse();
        await service.StartAsync(CancellationToken.None);

        service.Completion.IsCompletedSuccessfully.ShouldBeTrue();
        (await service.Completion).Executions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task StartAsync_Disabled_CompletesWithEmptyReport()
    {
        await KilledAfterLegAFilledAsync();
        var service = Service(new JournalOptions { RecoveryEnabled = false });

        await service.StartAsync(CancellationToken.None);

        (await service.Completion).Executions.ShouldBeEmpty();
        _binance.Placed.ShouldBeEmpty();
    }
}
