using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PropBot.Arbitrage.Tests.Fakes;

namespace PropBot.Arbitrage.Tests.Telemetry;

public sealed class ArbitrageMetricsTests
{
    [Fact]
    public async Task RecordExecution_Outcomes_PublishedOnPropBotArbitrageMeter()
    {
        using var sp = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = sp.GetRequiredService<IMeterFactory>();
        using var executions = new MetricCollector<long>(factory, "PropBot.Arbitrage", "propbot.arbitrage.executions");
        using var cycle = new MetricCollector<double>(factory, "PropBot.Arbitrage", "propbot.arbitrage.cycle.duration");
        using var gap = new MetricCollector<double>(factory, "PropBot.Arbitrage", "propbot.arbitrage.leg_gap.duration");
        using var rescues = new MetricCollector<long>(factory, "PropBot.Arbitrage", "propbot.arbitrage.rescues");
        using var predicted = new MetricCollector<double>(factory, "PropBot.Arbitrage", "propbot.arbitrage.edge.predicted");
        var h = new EngineHarness(new ArbitrageMetrics(factory));
        var engine = h.CreateEngine();

        await h.Pump(engine.ExecuteAsync(h.Pair, 0.01m, dryRun: false));
        h.Binance.Script(new FakeOrderScript(FakeOrderBehavior.Reject));
        await h.Pump(engine.ExecuteAsync(h.Pair, 0.01m, dryRun: false));

        executions.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]).ShouldBe(["SUCCEEDED", "RESCUED"]);
        cycle.GetMeasurementSnapshot().Count.ShouldBe(2);
        gap.GetMeasurementSnapshot().Count.ShouldBe(2);
        rescues.GetMeasurementSnapshot().ShouldHaveSingleItem().Value.ShouldBe(1);
        predicted.GetMeasurementSnapshot().Count.ShouldBe(2);
    }
}
