using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>One leg of an <see cref="ExecutionPlan"/>.</summary>
public sealed record LegSpec
{
    /// <summary>Role (A is sent first).</summary>
    public required LegRole Role { get; init; }

    /// <summary>Long or short leg of the pair.</summary>
    public required LegDirection Direction { get; init; }

    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Opening side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Planned base quantity (leg B is re-sized from leg A's actual fill).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Worst accepted price of the IOC taker order (best price ± <c>max_leg_slippage_bps</c>, on the tick).</summary>
    public required decimal LimitPrice { get; init; }

    /// <summary>Passive price of a maker order (best bid for a buy, best ask for a sell), when this is the maker leg.</summary>
    public decimal? MakerPrice { get; init; }

    /// <summary>Position side to open (hedge mode: Long/Short; one-way: Both).</summary>
    public required PositionSide PositionSide { get; init; }

    /// <summary>Venue filters the quantity was validated against.</summary>
    public required InstrumentFilters Filters { get; init; }

    /// <summary>Fee rates used.</summary>
    public required FeeRates Fees { get; init; }

    /// <summary>Expected VWAP at the planned quantity.</summary>
    public required decimal ExpectedPrice { get; init; }
}

/// <summary>The plan of one execution, fixed at the end of PREFLIGHT.</summary>
public sealed record ExecutionPlan
{
    /// <summary>Execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The pair.</summary>
    public required ArbPair Pair { get; init; }

    /// <summary>Jointly quantized base quantity.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Leg A (sent first; the riskier leg, or the maker leg).</summary>
    public required LegSpec LegA { get; init; }

    /// <summary>Leg B (sized from leg A's fill).</summary>
    public required LegSpec LegB { get; init; }

    /// <summary>Partial-fill policy.</summary>
    public required PartialFillPolicy PartialFillPolicy { get; init; }

    /// <summary>Whether both legs are sent at once.</summary>
    public bool ConcurrentLegs { get; init; }

    /// <summary>Whether leg A is tried as a maker order first.</summary>
    public bool MakerFirst { get; init; }

    /// <summary>Whether the maker order is post-only.</summary>
    public bool PostOnly { get; init; }

    /// <summary>SAFE_MODE dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Predicted edge at <see cref="Quantity"/>.</summary>
    public required EdgeBreakdown Edge { get; init; }

    /// <summary>Why leg A is the riskier leg (e.g. <c>higher reject rate on okx_perp</c>).</summary>
    public string? LegOrderReason { get; init; }

    /// <summary>The leg with a given role.</summary>
    public LegSpec Leg(LegRole role) => role == LegRole.B ? LegB : LegA;
}

/// <summary>One preflight check.</summary>
/// <param name="Name">Check name (<c>CONNECTIVITY</c>, <c>CLOCK_SKEW</c>, <c>LATENCY</c>, <c>BOOK_FRESHNESS</c>, <c>POSTURE</c>, <c>RISK_HEADROOM</c>, <c>FILTERS</c>, <c>EDGE</c>, <c>FUNDING_WINDOW</c>).</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="ReasonCode">
/// Stable code of a failure; on a passed check null, or a warning code (<c>POSTURE_NOT_CONFIGURED</c>: no
/// <c>derivatives:venues</c> entry for a traded venue, so its posture was not verified).
/// </param>
/// <param name="Detail">Human-readable detail.</param>
public sealed record PreflightCheck(string Name, bool Passed, string? ReasonCode, string? Detail);

/// <summary>Result of <see cref="IArbitrageEngine.PreviewAsync"/>: the edge, the checks and the plan, without trading.</summary>
public sealed record ArbPreview
{
    /// <summary>The pair.</summary>
    public required ArbPair Pair { get; init; }

    /// <summary>Edge with per-term breakdown and tradable size.</summary>
    public required EdgeBreakdown Edge { get; init; }

    /// <summary>Every preflight check, in order.</summary>
    public required IReadOnlyList<PreflightCheck> Checks { get; init; }

    /// <summary>The plan that would be executed, when the size is tradable.</summary>
    public ExecutionPlan? Plan { get; init; }

    /// <summary>Whether every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>Stable code of the first failed check, or null.</summary>
    public string? ReasonCode => Checks.FirstOrDefault(c => !c.Passed)?.ReasonCode;

    /// <summary>When it was computed.</summary>
    public required DateTimeOffset Time { get; init; }
}

/// <summary>One state transition of an execution.</summary>
/// <param name="From">Source state.</param>
/// <param name="To">Destination state.</param>
/// <param name="Trigger">Trigger.</param>
/// <param name="Time">When.</param>
public sealed record StateTransitionRecord(ArbState From, ArbState To, ArbTrigger Trigger, DateTimeOffset Time);

/// <summary>Everything about one execution: plan, legs, rescue orders, transitions, timings and outcome.</summary>
public sealed record ArbExecutionReport
{
    /// <summary>Execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The pair.</summary>
    public required ArbPair Pair { get; init; }

    /// <summary>SAFE_MODE dry run (simulated fills from the latest books).</summary>
    public required bool DryRun { get; init; }

    /// <summary>Outcome.</summary>
    public required ExecutionOutcome Outcome { get; init; }

    /// <summary>Final state.</summary>
    public required ArbState FinalState { get; init; }

    /// <summary>Stable reason code for anything but success (e.g. <c>EDGE_BELOW_MIN</c>, <c>LEG_B_FAILED</c>).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Detail { get; init; }

    /// <summary>Preflight checks.</summary>
    public IReadOnlyList<PreflightCheck> Checks { get; init; } = [];

    /// <summary>The plan (null when preflight could not build one).</summary>
    public ExecutionPlan? Plan { get; init; }

    /// <summary>Predicted edge.</summary>
    public EdgeBreakdown? PredictedEdge { get; init; }

    /// <summary>Leg A's result.</summary>
    public LegFill? LegA { get; init; }

    /// <summary>Leg B's result.</summary>
    public LegFill? LegB { get; init; }

    /// <summary>Rescue (hedge-out) orders, in order.</summary>
    public IReadOnlyList<LegFill> HedgeOuts { get; init; } = [];

    /// <summary>Every transition, in order.</summary>
    public IReadOnlyList<StateTransitionRecord> Transitions { get; init; } = [];

    /// <summary>Matched base quantity left open on both venues (the hedged position).</summary>
    public decimal HedgedQuantity { get; init; }

    /// <summary>Realized edge of the matched quantity after actual entry fees, bps (null when nothing was kept).</summary>
    public decimal? RealizedEdgeBps { get; init; }

    /// <summary>Projected PnL of the predicted net edge at the hedged (or, for a dry run, planned) quantity, quote asset.</summary>
    public decimal ProjectedPnl { get; init; }

    /// <summary>Cost of the rescue (hedge-out loss and fees), quote asset.</summary>
    public decimal RescueCost { get; init; }

    /// <summary>Incident text when the outcome is <see cref="ExecutionOutcome.Incident"/> or a rescue happened.</summary>
    public string? Incident { get; init; }

    /// <summary>Start time.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>End time.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Cycle time (start to terminal state).</summary>
    public TimeSpan CycleTime { get; init; }

    /// <summary>Time spent inside venue calls (the concurrent preflight reads, then every order call).</summary>
    public TimeSpan VenueTime { get; init; }

    /// <summary>Leg gap: leg A's fill known → leg B sent (null when leg B was not sent after A).</summary>
    public TimeSpan? LegGap { get; init; }
}
