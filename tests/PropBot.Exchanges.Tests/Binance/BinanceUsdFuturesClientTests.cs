using PropBot.Exchanges.Binance;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceUsdFuturesClientTests
{
    private static readonly ClientOrderId Cid = new("pbx1A0");

    private static OrderRequest HedgeIocBuy() => new()
    {
        Symbol = "BTCUSDT",
        Side = OrderSide.Buy,
        Type = OrderType.Limit,
        Quantity = 0.0105m,
        Price = 65000.19m,
        TimeInForce = TimeInForce.ImmediateOrCancel,
        PositionSide = PositionSide.Long,
        ClientOrderId = Cid,
    };

    [Fact]
    public async Task PingAsync_Fixture_UnsignedGet()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "Ping");

        var result = await h.Client.PingAsync();

        result.Success.ShouldBeTrue();
        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
    }

    [Fact]
    public async Task GetServerTimeAsync_Fixture_UpdatesClockOffset()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "Time");

        var result = await h.Client.GetServerTimeAsync();

        result.Success.ShouldBeTrue();
        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        result.Data.ServerTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559));
        h.Client.Clock.Offset.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559) - BinanceTestHarness.Start);
        h.Client.Clock.LastSync.ShouldBe(BinanceTestHarness.Start);
        h.Client.Clock.Skew.ShouldBe(h.Client.Clock.Offset.Duration());
    }

    [Fact]
    public async Task GetFiltersAsync_ExchangeInfo_MapsFiltersAndSeedsGovernor()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "ExchangeInfo");

        var btc = await h.Client.GetFiltersAsync("BTCUSDT");
        var blz = await h.Client.GetFiltersAsync("BLZUSDT");
        var quarterly = await h.Client.GetFiltersAsync("BTCUSDT_260327");

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        h.Handler.Requests.Count.ShouldBe(1, "cached");
        btc.Data!.TickSize.ShouldBe(0.1m);
        btc.Data.StepSize.ShouldBe(0.001m);
        btc.Data.MinQuantity.ShouldBe(0.001m);
        btc.Data.MaxQuantity.ShouldBe(1000m);
        btc.Data.MarketStepSize.ShouldBe(0.001m);
        btc.Data.MarketMaxQuantity.ShouldBe(120m);
        btc.Data.MinNotional.ShouldBe(50m);
        btc.Data.BaseAsset.ShouldBe("BTC");
        btc.Data.QuoteAsset.ShouldBe("USDT");
        btc.Data.IsTrading.ShouldBeTrue();
        btc.Data.Instrument.ShouldBe(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"));
        blz.Data!.TickSize.ShouldBe(0.0001m);
        blz.Data.MinNotional.ShouldBe(5m);
        blz.Data.MarketMaxQuantity.ShouldBe(590119m);
        quarterly.Data!.IsTrading.ShouldBeFalse();
        var usage = h.Client.GetRateLimitUsage().ToDictionary(u => u.Name);
        usage["REQUEST_WEIGHT 1m"].Limit.ShouldBe(2400);
        usage["ORDERS 10s"].Limit.ShouldBe(300);
        usage["ORDERS 1m"].Limit.ShouldBe(1200);
        usage["REQUEST_WEIGHT 1m"].Used.ShouldBe(1);
    }

    [Fact]
    public async Task GetFiltersAsync_AfterTtl_Refreshes()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        await h.Client.GetFiltersAsync("BTCUSDT");

        h.Time.Advance(h.Options.FiltersCacheTtl);
        await h.Client.GetFiltersAsync("BTCUSDT");

        h.RequestsTo("/fapi/v1/exchangeInfo").Count().ShouldBe(2);
    }

    [Fact]
    public async Task GetFiltersAsync_UnknownSymbol_InvalidSymbol()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();

        var result = await h.Client.GetFiltersAsync("NOPEUSDT");

        result.Error!.Reason.ShouldBe(VenueErrorReason.InvalidSymbol);
    }

    [Fact]
    public async Task GetBookTopAsync_Fixture_MapsBestBidAsk()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "BookTicker");

        var top = (await h.Client.GetBookTopAsync("BTCUSDT")).Data;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        top.BidPrice.ShouldBe(4m);
        top.BidSize.ShouldBe(431m);
        top.AskPrice.ShouldBe(4.000002m);
        top.AskSize.ShouldBe(9m);
        top.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1589437530011));
        top.ReceiveTime.ShouldBe(BinanceTestHarness.Start);
        top.Instrument.Symbol.ShouldBe("BTCUSDT");
    }

    [Fact]
    public async Task GetOrderBookAsync_Fixture_SortsAndTrims()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "Depth");

        var book = (await h.Client.GetOrderBookAsync("BTCUSDT", 5)).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        book.Bids.ShouldBe([new BookLevel(4m, 431m), new BookLevel(3.99m, 10m)]);
        book.Asks.ShouldBe([new BookLevel(4.000002m, 12m)]);
        book.UpdateId.ShouldBe(1027024);
        book.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1589436922959));
    }

    [Fact]
    public async Task GetMarkPriceAsync_Fixture_MapsMarkIndexFunding()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Market", "PremiumIndex");

        var mark = (await h.Client.GetMarkPriceAsync("BTCUSDT")).Data;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        mark.MarkPrice.ShouldBe(11793.63104562m);
        mark.IndexPrice.ShouldBe(11781.80495970m);
        mark.FundingRate.ShouldBe(0.00038246m);
        mark.NextFundingTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1597392000000));
        mark.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1597370495002));
    }

    [Fact]
    public async Task GetFundingInfoAsync_ListedSymbol_UsesItsInterval()
    {
        var h = new BinanceTestHarness();
        h.Use("Market", "PremiumIndex");
        var f = h.Use("Market", "FundingInfo");

        var listed = (await h.Client.GetFundingInfoAsync("BLZUSDT")).Data!;
        var unlisted = (await h.Client.GetFundingInfoAsync("BTCUSDT")).Data!;

        BinanceTestHarness.AssertMatches(h.RequestsTo("/fapi/v1/fundingInfo").Single(), f);
        listed.Interval.ShouldBe(TimeSpan.FromHours(4));
        unlisted.Interval.ShouldBe(TimeSpan.FromHours(8));
        unlisted.Rate.ShouldBe(0.00038246m);
        unlisted.NextFundingTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1597392000000));
    }

    [Fact]
    public async Task GetFeesAsync_Auto_ReadsCommissionRateInBps()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "CommissionRate");

        var fees = (await h.Client.GetFeesAsync("BTCUSDT")).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        fees.ShouldBe(new FeeRates(2m, 4m, FeeSource.Venue));
    }

    [Fact]
    public async Task GetFeesAsync_VenueFails_FallsBackToManual()
    {
        var h = new BinanceTestHarness(o => o.ManualTakerFeeBps = 4.5m);
        h.Error(HttpMethod.Get, "/fapi/v1/commissionRate", -2015, "Invalid API-key, IP, or permissions for action.", System.Net.HttpStatusCode.Unauthorized);

        var fees = (await h.Client.GetFeesAsync("BTCUSDT")).Data!;

        fees.ShouldBe(new FeeRates(2m, 4.5m, FeeSource.Manual));
    }

    [Fact]
    public async Task GetFeesAsync_ManualSource_NoRequest()
    {
        var h = new BinanceTestHarness(o => o.FeeSource = "manual");

        var fees = (await h.Client.GetFeesAsync("BTCUSDT")).Data!;

        fees.Source.ShouldBe(FeeSource.Manual);
        h.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetPositionModeAsync_Fixture_Hedge()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "GetPositionMode");

        (await h.Client.GetPositionModeAsync()).Data.ShouldBe(PositionMode.Hedge);
        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
    }

    [Fact]
    public async Task SetPositionModeAsync_Fixture_Success()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "SetPositionMode");

        (await h.Client.SetPositionModeAsync(PositionMode.Hedge)).Data.ShouldBe(PositionMode.Hedge);
        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
    }

    [Fact]
    public async Task SetPositionModeAsync_NoNeedToChange_CountsAsSuccess()
    {
        var h = new BinanceTestHarness();
        h.Error(HttpMethod.Post, "/fapi/v1/positionSide/dual", -4059, "No need to change position side.");

        var result = await h.Client.SetPositionModeAsync(PositionMode.OneWay);

        result.Success.ShouldBeTrue();
        h.Handler.LastRequest.Parameters["dualSidePosition"].ShouldBe("false");
    }

    [Fact]
    public async Task SetMarginTypeAsync_Fixture_AndNoNeedToChange_Success()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "MarginType");
        (await h.Client.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated)).Data.ShouldBe(MarginType.Isolated);
        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);

        var again = new BinanceTestHarness();
        again.Error(HttpMethod.Post, "/fapi/v1/marginType", -4046, "No need to change margin type.");
        (await again.Client.SetMarginTypeAsync("BTCUSDT", MarginType.Cross)).Data.ShouldBe(MarginType.Cross);
        again.Handler.LastRequest.Parameters["marginType"].ShouldBe("CROSSED");
    }

    [Fact]
    public async Task SetMarginTypeAsync_OpenPosition_SettingLocked()
    {
        var h = new BinanceTestHarness();
        h.Error(HttpMethod.Post, "/fapi/v1/marginType", -4048, "Margin type cannot be changed if there exists position.");

        var result = await h.Client.SetMarginTypeAsync("BTCUSDT", MarginType.Cross);

        result.Error!.Reason.ShouldBe(VenueErrorReason.SettingLockedByPositions);
        result.Error.VenueCode.ShouldBe("-4048");
    }

    [Fact]
    public async Task SetLeverageAsync_Fixture_MapsLeverage()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "Leverage");

        var setting = (await h.Client.SetLeverageAsync(new LeverageRequest("BTCUSDT", 21, MarginType.Isolated))).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        setting.Leverage.ShouldBe(21);
        setting.MaxNotional.ShouldBe(1_000_000m);
        setting.MarginType.ShouldBe(MarginType.Isolated);
    }

    [Fact]
    public async Task GetLeverageAsync_SymbolConfig_MapsCrossed()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "SymbolConfig");

        var setting = (await h.Client.GetLeverageAsync("BTCUSDT", MarginType.Isolated)).Data!.Single();

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        setting.Leverage.ShouldBe(21);
        setting.MarginType.ShouldBe(MarginType.Cross);
        setting.MaxNotional.ShouldBe(1_000_000m);
    }

    [Fact]
    public async Task GetPositionsAsync_Fixture_NonZeroSignedBaseQuantities()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "PositionRisk");

        var positions = (await h.Client.GetPositionsAsync()).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        positions.Count.ShouldBe(2);
        var longBtc = positions[0];
        longBtc.PositionSide.ShouldBe(PositionSide.Long);
        longBtc.Quantity.ShouldBe(0.001m);
        longBtc.EntryPrice.ShouldBe(22185.2m);
        longBtc.MarkPrice.ShouldBe(21123.05052574m);
        longBtc.UnrealizedPnl.ShouldBe(-1.06214947m);
        longBtc.LiquidationPrice.ShouldBe(19731.45529116m);
        longBtc.Leverage.ShouldBe(4);
        longBtc.MarginType.ShouldBe(MarginType.Cross);
        longBtc.UpdateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1655217461579));
        var shortEth = positions[1];
        shortEth.Quantity.ShouldBe(-1.5m);
        shortEth.PositionSide.ShouldBe(PositionSide.Short);
        shortEth.MarginType.ShouldBe(MarginType.Isolated);
        shortEth.Margin.ShouldBe(450.12m);
        shortEth.Leverage.ShouldBe(10);
    }

    [Fact]
    public async Task GetAccountMarginAsync_Fixture_MapsTotals()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Account", "Account");

        var margin = (await h.Client.GetAccountMarginAsync()).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        margin.WalletBalance.ShouldBe(103.12345678m);
        margin.MarginBalance.ShouldBe(103.12345678m);
        margin.AvailableBalance.ShouldBe(90.62345678m);
        margin.InitialMargin.ShouldBe(12.5m);
        margin.MaintenanceMargin.ShouldBe(1.25m);
        margin.UpdateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1625474304765));
    }

    [Fact]
    public async Task PlaceOrderAsync_HedgeIoc_RoundsSignsAndMapsResult()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        var f = h.Use("Trade", "NewOrder");

        var report = (await h.Client.PlaceOrderAsync(HedgeIocBuy())).Data!;

        var sent = h.RequestsTo("/fapi/v1/order").Single();
        BinanceTestHarness.AssertMatches(sent, f);
        sent.Parameters.ShouldNotContainKey("reduceOnly");
        report.Status.ShouldBe(OrderStatus.Filled);
        report.ClientOrderId.ShouldBe(Cid);
        report.VenueOrderId.ShouldBe(new VenueOrderId("22542179"));
        report.Side.ShouldBe(OrderSide.Buy);
        report.PositionSide.ShouldBe(PositionSide.Long);
        report.Type.ShouldBe(OrderType.Limit);
        report.TimeInForce.ShouldBe(TimeInForce.ImmediateOrCancel);
        report.Quantity.ShouldBe(0.01m);
        report.FilledQuantity.ShouldBe(0.01m);
        report.Price.ShouldBe(65000.1m);
        report.AveragePrice.ShouldBe(65000.10m);
        report.UpdateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1566818724722));
        var usage = h.Client.GetRateLimitUsage().ToDictionary(u => u.Name);
        usage["ORDERS 10s"].Used.ShouldBe(1);
        usage["ORDERS 1m"].Used.ShouldBe(1);
    }

    [Fact]
    public async Task PlaceOrderAsync_OneWayReduceOnlyMarket_SendsReduceOnlyWithoutPositionSide()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        var f = h.Use("Trade", "NewOrderMarketOneWay");

        var report = (await h.Client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Sell,
            Type = OrderType.Market,
            Quantity = 0.005m,
            ReduceOnly = true,
            ClientOrderId = new ClientOrderId("pbx1B0"),
            Purpose = OrderPurpose.Flatten,
        })).Data!;

        var sent = h.RequestsTo("/fapi/v1/order").Single();
        BinanceTestHarness.AssertMatches(sent, f);
        sent.Parameters.ShouldNotContainKey("positionSide");
        sent.Parameters.ShouldNotContainKey("timeInForce");
        sent.Parameters.ShouldNotContainKey("price");
        report.ReduceOnly.ShouldBeTrue();
        report.Type.ShouldBe(OrderType.Market);
        report.Status.ShouldBe(OrderStatus.Filled);
        report.AveragePrice.ShouldBeNull();
    }

    [Fact]
    public async Task PlaceOrderAsync_HedgeReduceOnlyThatOpens_RefusedLocally()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();

        var result = await h.Client.PlaceOrderAsync(HedgeIocBuy() with { ReduceOnly = true });

        result.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        result.Error.Reason.ShouldBe(VenueErrorReason.PositionSideMismatch);
        h.RequestsTo("/fapi/v1/order").ShouldBeEmpty();
    }

    [Fact]
    public async Task PlaceOrderAsync_HedgeClose_NoReduceOnlyAndNotionalExempt()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Use("Trade", "NewOrder");

        await h.Client.PlaceOrderAsync(HedgeIocBuy() with { Side = OrderSide.Sell, Quantity = 0.001m, Price = 100m, ReduceOnly = true });

        var sent = h.RequestsTo("/fapi/v1/order").Single().Parameters;
        sent["side"].ShouldBe("SELL");
        sent["positionSide"].ShouldBe("LONG");
        sent["price"].ShouldBe("100");
        sent.ShouldNotContainKey("reduceOnly");
    }

    [Fact]
    public async Task PlaceOrderAsync_PostOnly_SendsGtxAndMapsMinus5022()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Error(HttpMethod.Post, "/fapi/v1/order", -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");

        var result = await h.Client.PlaceOrderAsync(HedgeIocBuy() with { TimeInForce = TimeInForce.PostOnly });

        h.RequestsTo("/fapi/v1/order").Single().Parameters["timeInForce"].ShouldBe("GTX");
        result.Error!.Reason.ShouldBe(VenueErrorReason.PostOnlyWouldTake);
        result.Error.Kind.ShouldBe(VenueErrorKind.Rejected);
    }

    [Fact]
    public async Task PlaceOrderAsync_BelowMinNotional_RefusedLocally()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();

        var result = await h.Client.PlaceOrderAsync(HedgeIocBuy() with { Quantity = 0.001m, Price = 100m });

        result.Error!.Reason.ShouldBe(VenueErrorReason.NotionalBelowMinimum);
        h.RequestsTo("/fapi/v1/order").ShouldBeEmpty();
    }

    [Fact]
    public async Task PlaceOrderAsync_PrecisionReject_RefreshesFilters()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Error(HttpMethod.Post, "/fapi/v1/order", -1111, "Precision is over the maximum defined for this asset.");

        var result = await h.Client.PlaceOrderAsync(HedgeIocBuy());
        await h.Client.GetFiltersAsync("BTCUSDT");

        result.Error!.Reason.ShouldBe(VenueErrorReason.InvalidPrecision);
        h.RequestsTo("/fapi/v1/exchangeInfo").Count().ShouldBe(2);
    }

    [Fact]
    public async Task TestOrderAsync_Fixture_UsesTestRouteAndReportsAsSent()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        var f = h.Use("Trade", "TestOrder");

        var report = (await h.Client.TestOrderAsync(HedgeIocBuy())).Data!;

        BinanceTestHarness.AssertMatches(h.RequestsTo("/fapi/v1/order/test").Single(), f);
        h.RequestsTo("/fapi/v1/order").ShouldBeEmpty();
        report.Quantity.ShouldBe(0.01m);
        report.Price.ShouldBe(65000.1m);
        report.Status.ShouldBe(OrderStatus.New);
    }

    [Fact]
    public async Task GetOrderAsync_Fixture_QueriesByClientOrderId()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Trade", "QueryOrder");

        var report = (await h.Client.GetOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = new ClientOrderId("abc") })).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        report.Status.ShouldBe(OrderStatus.New);
        report.Quantity.ShouldBe(0.40m);
        report.Price.ShouldBe(9300m);
        report.PositionSide.ShouldBe(PositionSide.Short);
        report.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);
        report.AveragePrice.ShouldBeNull();
    }

    [Fact]
    public async Task GetOrderAsync_DoesNotExist_NotFound()
    {
        var h = new BinanceTestHarness();
        h.Error(HttpMethod.Get, "/fapi/v1/order", -2013, "Order does not exist.");

        var result = await h.Client.GetOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = Cid });

        result.Error!.Kind.ShouldBe(VenueErrorKind.NotFound);
        result.Error.Reason.ShouldBe(VenueErrorReason.OrderNotFound);
    }

    [Fact]
    public async Task CancelOrderAsync_Fixture_MapsCanceled()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Trade", "CancelOrder");

        var report = (await h.Client.CancelOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = new ClientOrderId("myOrder1") })).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        report.Status.ShouldBe(OrderStatus.Canceled);
        report.VenueOrderId.ShouldBe(new VenueOrderId("283194212"));
        report.TimeInForce.ShouldBe(TimeInForce.PostOnly);
    }

    [Fact]
    public async Task CancelOrderAsync_ByVenueOrderId_SendsOrderId()
    {
        var h = new BinanceTestHarness();
        h.Use("Trade", "CancelOrder");

        await h.Client.CancelOrderAsync(new OrderLookup { Symbol = "BTCUSDT", VenueOrderId = new VenueOrderId("283194212") });

        h.Handler.LastRequest.Parameters["orderId"].ShouldBe("283194212");
        h.Handler.LastRequest.Parameters.ShouldNotContainKey("origClientOrderId");
    }

    [Fact]
    public async Task GetOpenOrdersAsync_Fixture_ForeignClientIdSanitised()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Trade", "OpenOrders");

        var report = (await h.Client.GetOpenOrdersAsync("BTCUSDT")).Data!.Single();

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        report.ClientOrderId.Value.ShouldBe("webAbc123");
        report.Status.ShouldBe(OrderStatus.PartiallyFilled);
        report.FilledQuantity.ShouldBe(0.1m);
        report.RemainingQuantity.ShouldBe(0.3m);
        report.Side.ShouldBe(OrderSide.Sell);
    }

    [Fact]
    public async Task ArmDeadManSwitchAsync_Fixture_CountdownPerSymbol()
    {
        var h = new BinanceTestHarness();
        var f = h.Use("Trade", "CountdownCancelAll");

        var status = (await h.Client.ArmDeadManSwitchAsync("BTCUSDT", TimeSpan.FromMinutes(2))).Data!;

        BinanceTestHarness.AssertMatches(h.Handler.LastRequest, f);
        status.Timeout.ShouldBe(TimeSpan.FromMinutes(2));
        status.Symbol.ShouldBe("BTCUSDT");
        status.TriggerTime.ShouldBe(BinanceTestHarness.Start + TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task ArmDeadManSwitchAsync_NoSymbol_InvalidRequest()
    {
        var h = new BinanceTestHarness();

        var result = await h.Client.ArmDeadManSwitchAsync(null, TimeSpan.FromMinutes(2));

        result.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        h.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task SignedCall_NoCredentials_UnauthorizedWithoutRequest()
    {
        var h = new BinanceTestHarness(o =>
        {
            o.ApiKey = null;
            o.ApiSecret = null;
        });

        var result = await h.Client.GetAccountMarginAsync();

        result.Error!.Kind.ShouldBe(VenueErrorKind.Unauthorized);
        h.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Environment_Custom_UsesConfiguredHosts()
    {
        var h = new BinanceTestHarness();

        h.Client.Environment.Name.ShouldBe("custom");
        h.Client.Environment.RestBaseUrl.ShouldBe(new Uri("https://binance.test"));
        h.Client.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        h.Client.SymbolMapper.ShouldBeSameAs(BinanceSymbolMapper.Instance);
    }
}
