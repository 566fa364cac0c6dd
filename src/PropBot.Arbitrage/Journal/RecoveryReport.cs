namespace PropBot.Arbitrage.Journal;

/// <summary>What crash recovery did with one unfinished execution. Immutable.</summary>
public sealed record RecoveredExecution
{
    /// <summary>The execution.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Last journaled state before the crash, if any.</summary>
    public ArbState? LastState { get; init; }

    /// <summary>
    /// How it ended: <see cref="ExecutionOutcome.Succeeded"/> (both legs matched), <see cref="ExecutionOutcome.Aborted"/>
    /// (nothing exposed), <see cref="ExecutionOutcome.Rescued"/> (the unmatched leg was hedged out) or
    /// <see cref="ExecutionOutcome.Incident"/> (could not be brought to a verified safe end: HOLD; the execution stays
    /// unfinished and recovery tries again at the next start).
    /// </summary>
    public required ExecutionOutcome Outcome { get; init; }

    /// <summary>Stable code, e.g. <c>RECOVERED_HEDGED_OUT</c>, <c>RECOVERY_ORDER_UNRESOLVED</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Quantity (base asset) taken out with reduce-only orders by recovery.</summary>
    public decimal HedgedOutQuantity { get; init; }

    /// <summary>Remaining cross-venue delta of the pair in USD at mark after recovery, when it was measured.</summary>
    public decimal? ResidualDeltaUsd { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Detail { get; init; }
}

/// <summary>Result of a crash-recovery pass. Immutable.</summary>
public sealed record RecoveryReport
{
    /// <summary>Integrity of the journal when recovery started.</summary>
    public required JournalIntegrityResult Integrity { get; init; }

    /// <summary>What happened to each unfinished execution, oldest first.</summary>
    public required IReadOnlyList<RecoveredExecution> Executions { get; init; }

    /// <summary>
    /// Whether trading must HOLD (no new opens): the journal is damaged or an execution could not be brought to a
    /// verified safe end.
    /// </summary>
    public bool HoldRequired => !Integrity.IsIntact || Executions.Any(e => e.Outcome == ExecutionOutcome.Incident);
}

/// <summary>
/// Completion of start-up crash recovery. The engine (and the auto-mode scanner) must await <see cref="Completion"/>
/// before accepting any execution, and must not open while <see cref="RecoveryReport.HoldRequired"/>.
/// </summary>
public interface IRecoveryStatus
{
    /// <summary>Completes when recovery has run (immediately with an empty report when recovery is disabled).</summary>
    Task<RecoveryReport> Completion { get; }
}
