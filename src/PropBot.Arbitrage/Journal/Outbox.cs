namespace PropBot.Arbitrage.Journal;

/// <summary>
/// A receiver of outbox records (in-process handler, webhook, bus). Delivery is <b>at least once</b> and in sequence
/// order per subscriber: a record is offered again (same <see cref="OutboxMessage.IdempotencyKey"/>) until the
/// subscriber acknowledges it, so subscribers must be idempotent on that key.
/// </summary>
public interface IOutboxSubscriber
{
    /// <summary>Stable name; the delivery cursor is stored under it (letters, digits, <c>-</c>, <c>_</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Delivers one record. Return true to acknowledge; false (or an exception, which is logged as a fault) means
    /// "not delivered" and the same record is offered again after a back-off.
    /// </summary>
    Task<bool> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>One delivery attempt of a journal record to a subscriber. Immutable.</summary>
public sealed record OutboxMessage
{
    /// <summary>Idempotency key: the record id, identical on every attempt and after restarts.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Journal sequence of the record.</summary>
    public required long Sequence { get; init; }

    /// <summary>Execution id, if any.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Record kind.</summary>
    public required JournalRecordKind Kind { get; init; }

    /// <summary>Record time.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Payload JSON (redacted).</summary>
    public required string Payload { get; init; }

    /// <summary>Attempt number in this process, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Creates the message of a record.</summary>
    public static OutboxMessage FromRecord(JournalRecord record, int attempt)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new OutboxMessage
        {
            IdempotencyKey = record.RecordId,
            Sequence = record.Sequence,
            ExecutionId = record.ExecutionId,
            Kind = record.Kind,
            Time = record.Time,
            Payload = record.Payload,
            Attempt = attempt,
        };
    }
}

/// <summary>Delivery state of one subscriber, for System Status.</summary>
/// <param name="Subscriber">Subscriber name.</param>
/// <param name="DeliveredSequence">Last sequence acknowledged.</param>
/// <param name="ConsecutiveFailures">Failed attempts on the record currently being delivered.</param>
/// <param name="LastError">Last failure, if the subscriber is currently failing.</param>
public sealed record OutboxSubscriberStatus(string Subscriber, long DeliveredSequence, int ConsecutiveFailures, string? LastError);
