using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.RateLimiting;

namespace PropBot.Exchanges.Tests.RateLimiting;

public class RateLimitGovernorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static (RateLimitGovernor Governor, FakeTimeProvider Time) Create(int limit = 10, RateLimitWindowKind kind = RateLimitWindowKind.Fixed, double reserved = 0.2)
    {
        var time = new FakeTimeProvider(Start);
        var governor = new RateLimitGovernor(VenueId.BinanceUsdFutures, time, reserved, [new RateLimitWindow("W", TimeSpan.FromMinutes(1), limit, kind)]);
        return (governor, time);
    }

    [Fact]
    public void TryAcquire_OrdinaryTraffic_StopsAtLimitMinusReserve()
    {
        var (governor, _) = Create();
        for (var i = 0; i < 8; i++)
        {
            governor.TryAcquire("W", 1, riskReducing: false).ShouldBeNull();
        }

        var refusal = governor.TryAcquire("W", 1, riskReducing: false);

        refusal.ShouldNotBeNull();
        refusal.Kind.ShouldBe(VenueErrorKind.Throttled);
        refusal.Reason.ShouldBe(VenueErrorReason.LocalRateLimit);
        refusal.RetryAfter.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void TryAcquire_RiskReducing_UsesReservedLaneAfterOrdinaryIsFull()
    {
        var (governor, _) = Create();
        while (governor.TryAcquire("W", 1, OrderPurpose.Entry) is null)
        {
        }

        governor.TryAcquire("W", 1, OrderPurpose.HedgeOut).ShouldBeNull();
        governor.TryAcquire("W", 1, OrderPurpose.Flatten).ShouldBeNull();
        governor.TryAcquire("W", 1, OrderPurpose.Repair).ShouldNotBeNull();
        governor.Snapshot().Single().Used.ShouldBe(10);
    }

    [Fact]
    public void TryAcquire_FixedWindowRolls_CountResets()
    {
        var (governor, time) = Create();
        governor.TryAcquire("W", 8, riskReducing: false).ShouldBeNull();
        governor.TryAcquire("W", 1, riskReducing: false).ShouldNotBeNull();

        time.Advance(TimeSpan.FromMinutes(1));

        governor.TryAcquire("W", 1, riskReducing: false).ShouldBeNull();
        governor.Snapshot().Single().Used.ShouldBe(1);
    }

    [Fact]
    public void TryAcquire_SlidingWindow_FreesUnitsAsTheyAge()
    {
        var (governor, time) = Create(kind: RateLimitWindowKind.Sliding);
        governor.TryAcquire("W", 4, riskReducing: false).ShouldBeNull();
        time.Advance(TimeSpan.FromSeconds(30));
        governor.TryAcquire("W", 4, riskReducing: false).ShouldBeNull();
        var refusal = governor.TryAcquire("W", 1, riskReducing: false);
        refusal.ShouldNotBeNull();
        refusal.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(30));

        governor.TryAcquire("W", 4, riskReducing: false).ShouldBeNull();
        governor.Snapshot().Single().Used.ShouldBe(8);
    }

    [Fact]
    public void TryAcquire_SeveralWindows_AllOrNothing()
    {
        var time = new FakeTimeProvider(Start);
        var governor = new RateLimitGovernor(VenueId.BinanceUsdFutures, time, 0, [
            new RateLimitWindow("A", TimeSpan.FromMinutes(1), 10),
            new RateLimitWindow("B", TimeSpan.FromSeconds(10), 2),
        ]);
        governor.TryAcquire([new("A", 1), new("B", 1)], riskReducing: false).ShouldBeNull();
        governor.TryAcquire([new("A", 1), new("B", 1)], riskReducing: false).ShouldBeNull();

        governor.TryAcquire([new("A", 1), new("B", 1)], riskReducing: false).ShouldNotBeNull();

        var usage = governor.Snapshot().ToDictionary(u => u.Name);
        usage["A"].Used.ShouldBe(2);
        usage["B"].Used.ShouldBe(2);
        usage["B"].Rejected.ShouldBe(1);
    }

    [Fact]
    public void ReconcileUsed_VenueCountHigher_TakesVenueCount()
    {
        var (governor, _) = Create();
        governor.TryAcquire("W", 2, riskReducing: false).ShouldBeNull();

        governor.ReconcileUsed("W", 7);

        governor.Snapshot().Single().Used.ShouldBe(7);
        governor.TryAcquire("W", 2, riskReducing: false).ShouldNotBeNull();
        governor.TryAcquire("W", 1, riskReducing: false).ShouldBeNull();
    }

    [Fact]
    public void ReconcileUsed_VenueCountLower_KeepsLocalCount()
    {
        var (governor, _) = Create();
        governor.TryAcquire("W", 5, riskReducing: false).ShouldBeNull();

        governor.ReconcileUsed("W", 1);

        governor.Snapshot().Single().Used.ShouldBe(5);
    }

    [Fact]
    public void BlockUntil_Ban_RefusesEverythingUntilItEnds()
    {
        var (governor, time) = Create();
        governor.BlockUntil(Start.AddMinutes(2), "HTTP 418");

        var refusal = governor.TryAcquire("W", 1, OrderPurpose.Flatten);
        refusal.ShouldNotBeNull();
        refusal.Kind.ShouldBe(VenueErrorKind.Throttled);
        refusal.RetryAfter.ShouldBe(TimeSpan.FromMinutes(2));
        governor.TryAcquire("Unknown", 1, riskReducing: true).ShouldNotBeNull();
        governor.Snapshot().Single().BlockedUntil.ShouldBe(Start.AddMinutes(2));

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
        governor.TryAcquire("W", 1, OrderPurpose.Flatten).ShouldNotBeNull();
        time.Advance(TimeSpan.FromMilliseconds(1));

        governor.TryAcquire("W", 1, OrderPurpose.Entry).ShouldBeNull();
        governor.BlockedUntil.ShouldBeNull();
    }

    [Fact]
    public void BlockUntil_EarlierEnd_DoesNotShortenBan()
    {
        var (governor, _) = Create();
        governor.BlockUntil(Start.AddMinutes(5), "HTTP 418");
        governor.BlockUntil(Start.AddSeconds(10), "Retry-After");

        governor.BlockedUntil.ShouldBe(Start.AddMinutes(5));
    }

    [Fact]
    public void Configure_ExistingWindow_UpdatesLimitKeepsUsage()
    {
        var (governor, _) = Create();
        governor.TryAcquire("W", 3, riskReducing: false).ShouldBeNull();

        governor.Configure(new RateLimitWindow("W", TimeSpan.FromMinutes(1), 100));

        var usage = governor.Snapshot().Single();
        usage.Used.ShouldBe(3);
        usage.Limit.ShouldBe(100);
        usage.Reserved.ShouldBe(20);
    }

    [Fact]
    public void Snapshot_ReportsReservedAndRejected()
    {
        var (governor, _) = Create();
        governor.TryAcquire("W", 9, riskReducing: false).ShouldNotBeNull();

        var usage = governor.Snapshot().Single();

        usage.Name.ShouldBe("W");
        usage.Reserved.ShouldBe(2);
        usage.Rejected.ShouldBe(1);
        usage.Used.ShouldBe(0);
        usage.Window.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task TryAcquire_Concurrent_NeverExceedsLimit()
    {
        var (governor, _) = Create(limit: 1000, reserved: 0);
        var granted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (governor.TryAcquire("W", 1, riskReducing: false) is null)
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        granted.ShouldBe(1000);
    }
}
