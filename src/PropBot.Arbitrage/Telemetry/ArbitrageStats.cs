namespace PropBot.Arbitrage;

/// <summary>Snapshot of the engine's statistics for System Status (spec E: success rate, average realized edge, p95 cycle time, rescue count).</summary>
public sealed record ArbitrageStats
{
    /// <summary>Executions by outcome.</summary>
    public required IReadOnlyDictionary<ExecutionOutcome, long> ExecutionsByOutcome { get; init; }

    /// <summary>Total executions, including those refused in preflight.</summary>
    public long Executions { get; init; }

    /// <summary>Succeeded / executions that sent leg A (0 when none).</summary>
    public double SuccessRate { get; init; }

    /// <summary>Average realized edge of successful executions, bps (null when none).</summary>
    public decimal? AverageRealizedEdgeBps { get; init; }

    /// <summary>Average predicted edge of successful executions, bps (null when none).</summary>
    public decimal? AveragePredictedEdgeBps { get; init; }

    /// <summary>Median cycle time over the recent window.</summary>
    public TimeSpan? P50CycleTime { get; init; }

    /// <summary>95th percentile cycle time over the recent window.</summary>
    public TimeSpan? P95CycleTime { get; init; }

    /// <summary>Rescues (hedge-outs) so far.</summary>
    public long RescueCount { get; init; }

    /// <summary>Total rescue cost, quote asset.</summary>
    public decimal RescueCost { get; init; }

    /// <summary>Incidents so far.</summary>
    public long IncidentCount { get; init; }

    /// <summary>Whether the engine is halted.</summary>
    public bool Halted { get; init; }

    /// <summary>Reason of the halt.</summary>
    public string? HaltReason { get; init; }

    /// <summary>Id of the last finished execution.</summary>
    public string? LastExecutionId { get; init; }

    /// <summary>Outcome of the last execution.</summary>
    public ExecutionOutcome? LastOutcome { get; init; }

    /// <summary>Current state of a running execution (null when idle).</summary>
    public ArbState? CurrentState { get; init; }
}
