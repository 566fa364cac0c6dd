using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Breakers;

public class RunawayBreakerTests
{
    [Theory]
    [InlineData(120, false)]
    [InlineData(121, true)]
    public void RecordPlace_AtAndPastLimit(int places, bool tripped)
    {
        var r = new RiskKit();
        for (var i = 0; i < places; i++)
        {
            r.Breaker.RecordPlace();
        }

        r.Breaker.IsTripped.ShouldBe(tripped);
        r.State.State.ShouldBe(tripped ? TradingState.Halted : TradingState.Active);
        r.Breaker.GetSnapshot().Places.ShouldBe(places);
    }

    [Fact]
    public void RecordPlace_Trip_HaltsWithReasonActorAndIncident()
    {
        var r = new RiskKit();
        for (var i = 0; i < 121; i++)
        {
            r.Breaker.RecordPlace();
        }

        var change = r.State.LastChange!;
        change.Code.ShouldBe(RiskDenialCodes.BreakerTripped);
        change.Actor.ShouldBe(RiskActors.RunawayBreaker);
        change.Reason.ShouldBe("runaway breaker: orders placed in the last minute exceed guards:runaway_breaker:place_per_min 120, was 121");
        var incident = r.Incidents.ShouldHaveSingleItem();
        incident.Kind.ShouldBe(RiskIncidentKinds.BreakerTripped);
        incident.Details["limit"].ShouldBe("place_per_min");
        incident.Id.ShouldBe("br2026112312000000001");
    }

    [Fact]
    public void RecordPlace_SpreadOverMoreThanAMinute_DoesNotTrip()
    {
        var r = new RiskKit();
        for (var i = 0; i < 120; i++)
        {
            r.Breaker.RecordPlace();
        }

        r.Time.Advance(TimeSpan.FromSeconds(60));
        r.Breaker.RecordPlace();

        r.Breaker.IsTripped.ShouldBeFalse();
        r.Breaker.GetSnapshot().Places.ShouldBe(1);
    }

    [Fact]
    public void RecordPlace_WithinTheSlidingMinute_Trips()
    {
        var r = new RiskKit();
        for (var i = 0; i < 120; i++)
        {
            r.Breaker.RecordPlace();
        }

        r.Time.Advance(TimeSpan.FromSeconds(59));
        r.Breaker.RecordPlace();

        r.Breaker.IsTripped.ShouldBeTrue();
    }

    [Theory]
    [InlineData(240, false)]
    [InlineData(241, true)]
    public void RecordCancel_AtAndPastLimit(int cancels, bool tripped)
    {
        var r = new RiskKit();
        for (var i = 0; i < cancels; i++)
        {
            r.Breaker.RecordCancel();
        }

        r.Breaker.IsTripped.ShouldBe(tripped);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void RecordRescue_AtAndPastLimit(int rescues, bool tripped)
    {
        var r = new RiskKit();
        for (var i = 0; i < rescues; i++)
        {
            r.Breaker.RecordRescue();
        }

        r.Breaker.IsTripped.ShouldBe(tripped);
    }

    [Theory]
    [InlineData("MMO", false)] // below min samples
    [InlineData("MMOO", false)] // 0.5 = limit
    [InlineData("MMMO", true)] // 0.75
    [InlineData("MMOOM", true)] // 0.6
    public void RecordFillOutcome_RatioAtAndPastLimit(string outcomes, bool tripped)
    {
        var r = new RiskKit();
        foreach (var o in outcomes)
        {
            r.Breaker.RecordFillOutcome(o == 'M');
        }

        r.Breaker.IsTripped.ShouldBe(tripped);
    }

    [Fact]
    public void Trip_ManualResetRequired_ThenClears()
    {
        var r = new RiskKit();
        for (var i = 0; i < 4; i++)
        {
            r.Breaker.RecordRescue();
        }

        r.Time.Advance(TimeSpan.FromMinutes(5));
        r.State.State.ShouldBe(TradingState.Halted); // time alone does not clear it
        r.State.Reset("", "x").Succeeded.ShouldBeFalse();
        r.Breaker.IsTripped.ShouldBeTrue();

        r.State.Reset("alice", "rescues investigated").Succeeded.ShouldBeTrue();

        r.Breaker.IsTripped.ShouldBeFalse();
        r.State.State.ShouldBe(TradingState.Active);
        r.Breaker.RecordRescue();
        r.Breaker.IsTripped.ShouldBeFalse();
    }

    [Fact]
    public void Trip_ResetAtOnce_FreshWindow()
    {
        var r = new RiskKit();
        for (var i = 0; i < 4; i++)
        {
            r.Breaker.RecordRescue();
        }

        r.State.Reset("alice", "investigated").Succeeded.ShouldBeTrue();

        r.Breaker.GetSnapshot().ShouldBe(new RunawayBreakerSnapshot(0, 0, 0, 0, 0, false));
        r.Breaker.RecordRescue();
        r.Breaker.IsTripped.ShouldBeFalse();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void Trip_CountsBreakerTripMetric()
    {
        using var sp = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = sp.GetRequiredService<IMeterFactory>();
        using var trips = new MetricCollector<long>(factory, RiskTelemetry.MeterName, RiskTelemetry.BreakerTrips);
        var r = new RiskKit(meterFactory: factory);
        for (var i = 0; i < 4; i++)
        {
            r.Breaker.RecordRescue();
        }

        var m = trips.GetMeasurementSnapshot().ShouldHaveSingleItem();
        m.Value.ShouldBe(1);
        m.Tags["limit"].ShouldBe("rescues_per_min");
    }
}
