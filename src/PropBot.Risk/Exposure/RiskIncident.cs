namespace PropBot.Risk;

/// <summary>A risk incident, raised through <see cref="RiskEvents.IncidentRaised"/> so a journal can persist it.</summary>
public sealed record RiskIncident
{
    /// <summary>Unique id (e.g. <c>inc20261123T203000Z0001</c>).</summary>
    public required string Id { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Stable kind (<see cref="RiskIncidentKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>Human-readable summary.</summary>
    public required string Message { get; init; }

    /// <summary>Operator or component that caused it.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>Structured details (invariant-culture values).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}

/// <summary>Stable kinds of <see cref="RiskIncident"/>.</summary>
public static class RiskIncidentKinds
{
    /// <summary>Kill switch activated.</summary>
    public const string KillSwitch = "KILL_SWITCH";

    /// <summary>Runaway breaker tripped.</summary>
    public const string BreakerTripped = "BREAKER_TRIPPED";

    /// <summary>Venue positions disagree with the ledger.</summary>
    public const string SnapshotMismatch = "SNAPSHOT_MISMATCH";

    /// <summary>Cross-venue delta beyond the limit.</summary>
    public const string DeltaLimit = "DELTA_LIMIT";

    /// <summary>Maintenance margin beyond the headroom buffer.</summary>
    public const string MarginHeadroom = "MARGIN_HEADROOM";

    /// <summary>Cancel-on-disconnect supervisor stopped heart-beating (venues will cancel resting orders).</summary>
    public const string DeadManHeartbeatStopped = "DEAD_MAN_HEARTBEAT_STOPPED";

    /// <summary>Manual reset of the trading state.</summary>
    public const string ManualReset = "MANUAL_RESET";
}

/// <summary>
/// A request to the engine to bring one underlying's cross-venue delta back within the limit with a reduce-only
/// order: <see cref="Side"/> <see cref="Quantity"/> on <see cref="Instrument"/> (the venue holding the excess side).
/// </summary>
public sealed record DeltaRepairRequest
{
    /// <summary>The underlying.</summary>
    public required PropBot.Exchanges.UnifiedSymbol Underlying { get; init; }

    /// <summary>Net delta across venues, base asset (positive = net long).</summary>
    public required decimal NetDeltaBase { get; init; }

    /// <summary>Net delta at mark, USD.</summary>
    public required decimal NetDeltaUsd { get; init; }

    /// <summary>The limit (<c>risk:cross_venue_delta_abs_max_usd</c>).</summary>
    public required decimal LimitUsd { get; init; }

    /// <summary>Instrument to reduce (the one holding the largest position on the excess side).</summary>
    public required PropBot.Exchanges.InstrumentId Instrument { get; init; }

    /// <summary>Side of the reduce-only repair order.</summary>
    public required PropBot.Exchanges.OrderSide Side { get; init; }

    /// <summary>Base quantity that brings the net delta to zero, capped at the instrument's position (before rounding to the step).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>When it was requested.</summary>
    public required DateTimeOffset Time { get; init; }
}

/// <summary>
/// Event hub of the risk package: incidents (persist them in the journal) and delta-repair requests (the engine
/// acts on them). Handlers run synchronously on the raising thread; keep them short and never throw.
/// </summary>
public sealed class RiskEvents
{
    /// <summary>Raised for every incident.</summary>
    public event Action<RiskIncident>? IncidentRaised;

    /// <summary>Raised when a cross-venue delta breach needs a reduce-only repair.</summary>
    public event Action<DeltaRepairRequest>? DeltaRepairRequested;

    /// <summary>Raises <see cref="IncidentRaised"/>.</summary>
    public void Raise(RiskIncident incident) => IncidentRaised?.Invoke(incident);

    /// <summary>Raises <see cref="DeltaRepairRequested"/>.</summary>
    public void Raise(DeltaRepairRequest request) => DeltaRepairRequested?.Invoke(request);
}
