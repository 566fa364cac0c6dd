using Stateless;

namespace PropBot.Arbitrage;

/// <summary>
/// Builds the execution state machine, the whole graph in this one place. Guards are pure functions of the trigger
/// payload and the (immutable) partial-fill policy, mutually exclusive per trigger, and described (the descriptions
/// appear in the exported graph). All I/O happens in async entry actions supplied by <see cref="IArbStateActions"/>.
/// Queued firing: the machine is not thread-safe, so every trigger goes through the execution's single channel reader.
/// </summary>
internal static class ArbStateMachineFactory
{
    public static ArbMachine Create(Func<ArbState> read, Action<ArbState> write, PartialFillPolicy policy, IArbStateActions actions)
    {
        var m = new StateMachine<ArbState, ArbTrigger>(read, write, FiringMode.Queued);
        var preflight = m.SetTriggerParameters<PreflightVerdict>(ArbTrigger.PreflightCompleted);
        var legA = m.SetTriggerParameters<LegAOutcome>(ArbTrigger.LegACompleted);
        var legB = m.SetTriggerParameters<LegBOutcome>(ArbTrigger.LegBCompleted);
        var rescue = m.SetTriggerParameters<RescueOutcome>(ArbTrigger.RescueCompleted);
        var fault = m.SetTriggerParameters<string>(ArbTrigger.Fault);
        var hedgeRemaining = policy == PartialFillPolicy.HedgeRemaining;

        m.Configure(ArbState.Idle)
            .Permit(ArbTrigger.Start, ArbState.Preflight)
            .Permit(ArbTrigger.Fault, ArbState.Aborted);

        m.Configure(ArbState.Preflight)
            .OnEntryAsync(actions.OnPreflightAsync, "run preflight checks and plan")
            .PermitIf(preflight, ArbState.LegA, v => v.Passed, "all checks passed")
            .PermitIf(preflight, ArbState.Aborted, v => !v.Passed, "a check failed")
            .Permit(ArbTrigger.Fault, ArbState.Aborted);

        m.Configure(ArbState.LegA)
            .OnEntryAsync(actions.OnLegAAsync, "send leg A (IOC taker, or post-only maker with taker fallback)")
            .PermitIf(legA, ArbState.LegB, o => o.LegA.IsComplete, "leg A filled completely")
            .PermitIf(legA, ArbState.LegB, o => IsPartial(o.LegA) && hedgeRemaining, "leg A partial, hedge_remaining")
            .PermitIf(legA, ArbState.HedgeOutA, o => IsPartial(o.LegA) && !hedgeRemaining, "leg A partial, reject_if_unhedged")
            .PermitIf(legA, ArbState.Aborted, o => o.LegA.IsEmpty && o.ConcurrentLegBFilled <= 0m, "nothing filled")
            .PermitIf(legA, ArbState.HedgeOutA, o => o.LegA.IsEmpty && o.ConcurrentLegBFilled > 0m, "only the concurrent leg filled")
            .Permit(ArbTrigger.Fault, ArbState.Incident);

        m.Configure(ArbState.LegB)
            .OnEntryAsync(actions.OnLegBAsync, "send leg B sized from leg A's fill")
            .PermitIf(legB, ArbState.Hedged, o => o.LegB.FilledQuantity == o.LegA.FilledQuantity, "leg B matched leg A")
            .PermitIf(legB, ArbState.LegAFilledLegBFail, o => o.LegB.FilledQuantity != o.LegA.FilledQuantity, "leg B failed, short or residual")
            .Permit(ArbTrigger.Fault, ArbState.Incident);

        m.Configure(ArbState.LegAFilledLegBFail)
            .OnEntryAsync(actions.OnLegBFailedAsync, "journal incident (unmatched exposure)")
            .Permit(ArbTrigger.StartRescue, ArbState.HedgeOutA)
            .Permit(ArbTrigger.Fault, ArbState.Incident);

        m.Configure(ArbState.HedgeOutA)
            .OnEntryAsync(actions.OnHedgeOutAsync, "feed runaway breaker; reduce-only market hedge-out (reserved lane); verify flat")
            .PermitIf(rescue, ArbState.Hedged, r => r.VerifiedFlat && r.KeptQuantity > 0m, "verified, matched quantity kept")
            .PermitIf(rescue, ArbState.Failed, r => r.VerifiedFlat && r.KeptQuantity <= 0m, "verified flat")
            .PermitIf(rescue, ArbState.Incident, r => !r.VerifiedFlat, "not verified flat")
            .Permit(ArbTrigger.Fault, ArbState.Incident);

        m.Configure(ArbState.Hedged)
            .OnEntryAsync(actions.OnHedgedAsync, "record hedged position")
            .Permit(ArbTrigger.Complete, ArbState.Done)
            .Permit(ArbTrigger.Fault, ArbState.Incident);

        m.Configure(ArbState.Done);
        m.Configure(ArbState.Aborted);
        m.Configure(ArbState.Failed);
        m.Configure(ArbState.Incident)
            .OnEntryAsync(actions.OnIncidentAsync, "raise incident, halt engine");

        return new ArbMachine(m, preflight, legA, legB, rescue, fault);
    }

    private static bool IsPartial(LegFill fill) => !fill.IsEmpty && !fill.IsComplete;
}

/// <summary>Exports the execution state machine graph (the code is the source; the diagram is a by-product).</summary>
public static class ArbStateMachineDiagram
{
    /// <summary>The graph in Graphviz DOT (UML style), with guard and entry-action descriptions.</summary>
    public static string ToDot() => Stateless.Graph.UmlDotGraph.Format(Build().GetInfo());

    /// <summary>The graph as a Mermaid state diagram.</summary>
    public static string ToMermaid() => Stateless.Graph.MermaidGraph.Format(Build().GetInfo());

    private static StateMachine<ArbState, ArbTrigger> Build()
    {
        var state = ArbState.Idle;
        return ArbStateMachineFactory.Create(() => state, s => state = s, PartialFillPolicy.RejectIfUnhedged, NoActions.Instance).Machine;
    }

    private sealed class NoActions : IArbStateActions
    {
        public static readonly NoActions Instance = new();

        public Task OnPreflightAsync() => Task.CompletedTask;

        public Task OnLegAAsync() => Task.CompletedTask;

        public Task OnLegBAsync() => Task.CompletedTask;

        public Task OnLegBFailedAsync() => Task.CompletedTask;

        public Task OnHedgeOutAsync() => Task.CompletedTask;

        public Task OnHedgedAsync() => Task.CompletedTask;

        public Task OnIncidentAsync() => Task.CompletedTask;
    }
}
