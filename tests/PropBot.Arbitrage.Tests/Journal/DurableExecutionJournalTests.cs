using Microsoft.Extensions.Time.Testing;
using PropBot.Arbitrage.Journal;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class DurableExecutionJournalTests : IDisposable
{
    internal static readonly ArbPair Pair = new(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"), new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    internal static ExecutionEvent Event(string exec, long seq, ExecutionEventKind kind, Func<ExecutionEvent, ExecutionEvent>? with = null)
    {
        var e = new ExecutionEvent { ExecutionId = exec, Sequence = seq, Time = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero), Kind = kind, Pair = Pair };
        return with is null ? e : with(e);
    }

    internal static OrderRequest Order(string coid, string symbol, OrderSide side, decimal quantity, OrderPurpose purpose = OrderPurpose.Entry) => new()
    {
        Symbol = symbol,
        Side = side,
        Type = OrderType.Market,
        Quantity = quantity,
        ClientOrderId = new ClientOrderId(coid),
        Purpose = purpose,
        ReduceOnly = purpose != OrderPurpose.Entry,
    };

    [Fact]
    public async Task AppendAsync_EveryTransitionOrderAndFill_IsJournaledInOrder()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        var journal = new DurableExecutionJournal(store);
        var orderA = Order("e1A0", "BTCUSDT", OrderSide.Buy, 0.01m);
        var events = new[]
        {
            Event("e1", 1, ExecutionEventKind.Started),
            Event("e1", 2, ExecutionEventKind.Transition, e => e with { FromState = ArbState.Idle, ToState = ArbState.Preflight, Trigger = ArbTrigger.Start }),
            Event("e1", 3, ExecutionEventKind.Transition, e => e with { FromState = ArbState.Preflight, ToState = ArbState.LegA, Trigger = ArbTrigger.PreflightCompleted }),
            Event("e1", 4, ExecutionEventKind.OrderIntent, e => e with { Leg = LegRole.A, Venue = VenueId.BinanceUsdFutures, Order = orderA }),
            Event("e1", 5, ExecutionEventKind.OrderReported, e => e with
            {
                Leg = LegRole.A,
                Venue = VenueId.BinanceUsdFutures,
                Report = new OrderReport { Instrument = Pair.Long, ClientOrderId = orderA.ClientOrderId, Side = OrderSide.Buy, Type = OrderType.Market, Status = OrderStatus.Filled, Quantity = 0.01m, FilledQuantity = 0.01m, AveragePrice = 100m },
            }),
            Event("e1", 6, ExecutionEventKind.LegCompleted, e => e with
            {
                Fill = new LegFill { Role = LegRole.A, Instrument = Pair.Long, Side = OrderSide.Buy, ClientOrderId = orderA.ClientOrderId, RequestedQuantity = 0.01m, FilledQuantity = 0.01m, Status = OrderStatus.Filled },
            }),
            Event("e1", 7, ExecutionEventKind.OrderOutcomeUnknown, e => e with
            {
                Leg = LegRole.B,
                Venue = VenueId.OkxSwap,
                Error = new VenueError { Kind = VenueErrorKind.OutcomeUnknown, Reason = VenueErrorReason.Timeout, Venue = VenueId.OkxSwap, Message = "timeout" },
            }),
            Event("e1", 8, ExecutionEventKind.Completed, e => e with { Outcome = ExecutionOutcome.Succeeded }),
        };

        foreach (var e in events)
        {
            await journal.AppendAsync(e, CancellationToken.None);
        }

        var records = await store.ReadExecutionAsync("e1", CancellationToken.None);
        var read = records.Select(ExecutionEventSerializer.TryRead).ToList();

        records.Select(r => r.Kind).ShouldBe([
            JournalRecordKind.Started, JournalRecordKind.Transition, JournalRecordKind.Transition, JournalRecordKind.Order,
            JournalRecordKind.Order, JournalRecordKind.Fill, JournalRecordKind.Order, JournalRecordKind.Completed]);
        records.Select(r => r.IsTerminal).ShouldBe([false, false, false, false, false, false, false, true]);
        read.ShouldAllBe(e => e != null);
        read.Select(e => e!.Sequence).ShouldBe(events.Select(e => e.Sequence));
        read[2]!.ToState.ShouldBe(ArbState.LegA);
        read[3]!.Order.ShouldBe(orderA);
        read[4]!.Report!.FilledQuantity.ShouldBe(0.01m);
        read[5]!.Fill!.ClientOrderId.ShouldBe(orderA.ClientOrderId);
        read[6]!.Error!.Reason.ShouldBe(VenueErrorReason.Timeout);
        read[7]!.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        read[0]!.Pair.ShouldBe(Pair);
        records[3].Payload.ShouldContain("\"kind\":\"OrderIntent\"");
        (await store.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AppendAsync_StoreFails_PropagatesSoTheEngineFailsClosed()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        var journal = new DurableExecutionJournal(store);
        await store.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => journal.AppendAsync(Event("e1", 1, ExecutionEventKind.Started), CancellationToken.None));
    }
}
