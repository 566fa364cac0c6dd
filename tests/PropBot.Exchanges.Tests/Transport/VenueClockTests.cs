using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Tests.Transport;

public sealed class VenueClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ServerTimeInfo Reading(DateTimeOffset local, double offsetMs, double roundTripMs) => new()
    {
        LocalTime = local,
        ServerTime = local + TimeSpan.FromMilliseconds(offsetMs),
        RoundTrip = TimeSpan.FromMilliseconds(roundTripMs),
    };

    [Fact]
    public void Update_FirstReading_UsesItsMidpointOffset()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new VenueClock(time);

        var result = clock.Update(Reading(Start, 40, 10));

        result.Offset.ShouldBe(TimeSpan.FromMilliseconds(40));
        clock.Offset.ShouldBe(TimeSpan.FromMilliseconds(40));
        clock.State.RoundTrip.ShouldBe(TimeSpan.FromMilliseconds(10));
        clock.State.LastSync.ShouldBe(Start);
    }

    [Fact]
    public void Update_SlowReadingConsistentWithTighterOne_KeepsTighterOffset()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new VenueClock(time);
        clock.Update(Reading(Start, 5, 4));
        time.Advance(TimeSpan.FromSeconds(10));

        // A loaded host: 900 ms round trip, midpoint estimate 400 ms off, but within its own +-450 ms bound.
        var result = clock.Update(Reading(time.GetUtcNow(), 400, 900));

        result.Offset.ShouldBe(TimeSpan.FromMilliseconds(5));
        result.RoundTrip.ShouldBe(TimeSpan.FromMilliseconds(4));
        clock.Offset.ShouldBe(TimeSpan.FromMilliseconds(5));
        clock.State.LastSync.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public void Update_TighterReading_ReplacesOffset()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new VenueClock(time);
        clock.Update(Reading(Start, 300, 700));

        var result = clock.Update(Reading(Start, 12, 3));

        result.Offset.ShouldBe(TimeSpan.FromMilliseconds(12));
        clock.Offset.ShouldBe(TimeSpan.FromMilliseconds(12));
    }

    [Fact]
    public void Update_ReadingOutsideTighterBounds_ClockSteppedAndNewOffsetWins()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new VenueClock(time);
        clock.Update(Reading(Start, 0, 4));
        time.Advance(TimeSpan.FromSeconds(10));

        // 500 ms skew measured with a 100 ms round trip cannot be explained by the round trip: a real step.
        var result = clock.Update(Reading(time.GetUtcNow(), 500, 100));

        result.Offset.ShouldBe(TimeSpan.FromMilliseconds(500));
        clock.Offset.ShouldBe(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Update_TighterReadingExpired_NewReadingWins()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new VenueClock(time);
        clock.Update(Reading(Start, 0, 4));
        time.Advance(VenueClock.SampleLifetime + TimeSpan.FromSeconds(1));

        var result = clock.Update(Reading(time.GetUtcNow(), 30, 200));

        result.Offset.ShouldBe(TimeSpan.FromMilliseconds(30));
        clock.Offset.ShouldBe(TimeSpan.FromMilliseconds(30));
    }
}
