namespace PropBot.Risk;

/// <summary>Trading state, from loosest to tightest.</summary>
public enum TradingState
{
    /// <summary>Everything risk allows may trade.</summary>
    Active = 0,

    /// <summary>Only reduce-only orders and cancels pass; no new opens.</summary>
    Reducing = 1,

    /// <summary>
    /// HOLD: nothing but flatten (reduce-only hedge-out, flatten and repair orders) and cancel. Cleared only by a manual
    /// reset with operator and reason.
    /// </summary>
    Halted = 2,
}

/// <summary>A change of the trading state: what, why, who and when.</summary>
/// <param name="Previous">State before.</param>
/// <param name="Current">State after.</param>
/// <param name="Code">Stable reason code (a <see cref="RiskDenialCodes"/> or <see cref="TradingStateChangeCodes"/> value).</param>
/// <param name="Reason">Human-readable reason.</param>
/// <param name="Actor">Who caused it: an operator id or a component name (e.g. <c>risk.runaway_breaker</c>).</param>
/// <param name="Time">When it happened (from the injected <see cref="TimeProvider"/>).</param>
public sealed record TradingStateChanged(TradingState Previous, TradingState Current, string Code, string Reason, string Actor, DateTimeOffset Time);

/// <summary>Stable codes of trading-state changes that are not denial codes.</summary>
public static class TradingStateChangeCodes
{
    /// <summary>An operator escalated by hand.</summary>
    public const string ManualEscalation = "MANUAL_ESCALATION";

    /// <summary>The kill switch was activated.</summary>
    public const string KillSwitch = "KILL_SWITCH";

    /// <summary>An operator reset the state.</summary>
    public const string ManualReset = "MANUAL_RESET";

    /// <summary>An automatic condition (delta, margin, snapshot) cleared.</summary>
    public const string ConditionCleared = "CONDITION_CLEARED";
}

/// <summary>Stable codes of a refused manual reset.</summary>
public static class TradingStateResetCodes
{
    /// <summary>No operator identity was given.</summary>
    public const string MissingOperator = "RESET_MISSING_OPERATOR";

    /// <summary>No reason was given.</summary>
    public const string MissingReason = "RESET_MISSING_REASON";
}

/// <summary>Outcome of <see cref="ITradingStateController.Reset"/>.</summary>
public sealed record TradingStateResetResult
{
    /// <summary>Whether the reset was accepted.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>State after the call (may stay Reducing while an automatic condition is still active).</summary>
    public required TradingState State { get; init; }

    /// <summary>Stable refusal code (<see cref="TradingStateResetCodes"/>), null on success.</summary>
    public string? Code { get; init; }

    /// <summary>Human-readable explanation.</summary>
    public required string Message { get; init; }

    /// <summary>Automatic conditions still active after the reset (they keep the state at Reducing until they clear).</summary>
    public IReadOnlyList<string> RemainingConditions { get; init; } = [];
}

/// <summary>
/// Owns the trading state. Two sources tighten it: <b>latched</b> escalations (<see cref="Escalate(TradingState, string, string, string)"/>:
/// kill switch, breakers, operators), cleared only by <see cref="Reset"/>; and <b>conditions</b>
/// (<see cref="SetCondition"/>: delta breach, margin stress, snapshot mismatch), which lift by themselves when cleared.
/// The state is the tightest of the latch and all active conditions. Every change raises <see cref="Changed"/>,
/// is counted as a metric and is thread-safe.
/// </summary>
public interface ITradingStateController
{
    /// <summary>Current state (lock-free read).</summary>
    TradingState State { get; }

    /// <summary>The latest change, null before the first.</summary>
    TradingStateChanged? LastChange { get; }

    /// <summary>Raised after every state change (outside the internal lock).</summary>
    event Action<TradingStateChanged>? Changed;

    /// <summary>Latches at least <paramref name="target"/> with code <see cref="TradingStateChangeCodes.ManualEscalation"/>; never loosens.</summary>
    /// <returns>True when the state changed.</returns>
    bool Escalate(TradingState target, string reason, string actor);

    /// <summary>Latches at least <paramref name="target"/> with a stable code; never loosens. Cleared only by <see cref="Reset"/>.</summary>
    /// <returns>True when the state changed.</returns>
    bool Escalate(TradingState target, string code, string reason, string actor);

    /// <summary>
    /// Sets (or updates) an automatic condition identified by <paramref name="key"/> (e.g. <c>delta:BTC-USDT-PERP</c>)
    /// holding the state at least at <paramref name="level"/> until <see cref="ClearCondition"/>.
    /// </summary>
    void SetCondition(string key, TradingState level, string code, string reason, string actor);

    /// <summary>Clears an automatic condition; the state loosens if nothing else holds it.</summary>
    /// <returns>True when the condition was active.</returns>
    bool ClearCondition(string key, string reason, string actor);

    /// <summary>Whether a condition is active.</summary>
    bool IsConditionActive(string key);

    /// <summary>Keys of active conditions.</summary>
    IReadOnlyList<string> ActiveConditions { get; }

    /// <summary>
    /// Manual reset of the latch (clears HOLD) with the operator's identity and a reason, both required. Active
    /// conditions remain and keep the state at their level.
    /// </summary>
    TradingStateResetResult Reset(string operatorId, string reason);
}
