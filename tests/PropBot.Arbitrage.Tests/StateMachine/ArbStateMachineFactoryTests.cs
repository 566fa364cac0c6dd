using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.StateMachine;

/// <summary>The graph and its guards, fired directly (entry actions record only).</summary>
public sealed class ArbStateMachineFactoryTests
{
    private ArbState _state = ArbState.Idle;

    [Fact]
    public async Task Create_SuccessPath_ReachesDone()
    {
        var actions = new RecordingActions();
        var m = Create(PartialFillPolicy.RejectIfUnhedged, actions);

        await m.Machine.FireAsync(ArbTrigger.Start);
        await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(true, null));
        await m.Machine.FireAsync(m.LegACompleted, new LegAOutcome(Fill(LegRole.A, 1m, 1m), 0m));
        await m.Machine.FireAsync(m.LegBCompleted, new LegBOutcome(Fill(LegRole.A, 1m, 1m), Fill(LegRole.B, 1m, 1m)));
        await m.Machine.FireAsync(ArbTrigger.Complete);

        _state.ShouldBe(ArbState.Done);
        actions.Entered.ShouldBe(["preflight", "legA", "legB", "hedged"]);
    }

    [Theory]
    [InlineData(PartialFillPolicy.RejectIfUnhedged, 1, 1, 0, ArbState.LegB)]
    [InlineData(PartialFillPolicy.RejectIfUnhedged, 1, 0.5, 0, ArbState.HedgeOutA)]
    [InlineData(PartialFillPolicy.HedgeRemaining, 1, 0.5, 0, ArbState.LegB)]
    [InlineData(PartialFillPolicy.RejectIfUnhedged, 1, 0, 0, ArbState.Aborted)]
    [InlineData(PartialFillPolicy.HedgeRemaining, 1, 0, 0, ArbState.Aborted)]
    [InlineData(PartialFillPolicy.RejectIfUnhedged, 1, 0, 1, ArbState.HedgeOutA)]
    public async Task LegACompleted_GuardsByFillAndPolicy(PartialFillPolicy policy, double requested, double filled, double concurrentB, ArbState expected)
    {
        var m = Create(policy, new RecordingActions());
        await m.Machine.FireAsync(ArbTrigger.Start);
        await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(true, null));

        await m.Machine.FireAsync(m.LegACompleted, new LegAOutcome(Fill(LegRole.A, (decimal)requested, (decimal)filled), (decimal)concurrentB));

        _state.ShouldBe(expected);
    }

    [Theory]
    [InlineData(1, ArbState.Hedged)]
    [InlineData(0.5, ArbState.HedgeOutA)]
    [InlineData(0, ArbState.HedgeOutA)]
    public async Task LegBCompleted_ShortOrFailed_GoesThroughRescue(double bFilled, ArbState expected)
    {
        var actions = new RecordingActions();
        var m = Create(PartialFillPolicy.RejectIfUnhedged, actions);
        await m.Machine.FireAsync(ArbTrigger.Start);
        await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(true, null));
        await m.Machine.FireAsync(m.LegACompleted, new LegAOutcome(Fill(LegRole.A, 1m, 1m), 0m));

        await m.Machine.FireAsync(m.LegBCompleted, new LegBOutcome(Fill(LegRole.A, 1m, 1m), Fill(LegRole.B, 1m, (decimal)bFilled)));
        if (_state == ArbState.LegAFilledLegBFail)
        {
            await m.Machine.FireAsync(ArbTrigger.StartRescue);
        }

        _state.ShouldBe(expected);
        if (expected == ArbState.HedgeOutA)
        {
            actions.Entered.ShouldContain("legBFailed");
        }
    }

    [Theory]
    [InlineData(true, 0.5, ArbState.Hedged)]
    [InlineData(true, 0, ArbState.Failed)]
    [InlineData(false, 0, ArbState.Incident)]
    public async Task RescueCompleted_GuardsByVerification(bool verified, double kept, ArbState expected)
    {
        var m = Create(PartialFillPolicy.HedgeRemaining, new RecordingActions());
        await m.Machine.FireAsync(ArbTrigger.Start);
        await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(true, null));
        await m.Machine.FireAsync(m.LegACompleted, new LegAOutcome(Fill(LegRole.A, 1m, 1m), 0m));
        await m.Machine.FireAsync(m.LegBCompleted, new LegBOutcome(Fill(LegRole.A, 1m, 1m), Fill(LegRole.B, 1m, 0m)));
        await m.Machine.FireAsync(ArbTrigger.StartRescue);

        await m.Machine.FireAsync(m.RescueCompleted, new RescueOutcome(verified, (decimal)kept, null));

        _state.ShouldBe(expected);
    }

    [Fact]
    public async Task PreflightCompleted_Failed_Aborts()
    {
        var m = Create(PartialFillPolicy.RejectIfUnhedged, new RecordingActions());
        await m.Machine.FireAsync(ArbTrigger.Start);

        await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(false, "EDGE_BELOW_MIN"));

        _state.ShouldBe(ArbState.Aborted);
        _state.IsTerminal().ShouldBeTrue();
    }

    [Theory]
    [InlineData(ArbState.Preflight, ArbState.Aborted)]
    [InlineData(ArbState.LegA, ArbState.Incident)]
    [InlineData(ArbState.LegB, ArbState.Incident)]
    public async Task Fault_ByState_AbortsBeforeOrdersOrRaisesIncident(ArbState from, ArbState expected)
    {
        var m = Create(PartialFillPolicy.RejectIfUnhedged, new RecordingActions());
        await m.Machine.FireAsync(ArbTrigger.Start);
        if (from != ArbState.Preflight)
        {
            await m.Machine.FireAsync(m.PreflightCompleted, new PreflightVerdict(true, null));
        }

        if (from == ArbState.LegB)
        {
            await m.Machine.FireAsync(m.LegACompleted, new LegAOutcome(Fill(LegRole.A, 1m, 1m), 0m));
        }

        await m.Machine.FireAsync(m.Fault, "FAULT");

        _state.ShouldBe(expected);
    }

    [Fact]
    public void ToSpecName_AllStates_SpecSpelling()
    {
        Enum.GetValues<ArbState>().Select(s => s.ToSpecName()).ShouldBe(
            ["IDLE", "PREFLIGHT", "LEG_A", "LEG_B", "HEDGED", "DONE", "LEG_A_FILLED_LEG_B_FAIL", "HEDGE_OUT_A", "ABORTED", "FAILED", "INCIDENT"]);
    }

    private ArbMachine Create(PartialFillPolicy policy, RecordingActions actions) =>
        ArbStateMachineFactory.Create(() => _state, s => _state = s, policy, actions);

    private static LegFill Fill(LegRole role, decimal requested, decimal filled) => new()
    {
        Role = role,
        Instrument = new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"),
        Side = OrderSide.Sell,
        ClientOrderId = new ClientOrderId("pb000000000000A0"),
        RequestedQuantity = requested,
        FilledQuantity = filled,
        Status = OrderStatus.Filled,
    };

    private sealed class RecordingActions : IArbStateActions
    {
        public List<string> Entered { get; } = [];

        public Task OnPreflightAsync() => Record("preflight");

        public Task OnLegAAsync() => Record("legA");

        public Task OnLegBAsync() => Record("legB");

        public Task OnLegBFailedAsync() => Record("legBFailed");

        public Task OnHedgeOutAsync() => Record("hedgeOut");

        public Task OnHedgedAsync() => Record("hedged");

        public Task OnIncidentAsync() => Record("incident");

        private Task Record(string name)
        {
            Entered.Add(name);
            return Task.CompletedTask;
        }
    }
}
