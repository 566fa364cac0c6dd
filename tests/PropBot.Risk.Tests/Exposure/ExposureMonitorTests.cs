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
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, longQuantity));
        var requests = Monitor(r).CheckDelta();

        requests.Count.ShouldBe(breach ? 1 : 0);
        r.State.State.ShouldBe(breach ? TradingState.Reducing : TradingState.Active);
        r.State.IsConditionActive(ExposureMonitor.DeltaConditionKey(RiskKit.Btc)).ShouldBe(breach);
    }

    [Fact]
    public void CheckDelta_Breach_RepairRequestReduceOnlyOnExcessSide()
    {
        var r = new RiskKit();
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
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, 3m));
        var monitor = Monitor(r);
        monitor.CheckDelta().ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Buy);

        r.Fill(RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Buy, 3m, reduceOnly: true));
        monitor.CheckDelta().ShouldBeEmpty();

        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void CheckSnapshotDiff_Mismatch_ReducingAndIncident()
    {
        var r = new RiskKit();
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
