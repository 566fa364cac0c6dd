using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Gate;

public class RiskGateTests
{
    [Fact]
    public void CheckEntry_HealthyPairWithinCaps_Approved()
    {
        var r = new RiskKit();
        r.Gate.CheckEntry(RiskKit.Pair(10m), r.Market()).IsApproved.ShouldBeTrue();
    }

    [Theory]
    [InlineData(10.00, true)]
    [InlineData(10.01, false)]
    public void CheckEntry_PerOrderCap_AtAndPastBoundary(decimal quantity, bool approved)
    {
        var r = new RiskKit(o => o.NotionalCaps.PerOrderUsd = 1000m);
        var d = r.Gate.CheckEntry(RiskKit.Pair(quantity), r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.CapOrder);
            d.Denial!.Message.ShouldBe("order notional of BTCUSDT.binance_um must be <= risk:notional_caps:per_order_usd 1000 USD, was 1001.00 USD");
        }
    }

    [Fact]
    public void CheckEntry_NoPerOrderCap_PerSymbolCapBoundsOrders()
    {
        var r = new RiskKit();
        var d = r.Gate.CheckEntry(RiskKit.Pair(20.01m), r.Market());
        d.Code.ShouldBe(RiskDenialCodes.CapOrder);
        d.Denial!.Message.ShouldContain("risk:notional_caps:per_symbol_usd 2000 USD, was 2001.00 USD");
        r.Gate.CheckEntry(RiskKit.Pair(20m), r.Market()).IsApproved.ShouldBeTrue();
    }

    [Theory]
    [InlineData(5.00, true)]
    [InlineData(5.01, false)]
    public void CheckEntry_PerSymbolCap_PostTradeAtAndPastBoundary(decimal quantity, bool approved)
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(15m));
        var d = r.Gate.CheckEntry(RiskKit.Pair(quantity), r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.CapSymbol);
            d.Denial!.Message.ShouldBe("post-trade notional of BTCUSDT.binance_um must be <= risk:notional_caps:per_symbol_usd 2000 USD, was 2001.00 USD");
        }
    }

    [Theory]
    [InlineData(5.00, true)]
    [InlineData(5.01, false)]
    public void CheckEntry_PerVenueCap_PostTradeAtAndPastBoundary(decimal quantity, bool approved)
    {
        var r = new RiskKit(o => { o.NotionalCaps.PerSymbolUsd = 1000m; o.NotionalCaps.PerVenueUsd = 1500m; o.NotionalCaps.TotalUsd = 5000m; });
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m));
        var eth = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceEth, OrderSide.Buy, quantity), Second = RiskKit.Leg(RiskKit.OkxEth, OrderSide.Sell, quantity) };
        var d = r.Gate.CheckEntry(eth, r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.CapVenue);
            d.Denial!.Message.ShouldBe("post-trade notional of binance_um must be <= risk:notional_caps:per_venue_usd 1500 USD, was 1501.00 USD");
        }
    }

    [Theory]
    [InlineData(2.50, true)]
    [InlineData(2.51, false)]
    public void CheckEntry_TotalCap_PostTradeAtAndPastBoundary(decimal quantity, bool approved)
    {
        var r = new RiskKit(o => { o.NotionalCaps.PerSymbolUsd = 1000m; o.NotionalCaps.PerVenueUsd = 1500m; o.NotionalCaps.TotalUsd = 2500m; });
        r.Fill(RiskKit.Pair(10m));
        var eth = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceEth, OrderSide.Buy, quantity, 100m), Second = RiskKit.Leg(RiskKit.OkxEth, OrderSide.Sell, quantity, 100m) };
        var d = r.Gate.CheckEntry(eth, r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.CapTotal);
            d.Denial!.Message.ShouldBe("post-trade notional of all venues must be <= risk:notional_caps:total_usd 2500 USD, was 2502.00 USD");
        }
    }

    [Fact]
    public void CheckEntry_CapAlreadyExceeded_ReducingTradeApproved()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(19m));
        r.Book.UpdateMark(RiskKit.BinanceBtc, 200m); // mark doubled: 3800 USD > 2000 cap
        r.Book.UpdateMark(RiskKit.OkxBtc, 200m);
        r.Gate.CheckEntry(RiskKit.Pair(1m, 200m, reduceOnly: true), r.Market()).IsApproved.ShouldBeTrue();
        r.Gate.CheckEntry(RiskKit.Pair(1m, 200m), r.Market()).Code.ShouldBe(RiskDenialCodes.CapSymbol);
    }

    [Theory]
    [InlineData(8.00, true)]
    [InlineData(7.99, false)]
    public void CheckEntry_DeltaLimit_PostTradeAtAndPastBoundary(decimal shortQuantity, bool approved)
    {
        var r = new RiskKit();
        var intent = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m), Second = RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, shortQuantity) };
        var d = r.Gate.CheckEntry(intent, r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.DeltaLimit);
            d.Denial!.Message.ShouldBe("post-trade cross-venue delta of BTC-USDT-PERP must be within ±risk:cross_venue_delta_abs_max_usd 200 USD, was 201.00 USD");
        }
    }

    [Fact]
    public void CheckEntry_DeltaBeyondLimitButImproving_Approved()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 5m)); // +500 USD delta
        var intent = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 1m), Second = RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, 2m) };
        r.Gate.CheckEntry(intent, r.Market()).IsApproved.ShouldBeTrue(); // +400 after: still beyond, but better
    }

    [Fact]
    public void CheckOrder_SingleOpeningLeg_DeltaNotJudged()
    {
        var r = new RiskKit();
        var order = new OrderIntent { Leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 10m) };
        r.Gate.CheckOrder(order, r.Market()).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void CheckOrder_SingleOpeningLeg_CapsJudged()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 15m));
        r.Gate.CheckOrder(new OrderIntent { Leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 5m) }, r.Market()).IsApproved.ShouldBeTrue();
        r.Gate.CheckOrder(new OrderIntent { Leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 5.01m) }, r.Market()).Code.ShouldBe(RiskDenialCodes.CapSymbol);
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void CheckEntry_StaleBook_AtAndPastBoundary(int ageMs, bool approved)
    {
        var r = new RiskKit();
        var stale = r.Healthy() with { BookReceiveTime = r.Now.AddMilliseconds(-ageMs), BookVenueTime = r.Now };
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(r.Healthy(), stale));
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.StaleBook);
            d.Denial!.Message.ShouldBe("book of BTC-USDT-SWAP.okx_perp must be <= guards:max_book_age_ms 1000 ms old, was 1001 ms");
        }
    }

    [Theory]
    [InlineData(250, true)]
    [InlineData(251, false)]
    public void CheckEntry_CrossVenueBookSkew_AtAndPastBoundary(int skewMs, bool approved)
    {
        var r = new RiskKit();
        var second = r.Healthy() with { BookVenueTime = r.Now.AddMilliseconds(-skewMs) };
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(r.Healthy(), second));
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.BookSkew);
            d.Denial!.Message.ShouldBe("books of BTCUSDT.binance_um and BTC-USDT-SWAP.okx_perp are further apart than guards:max_cross_venue_skew_ms 250 ms, was 251 ms");
        }
    }

    [Theory]
    [InlineData(150, true)]
    [InlineData(151, false)]
    public void CheckEntry_ClockSkew_AtAndPastBoundary(int skewMs, bool approved)
    {
        var r = new RiskKit();
        var first = r.Healthy() with { ClockSkew = TimeSpan.FromMilliseconds(skewMs) };
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(first));
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.ClockSkew);
            d.Denial!.Message.ShouldBe("clock skew of binance_um must be <= guards:clock_skew_guard_ms 150 ms, was 151 ms");
        }
    }

    [Fact]
    public void CheckEntry_ClockNeverSynchronised_Denied()
    {
        var r = new RiskKit();
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(r.Healthy() with { ClockSynchronized = false }));
        d.Code.ShouldBe(RiskDenialCodes.ClockSkew);
        d.Denial!.Message.ShouldBe("clock of binance_um must be synchronised, was never synchronised");
    }

    [Fact]
    public void CheckEntry_VenueDisconnected_Denied()
    {
        var r = new RiskKit();
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(r.Healthy(), r.Healthy() with { Connected = false }));
        d.Code.ShouldBe(RiskDenialCodes.VenueDisconnected);
        d.Denial!.Message.ShouldBe("okx_perp must be connected, was disconnected");
    }

    [Theory]
    [InlineData(300_000, true)]
    [InlineData(299_999, false)]
    [InlineData(-1_000, true)]
    public void CheckEntry_FundingWindow_AtAndPastBoundary(int msUntilFunding, bool approved)
    {
        var r = new RiskKit();
        var first = r.Healthy() with { NextFundingTime = r.Now.AddMilliseconds(msUntilFunding) };
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market(first));
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.FundingWindow);
            d.Denial!.Message.ShouldBe("no opens within derivatives:funding:avoid_window_minutes 5 min before funding of BTCUSDT.binance_um at 2026-11-23T12:04:59.9990000+00:00, was 299.999 s before");
        }
    }

    [Fact]
    public void CheckEntry_ReduceOnlyInsideFundingWindow_Approved()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(5m));
        var first = r.Healthy() with { NextFundingTime = r.Now.AddMinutes(1) };
        r.Gate.CheckEntry(RiskKit.Pair(1m, reduceOnly: true), r.Market(first)).IsApproved.ShouldBeTrue();
    }

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("0.5001", false)]
    public void CheckEntry_MarginHeadroom_AtAndPastBoundary(string ratio, bool approved)
    {
        var r = new RiskKit();
        var mmr = decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture);
        r.Margin.Update(new AccountMargin { Venue = VenueId.OkxSwap, MarginBalance = 10000m, MaintenanceMargin = 10000m * mmr });
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.MarginHeadroom);
            r.State.State.ShouldBe(TradingState.Reducing);
        }
    }

    [Fact]
    public void CheckEntry_Halted_DeniedWithHalted()
    {
        var r = new RiskKit();
        r.State.Escalate(TradingState.Halted, "test hold", "op1");
        var d = r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market());
        d.Code.ShouldBe(RiskDenialCodes.Halted);
        d.Denial!.Message.ShouldBe("trading is Halted (HOLD): only flatten (reduce-only hedge-out, flatten, repair) and cancel pass until a manual reset; since 2026-11-23T12:00:00.0000000+00:00 by op1 (MANUAL_ESCALATION): test hold");
        r.Gate.CheckEntry(RiskKit.Pair(1m, reduceOnly: true), r.Market()).Code.ShouldBe(RiskDenialCodes.Halted);
    }

    [Theory]
    [InlineData(OrderPurpose.Flatten, true, true)]
    [InlineData(OrderPurpose.HedgeOut, true, true)]
    [InlineData(OrderPurpose.Repair, true, true)]
    [InlineData(OrderPurpose.Entry, true, false)]
    [InlineData(OrderPurpose.Flatten, false, false)]
    [InlineData(OrderPurpose.Entry, false, false)]
    public void CheckOrder_Halted_OnlyRiskReducingReduceOnlyPasses(OrderPurpose purpose, bool reduceOnly, bool approved)
    {
        var r = new RiskKit();
        r.State.Escalate(TradingState.Halted, "test hold", "op1");
        var leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Sell, 1m, reduceOnly: reduceOnly);
        var d = r.Gate.CheckOrder(new OrderIntent { Leg = leg, Purpose = purpose }, r.Market());
        d.IsApproved.ShouldBe(approved);
        if (!approved)
        {
            d.Code.ShouldBe(RiskDenialCodes.Halted);
        }
    }

    [Fact]
    public void CheckEntry_BreakerTripped_DeniedWithBreakerTripped()
    {
        var r = new RiskKit(o => o.Guards.RunawayBreaker.RescuesPerMin = 1);
        r.Breaker.RecordRescue();
        r.Breaker.RecordRescue();
        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market()).Code.ShouldBe(RiskDenialCodes.BreakerTripped);
    }

    [Fact]
    public void CheckEntryAndOrder_Reducing_OnlyReduceOnlyPasses()
    {
        var r = new RiskKit();
        r.State.Escalate(TradingState.Reducing, "manual reduce", "op1");
        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market()).Code.ShouldBe(RiskDenialCodes.Reducing);
        r.Gate.CheckEntry(RiskKit.Pair(1m, reduceOnly: true), r.Market()).IsApproved.ShouldBeTrue();
        var leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Sell, 1m, reduceOnly: true);
        r.Gate.CheckOrder(new OrderIntent { Leg = leg, Purpose = OrderPurpose.HedgeOut }, r.Market()).IsApproved.ShouldBeTrue();
        r.Gate.CheckOrder(new OrderIntent { Leg = leg with { ReduceOnly = false } }, r.Market()).Code.ShouldBe(RiskDenialCodes.Reducing);
    }

    [Fact]
    public void CheckEntry_ReducingFromDeltaCondition_DeniedWithDeltaLimit()
    {
        var r = new RiskKit();
        r.State.SetCondition("delta:BTC-USDT-PERP", TradingState.Reducing, RiskDenialCodes.DeltaLimit, "delta breach", RiskActors.DeltaMonitor);
        r.Gate.CheckEntry(RiskKit.Pair(1m), r.Market()).Code.ShouldBe(RiskDenialCodes.DeltaLimit);
    }

    [Fact]
    public void CheckOrder_ReduceOnlyWithStaleData_Approved()
    {
        var r = new RiskKit();
        var stale = r.Healthy() with { BookReceiveTime = r.Now.AddMinutes(-5), Connected = false };
        var leg = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Sell, 1m, reduceOnly: true);
        r.Gate.CheckOrder(new OrderIntent { Leg = leg, Purpose = OrderPurpose.HedgeOut }, r.Market(stale)).IsApproved.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(1, 0)]
    public void CheckEntry_MalformedLeg_InvalidIntent(decimal quantity, decimal price)
    {
        var r = new RiskKit();
        var intent = RiskKit.Pair(1m) with { Second = RiskKit.Leg(RiskKit.OkxBtc, OrderSide.Sell, quantity, price) };
        r.Gate.CheckEntry(intent, r.Market()).Code.ShouldBe(RiskDenialCodes.InvalidIntent);
    }

    [Fact]
    public void CheckEntry_DefaultLeg_InvalidIntent()
    {
        var r = new RiskKit();
        var intent = RiskKit.Pair(1m) with { Second = default };
        r.Gate.CheckEntry(intent, r.Market()).Code.ShouldBe(RiskDenialCodes.InvalidIntent);
    }

    [Fact]
    public void CheckEntry_Approved_AllocatesNothing()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(3m));
        r.Fill(new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceEth, OrderSide.Buy, 2m), Second = RiskKit.Leg(RiskKit.OkxEth, OrderSide.Sell, 2m) });
        var intent = RiskKit.Pair(1m);
        var market = r.Market() with { First = r.Healthy() with { NextFundingTime = r.Now.AddHours(1) } };
        r.Gate.CheckEntry(intent, market).IsApproved.ShouldBeTrue(); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = r.Gate.CheckEntry(intent, market);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0);
    }
}
