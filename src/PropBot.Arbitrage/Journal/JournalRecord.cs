namespace PropBot.Arbitrage.Journal;

/// <summary>Kind of a journal record.</summary>
public enum JournalRecordKind
{
    /// <summary>A kind this version does not know (read from a newer or damaged store).</summary>
    Unknown,

    /// <summary>An execution was created.</summary>
    Started,

    /// <summary>A state transition of an execution.</summary>
    Transition,

    /// <summary>An order intent, report, failure or unknown outcome.</summary>
    Order,

    /// <summary>A fill (a completed leg).</summary>
    Fill,

    /// <summary>An incident (rescue, unverified flat, fault, integrity failure).</summary>
    Incident,

    /// <summary>An approval (live-promotion workflow).</summary>
    Approval,

    /// <summary>An operator action (flatten, HOLD reset, setup).</summary>
    OperatorAction,

    /// <summary>A crash-recovery step.</summary>
    Recovery,

    /// <summary>The execution reached a terminal state.</summary>
    Completed,
}

/// <summary>
/// What a caller appends: the store assigns <see cref="JournalRecord.Sequence"/>, <see cref="JournalRecord.RecordId"/>,
/// <see cref="JournalRecord.Time"/> and the hash. The payload is JSON; fields named like secrets (key, secret,
/// passphrase, signature, password, token) are redacted before they are written — but callers must never put secrets
/// in a payload in the first place.
/// </summary>
public sealed record JournalEntry
{
    /// <summary>Execution the record belongs to, or null for records not tied to one execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Kind.</summary>
    public required JournalRecordKind Kind { get; init; }

    /// <summary>Payload as a JSON document (object, array or value).</summary>
    public required string Payload { get; init; }

    /// <summary>Whether this record ends its execution (it is then no longer listed as unfinished).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Whether the record is also put into the outbox for subscribers (default true).</summary>
    public bool Publish { get; init; } = true;
}

/// <summary>One durable, append-only journal record. Immutable.</summary>
public sealed record JournalRecord
{
    /// <summary>Global sequence, contiguous from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>Unique id of the record; also the outbox idempotency key.</summary>
    public required string RecordId { get; init; }

    /// <summary>Execution id, if any.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Kind (<see cref="JournalRecordKind.Unknown"/> when the stored kind is not recognised).</summary>
    public required JournalRecordKind Kind { get; init; }

    /// <summary>When the record was appended (store <see cref="TimeProvider"/>, UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Whether the record ends its execution.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Payload JSON exactly as stored (redacted).</summary>
    public required string Payload { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the previous record, chained into <see cref="Hash"/>.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 (lower-case hex) of this record's fields and <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }
}

/// <summary>A filtered, paged read of the journal, in sequence order.</summary>
public sealed record JournalQuery
{
    /// <summary>Only records with a sequence greater than this (paging cursor; 0 = from the start).</summary>
    public long AfterSequence { get; init; }

    /// <summary>Maximum number of records returned (1 to 10,000).</summary>
    public int Limit { get; init; } = 500;

    /// <summary>Only these kinds (null or empty = all).</summary>
    public IReadOnlyCollection<JournalRecordKind>? Kinds { get; init; }

    /// <summary>Only this execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>One page of a <see cref="JournalQuery"/>.</summary>
/// <param name="Records">Records in sequence order.</param>
/// <param name="NextAfterSequence">Cursor for the next page (<see cref="JournalQuery.AfterSequence"/>), or null at the end.</param>
public sealed record JournalPage(IReadOnlyList<JournalRecord> Records, long? NextAfterSequence);

/// <summary>What an integrity check found.</summary>
public enum JournalIntegrityProblem
{
    /// <summary>No problem.</summary>
    None,

    /// <summary>A record's stored hash does not match its fields (edited, garbage or torn record).</summary>
    HashMismatch,

    /// <summary>A record's previous-hash does not match the hash of the record before it.</summary>
    ChainBroken,

    /// <summary>A sequence number is missing inside the journal.</summary>
    SequenceGap,

    /// <summary>The journal head says more records were committed than are present (trailing records lost).</summary>
    MissingTrailingRecords,

    /// <summary>A record's hash is right but its payload is not valid JSON.</summary>
    InvalidPayload,

    /// <summary>The storage itself reports damage (SQLite integrity check failed or the file is unreadable).</summary>
    StorageCorrupt,
}

/// <summary>Result of <see cref="IJournalStore.VerifyAsync"/>.</summary>
public sealed record JournalIntegrityResult
{
    /// <summary>The problem found, or <see cref="JournalIntegrityProblem.None"/>.</summary>
    public required JournalIntegrityProblem Problem { get; init; }

    /// <summary>Whether the journal is intact.</summary>
    public bool IsIntact => Problem == JournalIntegrityProblem.None;

    /// <summary>Number of records read.</summary>
    public long RecordCount { get; init; }

    /// <summary>Sequence of the last record that checked out (0 when none).</summary>
    public long LastValidSequence { get; init; }

    /// <summary>Sequence of the first bad (or missing) record, when known.</summary>
    public long? FirstBadSequence { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Detail { get; init; }

    /// <summary>Stable SCREAMING_SNAKE code of <see cref="Problem"/>, e.g. <c>JOURNAL_HASH_MISMATCH</c>.</summary>
    public string Code => Problem switch
    {
        JournalIntegrityProblem.None => "JOURNAL_OK",
        JournalIntegrityProblem.HashMismatch => "JOURNAL_HASH_MISMATCH",
        JournalIntegrityProblem.ChainBroken => "JOURNAL_CHAIN_BROKEN",
        JournalIntegrityProblem.SequenceGap => "JOURNAL_SEQUENCE_GAP",
        JournalIntegrityProblem.MissingTrailingRecords => "JOURNAL_MISSING_TRAILING_RECORDS",
        JournalIntegrityProblem.InvalidPayload => "JOURNAL_INVALID_PAYLOAD",
        _ => "JOURNAL_STORAGE_CORRUPT",
    };

    /// <inheritdoc />
    public override string ToString() =>
        IsIntact ? $"{Code}: {RecordCount} records" : $"{Code} at sequence {FirstBadSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {Detail}";
}
