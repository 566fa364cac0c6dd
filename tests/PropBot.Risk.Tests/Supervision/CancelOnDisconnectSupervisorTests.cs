using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Supervision;

public class CancelOnDisconnectSupervisorTests
{
    private sealed class Fixture
    {
        public Fixture(Action<RiskOptions>? configure = null)
        {
            R = new RiskKit(o =>
            {
                o.Venues = [new RiskVenueOptions { Id = "binance_um", Symbols = ["BTCUSDT", "ETHUSDT"] }, new RiskVenueOptions { Id = "okx_perp", Symbols = ["BTC-USDT-SWAP", "ETH-USDT-SWAP"] }];
                configure?.Invoke(o);
            });
            Binance = new FakeVenue(VenueId.BinanceUsdFutures, () => R.Now);
            Okx = new FakeVenue(VenueId.OkxSwap, () => R.Now);
            Supervisor = new CancelOnDisconnectSupervisor(R.WrappedOptions, [Binance.Client, Okx.Client], R.Events, R.Time, null, R.Metrics);
        }

        public RiskKit R { get; }

        public FakeVenue Binance { get; }

        public FakeVenue Okx { get; }

        public CancelOnDisconnectSupervisor Supervisor { get; }
    }

    [Fact]
    public async Task TickAsync_BothFresh_HeartbeatsBinancePerSymbolAndOkxAccountWide()
    {
        var f = new Fixture();

        (await f.Supervisor.TickAsync()).ShouldBeTrue();

        f.Binance.Armed.ShouldBe([("BTCUSDT", TimeSpan.FromSeconds(15)), ("ETHUSDT", TimeSpan.FromSeconds(15))]);
        f.Okx.Armed.ShouldBe([(null, TimeSpan.FromSeconds(15))]);
        f.Supervisor.Status.ShouldBe(new CancelOnDisconnectStatus { Enabled = true, Heartbeating = true, LastHeartbeat = RiskKit.Start, LastTick = RiskKit.Start });
    }

    [Theory]
    [InlineData(5000, true)]
    [InlineData(5001, false)]
    public async Task TickAsync_FeedAge_AtAndPastBoundary(int ageMs, bool heartbeats)
    {
        var f = new Fixture();
        f.Okx.Age = TimeSpan.FromMilliseconds(ageMs);

        (await f.Supervisor.TickAsync()).ShouldBe(heartbeats);

        f.Binance.ArmCount.ShouldBe(heartbeats ? 2 : 0);
        f.Okx.ArmCount.ShouldBe(heartbeats ? 1 : 0);
    }

    [Fact]
    public async Task TickAsync_OneSideStale_StopsThenResumesWhenFresh()
    {
        var f = new Fixture();
        var changes = new List<CancelOnDisconnectStatus>();
        f.Supervisor.StatusChanged += changes.Add;
        await f.Supervisor.TickAsync();

        f.R.Time.Advance(TimeSpan.FromSeconds(5));
        f.Binance.Connected = false;
        (await f.Supervisor.TickAsync()).ShouldBeFalse();
        f.R.Time.Advance(TimeSpan.FromSeconds(5));
        (await f.Supervisor.TickAsync()).ShouldBeFalse();

        f.Binance.ArmCount.ShouldBe(2);
        f.Okx.ArmCount.ShouldBe(1);
        f.Supervisor.Status.Heartbeating.ShouldBeFalse();
        f.Supervisor.Status.StoppedReason.ShouldBe("binance_um: stream book disconnected");
        f.Supervisor.Status.LastHeartbeat.ShouldBe(RiskKit.Start);
        var incident = f.R.Incidents.ShouldHaveSingleItem();
        incident.Kind.ShouldBe(RiskIncidentKinds.DeadManHeartbeatStopped);
        incident.Message.ShouldBe("Stopped heart-beating dead-man switches: binance_um: stream book disconnected");

        f.Binance.Connected = true;
        f.R.Time.Advance(TimeSpan.FromSeconds(5));
        (await f.Supervisor.TickAsync()).ShouldBeTrue();

        f.Binance.ArmCount.ShouldBe(4);
        f.Okx.ArmCount.ShouldBe(2);
        changes.Select(c => c.Heartbeating).ShouldBe([true, false, true]);
    }

    [Fact]
    public async Task TickAsync_StaleFeedReason_NamesKeyAndAge()
    {
        var f = new Fixture();
        f.Okx.Age = null;
        await f.Supervisor.TickAsync();
        f.Supervisor.Status.StoppedReason.ShouldBe("okx_perp: stream book stale (guards:max_feed_age_ms 5000), was no message yet");
        f.Okx.Age = TimeSpan.FromSeconds(6);
        await f.Supervisor.TickAsync();
        f.Supervisor.Status.StoppedReason.ShouldBe("okx_perp: stream book stale (guards:max_feed_age_ms 5000), was 6000 ms");
    }

    [Fact]
    public async Task TickAsync_ClockNeverSynchronised_NoHeartbeat()
    {
        var f = new Fixture();
        f.Okx.Clock = new ClockState();
        (await f.Supervisor.TickAsync()).ShouldBeFalse();
        f.Supervisor.Status.StoppedReason.ShouldBe("okx_perp: clock never synchronised");
    }

    [Fact]
    public async Task TickAsync_Disabled_NeverHeartbeats()
    {
        var f = new Fixture(o => o.Guards.CancelOnDisconnect = false);
        (await f.Supervisor.TickAsync()).ShouldBeFalse();
        f.Binance.ArmCount.ShouldBe(0);
        f.Supervisor.Status.Enabled.ShouldBeFalse();
        f.Supervisor.Status.StoppedReason.ShouldBe("guards:cancel_on_disconnect is false");
    }

    [Fact]
    public async Task ExecuteAsync_HeartbeatsEveryIntervalOnTheFakeClock()
    {
        var f = new Fixture();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await f.Supervisor.StartAsync(cts.Token);
        try
        {
            (await f.Okx.ArmSignal.WaitAsync(TimeSpan.FromSeconds(20), cts.Token)).ShouldBeTrue();
            f.Okx.ArmCount.ShouldBe(1);

            // The loop sleeps on the fake clock: nothing more until time advances by the interval.
            var resumed = false;
            for (var i = 0; i < 100 && !resumed; i++)
            {
                f.R.Time.Advance(TimeSpan.FromMilliseconds(5000));
                resumed = await f.Okx.ArmSignal.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }

            resumed.ShouldBeTrue();
            f.Okx.ArmCount.ShouldBeGreaterThanOrEqualTo(2);
        }
        finally
        {
            await f.Supervisor.StopAsync(CancellationToken.None);
        }
    }
}
