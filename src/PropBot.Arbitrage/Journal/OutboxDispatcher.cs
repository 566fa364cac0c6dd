using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// Hosted service delivering outbox records to every <see cref="IOutboxSubscriber"/> at least once, in order, each
/// subscriber on its own loop with its own durable cursor: a failing subscriber is retried with exponential back-off
/// (same idempotency key) without holding back the others, and appends never wait for any delivery.
/// </summary>
public sealed class OutboxDispatcher : BackgroundService
{
    private readonly IOutboxStore _store;
    private readonly IReadOnlyList<IOutboxSubscriber> _subscribers;
    private readonly JournalOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly JournalMetrics? _metrics;
    private readonly Dictionary<string, Channel<bool>> _wakeups;
    private readonly ConcurrentDictionary<string, OutboxSubscriberStatus> _status = new(StringComparer.Ordinal);

    /// <summary>Creates the dispatcher.</summary>
    /// <exception cref="ArgumentException">Two subscribers share a name.</exception>
    public OutboxDispatcher(
        IOutboxStore store,
        IEnumerable<IOutboxSubscriber> subscribers,
        IOptions<JournalOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<OutboxDispatcher>? logger = null)
        : this(store, subscribers, options, timeProvider, logger, metrics: null)
    {
    }

    internal OutboxDispatcher(
        IOutboxStore store,
        IEnumerable<IOutboxSubscriber> subscribers,
        IOptions<JournalOptions> options,
        TimeProvider? timeProvider,
        ILogger<OutboxDispatcher>? logger,
        JournalMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _subscribers = subscribers.ToList();
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        var duplicate = _subscribers.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"journal:outbox subscriber names must be unique, was '{duplicate.Key}' twice.", nameof(subscribers));
        }

        _wakeups = _subscribers.ToDictionary(
            s => s.Name,
            _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }),
            StringComparer.Ordinal);
        foreach (var s in _subscribers)
        {
            _status[s.Name] = new OutboxSubscriberStatus(s.Name, 0, 0, null);
        }
    }

    /// <summary>Delivery state per subscriber.</summary>
    public IReadOnlyList<OutboxSubscriberStatus> GetStatus() => _subscribers.Select(s => _status[s.Name]).ToList();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _store.RecordAppended += OnRecordAppended;
        try
        {
            var loops = _subscribers.Select(s => Task.Run(() => RunSubscriberAsync(s, stoppingToken), CancellationToken.None)).ToList();
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            _store.RecordAppended -= OnRecordAppended;
        }
    }

    private void OnRecordAppended(long sequence)
    {
        foreach (var wakeup in _wakeups.Values)
        {
            wakeup.Writer.TryWrite(true);
        }
    }

    private async Task RunSubscriberAsync(IOutboxSubscriber subscriber, CancellationToken stoppingToken)
    {
        long cursor = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (cursor < 0)
                {
                    cursor = await _store.GetCursorAsync(subscriber.Name, stoppingToken).ConfigureAwait(false);
                    _status[subscriber.Name] = new OutboxSubscriberStatus(subscriber.Name, cursor, 0, null);
                }

                var batch = await _store.ReadOutboxAsync(cursor, _options.OutboxBatchSize, stoppingToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    await WaitForWorkAsync(subscriber.Name, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var record in batch)
                {
                    await DeliverUntilAcknowledgedAsync(subscriber, record, stoppingToken).ConfigureAwait(false);
                    await _store.SetCursorAsync(subscriber.Name, record.Sequence, stoppingToken).ConfigureAwait(false);
                    cursor = record.Sequence;
                    _status[subscriber.Name] = new OutboxSubscriberStatus(subscriber.Name, cursor, 0, null);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Store trouble: keep the loop alive and try again after the poll interval.
                _logger.LogError(ex, "Outbox loop of {Subscriber} failed; retrying", subscriber.Name);
                try
                {
                    await Task.Delay(_options.OutboxPollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverUntilAcknowledgedAsync(IOutboxSubscriber subscriber, JournalRecord record, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string error;
            try
            {
                if (await subscriber.DeliverAsync(OutboxMessage.FromRecord(record, attempt), stoppingToken).ConfigureAwait(false))
                {
                    _metrics?.OutboxDelivered(subscriber.Name);
                    return;
                }

                error = "not acknowledged";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                _logger.LogWarning(ex, "Outbox subscriber {Subscriber} threw on record {Sequence} (attempt {Attempt})", subscriber.Name, record.Sequence, attempt);
            }

            _metrics?.OutboxFailed(subscriber.Name);
            _status[subscriber.Name] = new OutboxSubscriberStatus(subscriber.Name, record.Sequence - 1, attempt, error);
            var delay = BackoffDelay(attempt);
            _logger.LogWarning(
                "Outbox delivery of record {Sequence} to {Subscriber} failed (attempt {Attempt}: {Error}); retrying in {Delay}",
                record.Sequence,
                subscriber.Name,
                attempt,
                error,
                delay);
            await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
        }
    }

    internal TimeSpan BackoffDelay(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = _options.RetryInitialDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _options.RetryMaxDelay.Ticks ? _options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task WaitForWorkAsync(string subscriber, CancellationToken stoppingToken)
    {
        var reader = _wakeups[subscriber].Reader;
        if (reader.TryRead(out _))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var signal = reader.WaitToReadAsync(linked.Token).AsTask();
        var poll = Task.Delay(_options.OutboxPollInterval, _timeProvider, linked.Token);
        await Task.WhenAny(signal, poll).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
