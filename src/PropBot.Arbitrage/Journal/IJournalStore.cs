namespace PropBot.Arbitrage.Journal;

/// <summary>
/// Durable, append-only storage of journal records (spec sections C and E). <see cref="SqliteJournalStore"/> is the
/// embedded default; hosts may bring another store. Implementations must make an append durable before the returned
/// task completes (the engine acts only after that), keep sequences contiguous, be safe for concurrent callers, and
/// report damage through <see cref="VerifyAsync"/> rather than hiding records.
/// </summary>
public interface IJournalStore
{
    /// <summary>Appends one record (and its outbox entry when <see cref="JournalEntry.Publish"/>) durably.</summary>
    Task<JournalRecord> AppendAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>All records of one execution in sequence order.</summary>
    Task<IReadOnlyList<JournalRecord>> ReadExecutionAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Records with <paramref name="fromSequence"/> ≤ sequence ≤ <paramref name="toSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalRecord>> ReadRangeAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);

    /// <summary>A filtered page of records in sequence order.</summary>
    Task<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken);

    /// <summary>Ids of executions with records but no terminal record, oldest first.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedExecutionsAsync(CancellationToken cancellationToken);

    /// <summary>Checks every record's hash, the hash chain, sequence contiguity and the committed head.</summary>
    Task<JournalIntegrityResult> VerifyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The outbox side of a store: records published with <see cref="JournalEntry.Publish"/> and a durable delivery
/// cursor per subscriber.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Raised (on the appending thread) after a record was committed; the argument is its sequence.</summary>
    event Action<long>? RecordAppended;

    /// <summary>Published records with a sequence greater than <paramref name="afterSequence"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JournalRecord>> ReadOutboxAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The last sequence delivered to <paramref name="subscriber"/> (0 when none).</summary>
    Task<long> GetCursorAsync(string subscriber, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="subscriber"/> has received everything up to <paramref name="sequence"/>.</summary>
    Task SetCursorAsync(string subscriber, long sequence, CancellationToken cancellationToken);
}
