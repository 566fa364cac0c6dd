using Microsoft.Extensions.DependencyInjection;
using PropBot.Arbitrage.Tests.Fakes;
using PropBot.Exchanges;
using PropBot.Risk;

namespace PropBot.Arbitrage.Tests.Execution;

/// <summary>The engine wired by DI with PropBot.Risk (real gate, trading state, breaker) on the fake venues.</summary>
public sealed class RiskIntegrationTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task ExecuteAsync_KillSwitchDuringLegB_LegBNotSentAndLegAHedgedOut()
    {
        using var sp = Build();
        var engine = sp.GetRequiredService<IArbitrageEngine>();
        var state = sp.GetRequiredService<ITradingStateController>();
        _h.Okx.OnPlace = r =>
        {
            if (!r.ReduceOnly)
            {
                state.Escalate(TradingState.Halted, "kill switch while leg A is in flight", "operator");
            }
        };

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Checks.ShouldAllBe(c => c.Passed);
        report.Outcome.ShouldBe(ExecutionOutcome.Rescued);
        report.ReasonCode.ShouldBe("LEG_B_FAILED");
        report.LegB!.FailureCode.ShouldBe(RiskDenialCodes.Halted);
        _h.Binance.Placed.ShouldBeEmpty();
        _h.Okx.Placed[1].ReduceOnly.ShouldBeTrue();
        _h.Okx.NetPosition().ShouldBe(0m);
        sp.GetRequiredService<IRunawayBreaker>().GetSnapshot().Rescues.ShouldBe(1);

        var next = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));
        next.Outcome.ShouldBe(ExecutionOutcome.Aborted);
        next.ReasonCode.ShouldBe(RiskDenialCodes.Halted);
        _h.Okx.Placed.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_RescueUnverified_EscalatesRiskToHalted()
    {
        using var sp = Build();
        var engine = sp.GetRequiredService<IArbitrageEngine>();
        var incidents = new List<RiskIncident>();
        sp.GetRequiredService<RiskEvents>().IncidentRaised += incidents.Add;
        _h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject));
        _h.Okx.PositionsUnreadable = false;
        _h.Okx.Script(new FakeOrderScript(FakeOrderBehavior.Normal), new FakeOrderScript(FakeOrderBehavior.Reject), new FakeOrderScript(FakeOrderBehavior.Reject), new FakeOrderScript(FakeOrderBehavior.Reject));

        var report = await _h.Pump(engine.ExecuteAsync(_h.Pair, 0.01m, dryRun: false));

        report.Outcome.ShouldBe(ExecutionOutcome.Incident);
        sp.GetRequiredService<ITradingStateController>().State.ShouldBe(TradingState.Halted);
        incidents.Select(i => i.Kind).ShouldBe([RiskGatePort.RescueIncidentKind, RiskGatePort.ExecutionIncidentKind]);
        incidents[1].Details["execution_id"].ShouldBe(report.ExecutionId);
    }

    [Fact]
    public async Task ExecuteAsync_SizeAboveCaps_LimitedByRiskHeadroom()
    {
        using var sp = Build(risk => risk.NotionalCaps.PerSymbolUsd = 1_500m);
        var engine = sp.GetRequiredService<IArbitrageEngine>();

        var preview = await _h.Pump(engine.PreviewAsync(_h.Pair, 0.5m));

        preview.Edge.TradableQuantity.ShouldBe(0.01m); // 1500 USD at ~100 400 → 0.0149 → joint step 0.01
        preview.Passed.ShouldBeTrue();
    }

    private ServiceProvider Build(Action<RiskOptions>? risk = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_h.Time);
        services.AddSingleton<IDerivClient>(_h.Binance);
        services.AddSingleton<IDerivClient>(_h.Okx);
        services.AddSingleton<IExecutionJournal>(_h.Journal);
        services.AddSingleton<IExecutionIdGenerator>(new ExecutionIdGenerator(7));
        services.AddPropBotRisk(o => risk?.Invoke(o));
        services.AddPropBotArbitrage(o =>
        {
            o.Pairs = _h.Options.Pairs;
            o.LegBFailurePrior = 0m;
        });
        return services.BuildServiceProvider();
    }
}
