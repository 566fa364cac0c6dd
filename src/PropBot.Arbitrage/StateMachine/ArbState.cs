namespace PropBot.Arbitrage;

/// <summary>States of one arbitrage execution (spec section E).</summary>
public enum ArbState
{
    /// <summary>Created, nothing done yet.</summary>
    Idle,

    /// <summary>Running the preflight checks and building the plan.</summary>
    Preflight,

    /// <summary>Leg A (the riskier leg) in flight.</summary>
    LegA,

    /// <summary>Leg A filled; leg B in flight, sized from leg A's fill.</summary>
    LegB,

    /// <summary>Both legs filled and matched.</summary>
    Hedged,

    /// <summary>Terminal: hedged position recorded.</summary>
    Done,

    /// <summary>Leg A has an unmatched fill (leg B failed or short, or a partial under <c>reject_if_unhedged</c>).</summary>
    LegAFilledLegBFail,

    /// <summary>Rescue: reduce-only market order taking the unmatched exposure out, then verifying flat.</summary>
    HedgeOutA,

    /// <summary>Terminal: nothing exposed (refused in preflight, or leg A did not fill).</summary>
    Aborted,

    /// <summary>Terminal: the execution failed but the exposure was hedged out and verified flat.</summary>
    Failed,

    /// <summary>Terminal: exposure could not be verified flat; incident raised, engine halted.</summary>
    Incident,
}

/// <summary>Triggers of the execution state machine.</summary>
public enum ArbTrigger
{
    /// <summary>Start the execution.</summary>
    Start,

    /// <summary>Preflight finished (parameter: the preflight result).</summary>
    PreflightCompleted,

    /// <summary>Leg A finished (parameter: its fill, possibly empty).</summary>
    LegACompleted,

    /// <summary>Leg B finished (parameter: both legs' fills).</summary>
    LegBCompleted,

    /// <summary>The unmatched exposure was recorded; start the hedge-out.</summary>
    StartRescue,

    /// <summary>Hedge-out finished (parameter: the rescue result).</summary>
    RescueCompleted,

    /// <summary>Hedged position recorded.</summary>
    Complete,

    /// <summary>Unrecoverable fault (exception, deadline): halt with an incident.</summary>
    Fault,
}

/// <summary>Extension helpers for <see cref="ArbState"/>.</summary>
public static class ArbStateExtensions
{
    /// <summary>Whether the state is terminal.</summary>
    public static bool IsTerminal(this ArbState state) =>
        state is ArbState.Done or ArbState.Aborted or ArbState.Failed or ArbState.Incident;

    /// <summary>The spec spelling of a state (<c>LEG_A_FILLED_LEG_B_FAIL</c>).</summary>
    public static string ToSpecName(this ArbState state) => state switch
    {
        ArbState.Idle => "IDLE",
        ArbState.Preflight => "PREFLIGHT",
        ArbState.LegA => "LEG_A",
        ArbState.LegB => "LEG_B",
        ArbState.Hedged => "HEDGED",
        ArbState.Done => "DONE",
        ArbState.LegAFilledLegBFail => "LEG_A_FILLED_LEG_B_FAIL",
        ArbState.HedgeOutA => "HEDGE_OUT_A",
        ArbState.Aborted => "ABORTED",
        ArbState.Failed => "FAILED",
        _ => "INCIDENT",
    };
}
