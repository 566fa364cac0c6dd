using NSubstitute;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Exposure;

public class ExposureMonitorTests
{
    private static ExposureMonitor Monitor(RiskKit r, params FakeVenue[] venues) =>
        new(r.WrappedOptions, r.Book, r.State, r.Events, r.Margin, venues.Select(v => v.Client), r.Time);

    [Theory]
    [InlineData(2.0, false)]
    [InlineData(2.0001, true)]
    public void CheckDelta_AtAndPastLimit(decimal longQuantity, bool breach)
    {
        var r = new RiskKit(o => o.DeltaBreachGraceMs = 0);
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, longQuantity));
        var requests = Monitor(r).CheckDelta();

        requests.Count.ShouldBe(breach ? 1 : 0);
        r.State.State.ShouldBe(breach ? TradingState.Reducing : TradingState.Active);
        r.State.IsConditionActive(ExposureMonitor.DeltaConditionKey(RiskKit.Btc)).ShouldBe(breach);
    }

    [Fact]
    public void CheckDelta_Breach_RepairRequestReduceOnlyOnExcessSide()
    {
        var r = new RiskKit(o => o.DeltaBreachGraceMs = 0);
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m));
        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, 7m));
        var monitor = Monitor(r);

        var request = monitor.CheckDelta().ShouldHaveSingleItem();

        request.ShouldBe(new DeltaRepairRequest
        {
            Underlying = RiskKit.Btc, NetDeltaBase = 3m, NetDeltaUsd = 300m, LimitUsd = 200m,
            Instrument = RiskKit.BinanceBtc, Side = OrderSide.Sell, Quantity = 3m, Time = RiskKit.Start,
        });
        r.Repairs.ShouldHaveSingleItem().ShouldBe(request);
        r.Incidents.ShouldHaveSingleItem().Kind.ShouldBe(RiskIncidentKinds.DeltaLimit);
        r.State.LastChange!.Reason.ShouldBe("cross-venue delta of BTC-USDT-PERP exceeds risk:cross_venue_delta_abs_max_usd 200, was 300 USD (3 base)");

        monitor.CheckDelta();
        r.Repairs.Count.ShouldBe(2); // asked again while breached
        r.Incidents.Count.ShouldBe(1); // one incident per breach
    }

    [Fact]
    public void CheckDelta_Repaired_ConditionCleared()
    {
        var r = new RiskKit(o => o.DeltaBreachGraceMs = 0);
        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, 3m));
        var monitor = Monitor(r);
        monitor.CheckDelta().ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Buy);

        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Buy, 3m, reduceOnly: true));
        monitor.CheckDelta().ShouldBeEmpty();

        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void CheckDelta_BreachWithinGrace_NoConditionUntilGraceElapsed()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m)); // leg A filled, leg B in flight
        var monitor = Monitor(r);

        monitor.CheckDelta().ShouldBeEmpty();
        r.Time.Advance(TimeSpan.FromMilliseconds(2999));
        monitor.CheckDelta().ShouldBeEmpty();
        r.State.State.ShouldBe(TradingState.Active);

        r.Time.Advance(TimeSpan.FromMilliseconds(1));
        monitor.CheckDelta().ShouldHaveSingleItem();
        r.State.State.ShouldBe(TradingState.Reducing);
    }

    [Fact]
    public void CheckDelta_HedgedWithinGrace_BreachForgotten()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m));
        var monitor = Monitor(r);
        monitor.CheckDelta();
        r.Time.Advance(TimeSpan.FromSeconds(1));
        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, 10m)); // leg B filled
        monitor.CheckDelta().ShouldBeEmpty();

        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Buy, 10m, reduceOnly: true)); // a new breach starts its own grace
        r.Time.Advance(TimeSpan.FromSeconds(5));
        monitor.CheckDelta().ShouldBeEmpty();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void CheckSnapshotDiff_Mismatch_ReducingAndIncident()
    {
        var r = new RiskKit(o => o.Guards.SnapshotDiffGraceMs = 0);
        r.Fill(RiskKit.Pair(1m));
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, []);
        var monitor = Monitor(r);

        monitor.CheckSnapshotDiff().ShouldHaveSingleItem().Instrument.ShouldBe(RiskKit.OkxBtc);

        r.State.State.ShouldBe(TradingState.Reducing);
        r.State.LastChange!.Code.ShouldBe(RiskDenialCodes.SnapshotMismatch);
        var incident = r.Incidents.ShouldHaveSingleItem();
        incident.Kind.ShouldBe(RiskIncidentKinds.SnapshotMismatch);
        incident.Details["BTC-USDT-SWAP.okx_perp"].ShouldBe("venue=0 ledger=-1 mark=100");
        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market()).Code.ShouldBe(RiskDenialCodes.SnapshotMismatch);
    }

    [Fact]
    public void CheckSnapshotDiff_MismatchWithinGrace_NoConditionUntilGraceElapsed()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(1m));
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, []); // venue report lagging our fill
        var monitor = Monitor(r);

        monitor.CheckSnapshotDiff().Count.ShouldBe(1);
        r.Time.Advance(TimeSpan.FromMilliseconds(4999));
        monitor.CheckSnapshotDiff().Count.ShouldBe(1);
        r.State.State.ShouldBe(TradingState.Active);
        r.Incidents.ShouldBeEmpty();

        r.Time.Advance(TimeSpan.FromMilliseconds(1));
        monitor.CheckSnapshotDiff();
        r.State.State.ShouldBe(TradingState.Reducing);

        r.Book.ApplyVenuePositions(VenueId.OkxSwap, [new Position { Instrument = RiskKit.OkxBtc, PositionSide = PositionSide.Both, Quantity = -1m, MarkPrice = 100m }]);
        monitor.CheckSnapshotDiff().ShouldBeEmpty();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void AdoptVenueViewAsLedger_PreExistingPositions_NoMismatch()
    {
        var r = new RiskKit(o => o.Guards.SnapshotDiffGraceMs = 0);
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, [new Position { Instrument = RiskKit.OkxBtc, PositionSide = PositionSide.Both, Quantity = -1m, MarkPrice = 100m }]);
        Monitor(r).CheckSnapshotDiff().Count.ShouldBe(1);

        r.Book.AdoptVenueViewAsLedger();

        Monitor(r).CheckSnapshotDiff().ShouldBeEmpty();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public async Task RunAsync_PollsUntilCancelled()
    {
        var r = new RiskKit();
        var binance = new FakeVenue(VenueId.BinanceUsdFutures, () => r.Now);
        var polled = new SemaphoreSlim(0);
        binance.Client.When(c => c.GetAccountMarginAsync(Arg.Any<CancellationToken>())).Do(_ => polled.Release());
        using var cts = new CancellationTokenSource();
        var run = Monitor(r, binance).RunAsync(cts.Token);

        (await polled.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBeTrue();
        var resumed = false;
        for (var i = 0; i < 100 && !resumed; i++)
        {
            r.Time.Advance(TimeSpan.FromSeconds(5));
            resumed = await polled.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        resumed.ShouldBeTrue();
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RunAsync_Disabled_ReturnsAtOnce()
    {
        var r = new RiskKit(o => o.Guards.PositionPollIntervalMs = 0);
        var binance = new FakeVenue(VenueId.BinanceUsdFutures, () => r.Now);
        await Monitor(r, binance).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        await binance.Client.DidNotReceive().GetPositionsAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public void CheckSnapshotDiff_Disabled_NoCondition()
    {
        var r = new RiskKit(o => o.Guards.SnapshotDiffCheck = false);
        r.Fill(RiskKit.Pair(1m));
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, []);
        Monitor(r).CheckSnapshotDiff().ShouldBeEmpty();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public async Task RefreshAsync_PollsPositionsAndMargin_AppliesAndChecks()
    {
        var r = new RiskKit();
        var binance = new FakeVenue(VenueId.BinanceUsdFutures, () => r.Now);
        var okx = new FakeVenue(VenueId.OkxSwap, () => r.Now) { Margin = new AccountMargin { Venue = VenueId.OkxSwap, MarginBalance = 100m, MaintenanceMargin = 90m } };
        r.Fill(RiskKit.Pair(1m));
        binance.Positions.Add(new Position { Instrument = RiskKit.BinanceBtc, PositionSide = PositionSide.Long, Quantity = 1m, MarkPrice = 100m });
        okx.Positions.Add(new Position { Instrument = RiskKit.OkxBtc, PositionSide = PositionSide.Short, Quantity = -1m, MarkPrice = 100m });

        var errors = await Monitor(r, binance, okx).RefreshAsync();

        errors.ShouldBeEmpty();
        r.State.ActiveConditions.ShouldBe(["margin:okx_perp"]);
        r.Margin.TryGetRatio(VenueId.OkxSwap, out var ratio).ShouldBeTrue();
        ratio.ShouldBe(0.9m);
    }
}
