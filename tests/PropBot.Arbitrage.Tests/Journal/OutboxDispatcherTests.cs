using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PropBot.Arbitrage.Journal;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private SqliteJournalStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new SqliteJournalStore(_db.Path, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    private static IOptions<JournalOptions> Options() => Microsoft.Extensions.Options.Options.Create(new JournalOptions
    {
        RetryInitialDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(8),
        OutboxPollInterval = TimeSpan.FromSeconds(5),
    });

    private Task<JournalRecord> AppendAsync(string exec, int n) =>
        _store.AppendAsync(new JournalEntry { ExecutionId = exec, Kind = JournalRecordKind.Order, Payload = $"{{\"n\":{n}}}" }, CancellationToken.None);

    /// <summary>Waits (real time, generous) for a condition, advancing fake time so back-offs elapse.</summary>
    private async Task EventuallyAsync(Func<bool> condition, TimeSpan? advance = null)
    {
        var deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            if (advance is { } step)
            {
                _time.Advance(step);
            }

            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ExecuteAsync_FailingSubscriber_GetsSameRecordAgainWithSameIdempotencyKey()
    {
        var subscriber = new RecordingSubscriber("flaky") { FailuresBeforeSuccess = 2 };
        using var dispatcher = new OutboxDispatcher(_store, [subscriber], Options(), _time);
        var record = await AppendAsync("e1", 1);

        await dispatcher.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => subscriber.Acknowledged.Count == 1, TimeSpan.FromSeconds(1));
        await dispatcher.StopAsync(CancellationToken.None);

        subscriber.Attempts.Select(m => m.IdempotencyKey).ShouldBe([record.RecordId, record.RecordId, record.RecordId]);
        subscriber.Attempts.Select(m => m.Attempt).ShouldBe([1, 2, 3]);
        subscriber.Acknowledged.Single().Sequence.ShouldBe(record.Sequence);
        (await _store.GetCursorAsync("flaky", CancellationToken.None)).ShouldBe(record.Sequence);
    }

    [Fact]
    public async Task ExecuteAsync_ThrowingSubscriber_IsRetriedAndOthersStillReceiveEverything()
    {
        var broken = new RecordingSubscriber("broken") { Throw = true, FailuresBeforeSuccess = int.MaxValue };
        var healthy = new RecordingSubscriber("healthy");
        using var dispatcher = new OutboxDispatcher(_store, [broken, healthy], Options(), _time);
        await dispatcher.StartAsync(CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            await AppendAsync("e1", i);
        }

        await EventuallyAsync(() => healthy.Acknowledged.Count == 5 && broken.Attempts.Count >= 3, TimeSpan.FromSeconds(1));
        await dispatcher.StopAsync(CancellationToken.None);

        healthy.Acknowledged.Select(m => m.Sequence).ShouldBe([1L, 2L, 3L, 4L, 5L]);
        broken.Attempts.ShouldAllBe(m => m.Sequence == 1, "a failing subscriber is retried on the same record, never skipped");
        (await _store.GetCursorAsync("broken", CancellationToken.None)).ShouldBe(0);
        dispatcher.GetStatus().Single(s => s.Subscriber == "broken").LastError.ShouldNotBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_SlowSubscriber_DoesNotBlockAppendsOrOtherSubscribers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingSubscriber("slow") { Gate = gate.Task };
        var fast = new RecordingSubscriber("fast");
        using var dispatcher = new OutboxDispatcher(_store, [slow, fast], Options(), _time);
        await dispatcher.StartAsync(CancellationToken.None);

        await AppendAsync("e1", 0);
        await EventuallyAsync(() => slow.Attempts.Count == 1);
        for (var i = 1; i < 50; i++)
        {
            await AppendAsync("e1", i).WaitAsync(Patience);
        }

        await EventuallyAsync(() => fast.Acknowledged.Count == 50);
        slow.Acknowledged.Count.ShouldBe(0);

        gate.SetResult();
        await EventuallyAsync(() => slow.Acknowledged.Count == 50);
        await dispatcher.StopAsync(CancellationToken.None);
        slow.Acknowledged.Select(m => m.Sequence).ShouldBe(Enumerable.Range(1, 50).Select(i => (long)i));
    }

    [Fact]
    public async Task ExecuteAsync_AfterRestart_ResumesFromDurableCursor()
    {
        var first = new RecordingSubscriber("sink");
        using (var dispatcher = new OutboxDispatcher(_store, [first], Options(), _time))
        {
            await dispatcher.StartAsync(CancellationToken.None);
            await AppendAsync("e1", 1);
            await AppendAsync("e1", 2);
            await EventuallyAsync(() => first.Acknowledged.Count == 2);
            await dispatcher.StopAsync(CancellationToken.None);
        }

        await AppendAsync("e1", 3);
        var second = new RecordingSubscriber("sink");
        using var restarted = new OutboxDispatcher(_store, [second], Options(), _time);
        await restarted.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => second.Acknowledged.Count == 1);
        await restarted.StopAsync(CancellationToken.None);

        second.Acknowledged.Single().Sequence.ShouldBe(3);
    }

    [Fact]
    public void Ctor_DuplicateSubscriberNames_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => new OutboxDispatcher(_store, [new RecordingSubscriber("a"), new RecordingSubscriber("a")], Options(), _time));
        ex.Message.ShouldStartWith("journal:outbox subscriber names must be unique, was 'a' twice.");
    }

    [Fact]
    public void BackoffDelay_DoublesUpToMax()
    {
        using var dispatcher = new OutboxDispatcher(_store, [], Options(), _time);

        Enumerable.Range(1, 6).Select(dispatcher.BackoffDelay).Select(d => d.TotalSeconds).ShouldBe([1d, 2d, 4d, 8d, 8d, 8d]);
    }

    private sealed class RecordingSubscriber(string name) : IOutboxSubscriber
    {
        private int _failures;

        public string Name { get; } = name;

        public int FailuresBeforeSuccess { get; init; }

        public bool Throw { get; init; }

        public Task? Gate { get; init; }

        public ConcurrentQueue<OutboxMessage> Attempts { get; } = new();

        public ConcurrentQueue<OutboxMessage> Acknowledged { get; } = new();

        public async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Attempts.Enqueue(message);
            if (Gate is not null)
            {
                await Gate.WaitAsync(cancellationToken);
            }

            if (_failures < FailuresBeforeSuccess)
            {
                _failures++;
                return Throw ? throw new InvalidOperationException("subscriber down") : false;
            }

            Acknowledged.Enqueue(message);
            return true;
        }
    }
}
