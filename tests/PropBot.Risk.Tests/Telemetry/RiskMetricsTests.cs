using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Telemetry;

public class RiskMetricsTests
{
    [Fact]
    public void Denial_CountedByReason()
    {
        using var sp = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = sp.GetRequiredService<IMeterFactory>();
        using var denials = new MetricCollector<long>(factory, RiskTelemetry.MeterName, RiskTelemetry.Denials);
        var r = new RiskKit(meterFactory: factory);

        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(r.Healthy() with { Connected = false }));
        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market());

        var m = denials.GetMeasurementSnapshot().ShouldHaveSingleItem();
        m.Value.ShouldBe(1);
        m.Tags["reason"].ShouldBe(RiskDenialCodes.VenueDisconnected);
    }

    [Fact]
    public void TradingState_GaugeAndChangesObserved()
    {
        using var sp = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = sp.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<int>(factory, RiskTelemetry.MeterName, RiskTelemetry.TradingState);
        using var changes = new MetricCollector<long>(factory, RiskTelemetry.MeterName, RiskTelemetry.TradingStateChanges);
        var r = new RiskKit(meterFactory: factory);

        r.State.Escalate(TradingState.Halted, "drill", "alice");
        gauge.RecordObservableInstruments();

        gauge.LastMeasurement!.Value.ShouldBe(2);
        var c = changes.GetMeasurementSnapshot().ShouldHaveSingleItem();
        c.Tags["to"].ShouldBe("Halted");
        c.Tags["code"].ShouldBe(TradingStateChangeCodes.ManualEscalation);
    }
}
