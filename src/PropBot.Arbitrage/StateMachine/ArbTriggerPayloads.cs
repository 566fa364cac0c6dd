namespace PropBot.Arbitrage;

/// <summary>Payload of <see cref="ArbTrigger.PreflightCompleted"/>.</summary>
internal sealed record PreflightVerdict(bool Passed, string? ReasonCode);

/// <summary>Payload of <see cref="ArbTrigger.LegACompleted"/>: leg A's fill and what any concurrently sent leg B filled.</summary>
internal sealed record LegAOutcome(LegFill LegA, decimal ConcurrentLegBFilled);

/// <summary>Payload of <see cref="ArbTrigger.LegBCompleted"/>.</summary>
internal sealed record LegBOutcome(LegFill LegA, LegFill LegB);

/// <summary>Payload of <see cref="ArbTrigger.RescueCompleted"/>.</summary>
internal sealed record RescueOutcome(bool VerifiedFlat, decimal KeptQuantity, string? ReasonCode);

/// <summary>The I/O side of the machine: one entry action per state that does work. Each posts the next trigger.</summary>
internal interface IArbStateActions
{
    Task OnPreflightAsync();

    Task OnLegAAsync();

    Task OnLegBAsync();

    Task OnLegBFailedAsync();

    Task OnHedgeOutAsync();

    Task OnHedgedAsync();

    Task OnIncidentAsync();
}

/// <summary>A configured machine with its parameterised triggers.</summary>
internal sealed record ArbMachine(
    Stateless.StateMachine<ArbState, ArbTrigger> Machine,
    Stateless.StateMachine<ArbState, ArbTrigger>.TriggerWithParameters<PreflightVerdict> PreflightCompleted,
    Stateless.StateMachine<ArbState, ArbTrigger>.TriggerWithParameters<LegAOutcome> LegACompleted,
    Stateless.StateMachine<ArbState, ArbTrigger>.TriggerWithParameters<LegBOutcome> LegBCompleted,
    Stateless.StateMachine<ArbState, ArbTrigger>.TriggerWithParameters<RescueOutcome> RescueCompleted,
    Stateless.StateMachine<ArbState, ArbTrigger>.TriggerWithParameters<string> Fault);
