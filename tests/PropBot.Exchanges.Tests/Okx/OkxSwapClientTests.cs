using System.Net;
using System.Text.Json.Nodes;
using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxSwapClientTests
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string PlacePath = "/api/v5/trade/order";

    /// <summary>The order whose body is signature vector J (hedge mode, post-only open short 0.0537 BTC = 5.37 contracts).</summary>
    internal static OrderRequest VectorJOrder() => new()
    {
        Symbol = Btc,
        Side = OrderSide.Sell,
        Type = OrderType.Limit,
        Quantity = 0.0537m,
        Price = 65000.1m,
        TimeInForce = TimeInForce.PostOnly,
        ClientOrderId = new ClientOrderId("pba1L20"),
        MarginType = MarginType.Cross,
    };

    private static OrderRequest Ioc(decimal quantity, OrderSide side = OrderSide.Buy, OrderPurpose purpose = OrderPurpose.Entry, bool reduceOnly = false, string id = "pbx1L10") => new()
    {
        Symbol = Btc,
        Side = side,
        Type = OrderType.Limit,
        Quantity = quantity,
        Price = 65010m,
        TimeInForce = TimeInForce.ImmediateOrCancel,
        ClientOrderId = new ClientOrderId(id),
        Purpose = purpose,
        ReduceOnly = reduceOnly,
        MarginType = MarginType.Cross,
    };

    private static int Count(OkxTestHost host, string method, string path) =>
        host.Handler.Requests.Count(r => r.Method.Method == method && r.Path == path);

    [Fact]
    public async Task PlaceOrderAsync_VectorJ_SignsExactlyTheReferenceVector()
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.PlaceOrderAsync(VectorJOrder());

        result.Success.ShouldBeTrue();
        result.Data.VenueOrderId!.Value.Value.ShouldBe("2896576259728695296");
        result.Data.Status.ShouldBe(OrderStatus.New);
        result.Data.Quantity.ShouldBe(0.0537m);
        var req = host.Handler.Requests.Last(r => r.Method == HttpMethod.Post && r.Path == PlacePath);
        req.Body.ShouldBe("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","posSide":"short","ordType":"post_only","px":"65000.1","sz":"5.37","clOrdId":"pba1L20"}""");
        req.Header("OK-ACCESS-TIMESTAMP").ShouldBe("2020-12-08T09:08:57.715Z");
        req.Header("OK-ACCESS-SIGN").ShouldBe("KeAAUuK51BK2XOjEXlIYPHSBW+56fJ5WFRQUMcWltKg=");
    }

    [Fact]
    public async Task ArmDeadManSwitchAsync_Sixty_SignsVectorF_AndReadsTriggerTimeInSeconds()
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.ArmDeadManSwitchAsync("ignored", TimeSpan.FromSeconds(60));

        result.Success.ShouldBeTrue();
        result.Data.Symbol.ShouldBeNull();
        result.Data.Timeout.ShouldBe(TimeSpan.FromSeconds(60));
        result.Data.TriggerTime.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1587971460));
        host.Last("/api/v5/trade/cancel-all-after").Header("OK-ACCESS-SIGN").ShouldBe("KLDsTjICb6BJcLPD4W1tFkQphGBtst0KE9Gum/S5cK8=");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(121)]
    [InlineData(10.5)]
    public async Task ArmDeadManSwitchAsync_OutOfRange_RefusedLocally(double seconds)
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.ArmDeadManSwitchAsync(null, TimeSpan.FromSeconds(seconds));

        result.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        host.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ArmDeadManSwitchAsync_Zero_Disarms()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, "/api/v5/trade/cancel-all-after", """{"code":"0","msg":"","data":[{"triggerTime":"0","tag":"","ts":"1587971400"}]}"""));

        var result = await host.Client.ArmDeadManSwitchAsync(null, TimeSpan.Zero);

        result.Data!.Timeout.ShouldBe(TimeSpan.Zero);
        result.Data.TriggerTime.ShouldBeNull();
        host.Last("/api/v5/trade/cancel-all-after").Header("OK-ACCESS-SIGN").ShouldBe("ZkT5Tm+aeUutbiNMVyCG+pYKEXNIzL1Cv8lNnUdTOT0=");
    }

    [Fact]
    public async Task SetPositionModeAsync_FromHedge_SignsVectorI()
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.SetPositionModeAsync(PositionMode.OneWay);

        result.Data.ShouldBe(PositionMode.OneWay);
        host.Last("/api/v5/account/set-position-mode").Header("OK-ACCESS-SIGN").ShouldBe("mEtZPdiwsiE1mWCm/kJRI/TZCO/7tz/50dFkT2/XsUg=");
    }

    [Fact]
    public async Task SetPositionModeAsync_AlreadySet_IsIdempotentWithoutPost()
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.SetPositionModeAsync(PositionMode.Hedge);

        result.Data.ShouldBe(PositionMode.Hedge);
        Count(host, "POST", "/api/v5/account/set-position-mode").ShouldBe(0);
    }

    [Fact]
    public async Task SetPositionModeAsync_OpenPositions_MapsSettingLocked()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, "/api/v5/account/set-position-mode",
            """{"code":"59000","msg":"Settings failed. Close any open positions or orders before modifying settings.","data":[]}"""));

        var result = await host.Client.SetPositionModeAsync(PositionMode.OneWay);

        result.Error!.Reason.ShouldBe(VenueErrorReason.SettingLockedByPositions);
        result.Error.VenueCode.ShouldBe("59000");
    }

    [Fact]
    public async Task GetFiltersAsync_ConvertsContractRulesToBaseUnits()
    {
        await using var host = new OkxTestHost();

        var btc = (await host.Client.GetFiltersAsync(Btc)).Data!;
        var eth = (await host.Client.GetFiltersAsync("ETH-USDT-SWAP")).Data!;

        btc.ContractSize.ShouldBe(0.01m);
        btc.StepSize.ShouldBe(0.0001m);
        btc.MinQuantity.ShouldBe(0.0001m);
        btc.MaxQuantity.ShouldBe(1_000_000m);
        btc.MarketMaxQuantity.ShouldBe(120m);
        btc.TickSize.ShouldBe(0.1m);
        btc.MinNotional.ShouldBe(0m);
        btc.BaseAsset.ShouldBe("BTC");
        btc.QuoteAsset.ShouldBe("USDT");
        btc.IsTrading.ShouldBeTrue();
        eth.ContractSize.ShouldBe(0.1m);
        eth.StepSize.ShouldBe(0.001m);
        eth.TickSize.ShouldBe(0.01m);
        Count(host, "GET", "/api/v5/public/instruments").ShouldBe(1);
    }

    [Fact]
    public async Task GetFiltersAsync_CachedUntilTtl_ThenRefreshed()
    {
        await using var host = new OkxTestHost(configure: o => o.InstrumentsCacheTtl = TimeSpan.FromMinutes(10));

        await host.Client.GetFiltersAsync(Btc);
        await host.Client.GetFiltersAsync(Btc);
        Count(host, "GET", "/api/v5/public/instruments").ShouldBe(1);
        host.Time.Advance(TimeSpan.FromMinutes(11));
        await host.Client.GetFiltersAsync(Btc);

        Count(host, "GET", "/api/v5/public/instruments").ShouldBe(2);
    }

    [Fact]
    public async Task GetFiltersAsync_UnknownSymbol_NotFound()
    {
        await using var host = new OkxTestHost();

        var result = await host.Client.GetFiltersAsync("DOGE-USDT-SWAP");

        result.Error!.Kind.ShouldBe(VenueErrorKind.NotFound);
        result.Error.Reason.ShouldBe(VenueErrorReason.InvalidSymbol);
    }

    [Fact]
    public async Task GetBookTopAsync_ConvertsContractSizesToBase()
    {
        await using var host = new OkxTestHost();

        var top = (await host.Client.GetBookTopAsync(Btc)).Data;

        top.BidPrice.ShouldBe(41006.3m);
        top.BidSize.ShouldBe(0.003m);
        top.AskPrice.ShouldBe(41006.8m);
        top.AskSize.ShouldBe(0.006m);
        top.UpdateId.ShouldBe(3235851742);
        top.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1629966436396));
        host.Last("/api/v5/market/books").Parameters["sz"].ShouldBe("1");
    }

    [Fact]
    public async Task GetMarkPriceAsync_ParsesMarkAndVenueTime()
    {
        await using var host = new OkxTestHost();

        var mark = (await host.Client.GetMarkPriceAsync(Btc)).Data;

        mark.MarkPrice.ShouldBe(200m);
        mark.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1597026383085));
    }

    [Fact]
    public async Task GetFundingInfoAsync_IntervalFromFundingTimes()
    {
        await using var host = new OkxTestHost();

        var f = (await host.Client.GetFundingInfoAsync(Btc)).Data!;

        f.Rate.ShouldBe(0.0000182221218054m);
        f.NextFundingTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1743609600000));
        f.Interval.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task GetFundingInfoAsync_FourHourContract_IsNotAssumedEightHours()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/public/funding-rate",
            """{"code":"0","msg":"","data":[{"instId":"BTC-USDT-SWAP","fundingRate":"-0.0001","fundingTime":"1743609600000","nextFundingTime":"1743624000000","ts":"1743588686291"}]}"""));

        var f = (await host.Client.GetFundingInfoAsync(Btc)).Data!;

        f.Interval.ShouldBe(TimeSpan.FromHours(4));
        f.Rate.ShouldBe(-0.0001m);
    }

    [Fact]
    public async Task GetFundingInfoAsync_MissingNextFundingTime_Malformed()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/public/funding-rate",
            """{"code":"0","msg":"","data":[{"instId":"BTC-USDT-SWAP","fundingRate":"0.0001","fundingTime":"1743609600000","nextFundingTime":""}]}"""));

        var r = await host.Client.GetFundingInfoAsync(Btc);

        r.Error!.Reason.ShouldBe(VenueErrorReason.MalformedResponse);
    }

    [Fact]
    public async Task GetFeesAsync_NegativeOkxRateMeansYouPay_PositiveBps()
    {
        await using var host = new OkxTestHost();

        var fees = (await host.Client.GetFeesAsync(Btc)).Data!;

        fees.ShouldBe(new FeeRates(2m, 5m, FeeSource.Venue));
    }

    [Fact]
    public async Task GetFeesAsync_Rebate_NegativeBps()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/trade-fee",
            """{"code":"0","msg":"","data":[{"instType":"SWAP","level":"VIP8","maker":"","taker":"","feeGroup":[{"groupId":"2","maker":"0.00005","taker":"-0.0002"}]}]}"""));

        var fees = (await host.Client.GetFeesAsync(Btc)).Data!;

        fees.MakerBps.ShouldBe(-0.5m);
        fees.TakerBps.ShouldBe(2m);
    }

    [Fact]
    public async Task GetFeesAsync_ManualTable_NoRequest()
    {
        await using var host = new OkxTestHost(configure: o => { o.FeeSource = "manual"; o.ManualMakerFeeBps = 1.5m; o.ManualTakerFeeBps = 4m; });

        var fees = (await host.Client.GetFeesAsync(Btc)).Data!;

        fees.ShouldBe(new FeeRates(1.5m, 4m, FeeSource.Manual));
        host.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetFeesAsync_VenueUnavailable_FallsBackToManualTable()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/trade-fee", """{"code":"50120","msg":"no permission","data":[]}"""));

        var fees = (await host.Client.GetFeesAsync(Btc)).Data!;

        fees.ShouldBe(new FeeRates(2.0m, 5.0m, FeeSource.Manual));
    }

    [Fact]
    public async Task GetPositionsAsync_HedgeRows_SignedBaseQuantities()
    {
        await using var host = new OkxTestHost();

        var positions = (await host.Client.GetPositionsAsync()).Data!;

        positions.Count.ShouldBe(2);
        var btc = positions.Single(p => p.Instrument.Symbol == Btc);
        btc.Quantity.ShouldBe(0.0537m);
        btc.PositionSide.ShouldBe(PositionSide.Long);
        btc.EntryPrice.ShouldBe(65000m);
        btc.MarginType.ShouldBe(MarginType.Cross);
        btc.Margin.ShouldBe(69.8m);
        btc.LiquidationPrice.ShouldBeNull();
        var eth = positions.Single(p => p.Instrument.Symbol == "ETH-USDT-SWAP");
        eth.Quantity.ShouldBe(-0.03m);
        eth.PositionSide.ShouldBe(PositionSide.Short);
        eth.MarginType.ShouldBe(MarginType.Isolated);
        eth.Margin.ShouldBe(30m);
        eth.Leverage.ShouldBe(3);
        eth.LiquidationPrice.ShouldBe(3900.5m);
    }

    [Fact]
    public async Task GetPositionsAsync_NetMode_SignOfPos()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/positions",
            """{"code":"0","msg":"","data":[{"instId":"BTC-USDT-SWAP","posSide":"net","pos":"-2.5","avgPx":"65000","markPx":"65000","mgnMode":"cross","lever":"5"}]}"""));

        var p = (await host.Client.GetPositionsAsync()).Data!.Single();

        p.Quantity.ShouldBe(-0.025m);
        p.PositionSide.ShouldBe(PositionSide.Both);
    }

    [Fact]
    public async Task GetAccountMarginAsync_UsdtDetail()
    {
        await using var host = new OkxTestHost();

        var m = (await host.Client.GetAccountMarginAsync()).Data!;

        m.WalletBalance.ShouldBe(4850.435693622894m);
        m.MarginBalance.ShouldBe(4992.890093622894m);
        m.AvailableBalance.ShouldBe(4834.3170936228935m);
        m.MaintenanceMargin.ShouldBe(0m);
    }

    [Fact]
    public async Task GetOrderAsync_ConvertsContractsAndFlipsFeeSign()
    {
        await using var host = new OkxTestHost();

        var o = (await host.Client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("pba1L20") })).Data!;

        o.Status.ShouldBe(OrderStatus.PartiallyFilled);
        o.Quantity.ShouldBe(0.0537m);
        o.FilledQuantity.ShouldBe(0.02m);
        o.AveragePrice.ShouldBe(65000.1m);
        o.Fee.ShouldBe(0.0650001m);
        o.TimeInForce.ShouldBe(TimeInForce.PostOnly);
        o.PositionSide.ShouldBe(PositionSide.Short);
        o.PostOnlyRejected.ShouldBeFalse();
        host.Last(PlacePath).Parameters["clOrdId"].ShouldBe("pba1L20");
    }

    [Fact]
    public async Task GetOrderAsync_PostOnlyCanceledWithSource31_SurfacesPostOnlyWouldTake()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, PlacePath,
            """{"code":"0","msg":"","data":[{"accFillSz":"0","avgPx":"","cTime":"1788000000000","cancelSource":"31","cancelSourceReason":"POST_ONLY would take liquidity","category":"normal","clOrdId":"pba1L20","fee":"0","feeCcy":"USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","ordId":"2497956918703120600","ordType":"post_only","posSide":"short","px":"65000.1","reduceOnly":"false","side":"sell","state":"canceled","sz":"5.37","tdMode":"cross","uTime":"1788000000001"}]}"""));

        var o = (await host.Client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("pba1L20") })).Data!;

        o.Status.ShouldBe(OrderStatus.Canceled);
        o.PostOnlyRejected.ShouldBeTrue();
        o.CancelReason.ShouldBe(OkxErrorMap.PostOnlyWouldTakeCancelSource);
        o.FilledQuantity.ShouldBe(0m);
        o.AveragePrice.ShouldBeNull();
    }

    [Fact]
    public async Task GetOrderAsync_51603_NotFound()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, PlacePath, """{"code":"51603","msg":"Order does not exist.","data":[]}"""));

        var r = await host.Client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("nope1") });

        r.Error!.Kind.ShouldBe(VenueErrorKind.NotFound);
        r.Error.Reason.ShouldBe(VenueErrorReason.OrderNotFound);
    }

    [Fact]
    public async Task CancelOrderAsync_AlreadyFinal_51400_RejectedOrderNotFound()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, "/api/v5/trade/cancel-order",
            """{"code":"1","msg":"All operations failed","data":[{"clOrdId":"pba1L20","ordId":"","sCode":"51400","sMsg":"Order cancellation failed as the order has been filled, canceled or does not exist."}]}"""));

        var r = await host.Client.CancelOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("pba1L20") });

        r.Error!.Kind.ShouldBe(VenueErrorKind.Rejected);
        r.Error.Reason.ShouldBe(VenueErrorReason.OrderNotFound);
        r.Error.VenueCode.ShouldBe("51400");
    }

    [Fact]
    public async Task CancelOrderAsync_Accepted_ReturnsQueriedState()
    {
        await using var host = new OkxTestHost();

        var r = await host.Client.CancelOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("pba1L20") });

        r.Data!.ClientOrderId.Value.ShouldBe("pba1L20");
        Count(host, "GET", PlacePath).ShouldBe(1);
    }

    [Fact]
    public async Task GetOpenOrdersAsync_BaseUnits()
    {
        await using var host = new OkxTestHost();

        var list = (await host.Client.GetOpenOrdersAsync(Btc)).Data!;

        var o = list.ShouldHaveSingleItem();
        o.Quantity.ShouldBe(0.015m);
        o.Status.ShouldBe(OrderStatus.New);
        o.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);
        o.PositionSide.ShouldBe(PositionSide.Long);
    }

    [Theory]
    [InlineData("51008", VenueErrorKind.Rejected, VenueErrorReason.InsufficientMargin)]
    [InlineData("51020", VenueErrorKind.Rejected, VenueErrorReason.QuantityBelowMinimum)]
    [InlineData("51121", VenueErrorKind.Rejected, VenueErrorReason.InvalidLotSize)]
    [InlineData("51169", VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected)]
    [InlineData("51030", VenueErrorKind.Transient, VenueErrorReason.FundingSettlement)]
    [InlineData("51016", VenueErrorKind.Rejected, VenueErrorReason.DuplicateClientOrderId)]
    [InlineData("51149", VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout)]
    public async Task PlaceOrderAsync_ItemSCode_MappedPerItem(string sCode, VenueErrorKind kind, VenueErrorReason reason)
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, PlacePath,
            $$"""{"code":"1","data":[{"clOrdId":"pbx1L10","ordId":"","sCode":"{{sCode}}","sMsg":"refused","tag":"","ts":"1718339551210"}],"inTime":"1","msg":"All operations failed","outTime":"2"}"""));

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m));

        r.Error!.Kind.ShouldBe(kind);
        r.Error.Reason.ShouldBe(reason);
        r.Error.VenueCode.ShouldBe(sCode);
        r.Error.Message.ShouldBe("refused");
    }

    [Fact]
    public async Task PlaceOrderAsync_PosSideParameterError_PositionSideMismatch()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, PlacePath,
            """{"code":"1","data":[{"clOrdId":"x","ordId":"","sCode":"51000","sMsg":"Parameter posSide error ","tag":"x"}],"inTime":"1701877077101064","msg":"All operations failed","outTime":"1701877077102579"}"""));

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m));

        r.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        r.Error.Reason.ShouldBe(VenueErrorReason.PositionSideMismatch);
    }

    [Fact]
    public async Task PlaceOrderAsync_LotSizeReject_RefreshesInstrumentRules()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, PlacePath,
            """{"code":"1","msg":"All operations failed","data":[{"sCode":"51121","sMsg":"Order quantity must be a multiple of the lot size."}]}"""));

        await host.Client.PlaceOrderAsync(Ioc(0.01m));
        await host.Client.GetFiltersAsync(Btc);

        Count(host, "GET", "/api/v5/public/instruments").ShouldBe(2);
    }

    [Fact]
    public async Task PlaceOrderAsync_Timeout_OutcomeUnknown_NoResend()
    {
        await using var host = new OkxTestHost(h => h.On(r => r.Method == HttpMethod.Post && r.Path == PlacePath, _ => throw new TaskCanceledException("timeout")));

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m));

        r.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        r.Error.Reason.ShouldBe(VenueErrorReason.Timeout);
        r.Error.IsOutcomeUnknown.ShouldBeTrue();
        Count(host, "POST", PlacePath).ShouldBe(1);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    [InlineData(HttpStatusCode.InternalServerError, """{"code":"50026","msg":"System error. Try again later","data":[]}""")]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"code":"50001","msg":"Service temporarily unavailable.","data":[]}""")]
    public async Task PlaceOrderAsync_ServerError_OutcomeUnknown(HttpStatusCode status, string body)
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Post, PlacePath, body, status));

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m));

        r.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        Count(host, "POST", PlacePath).ShouldBe(1);
    }

    [Fact]
    public async Task Read_ServerError_Transient()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/balance", "", HttpStatusCode.BadGateway));

        var r = await host.Client.GetAccountMarginAsync();

        r.Error!.Kind.ShouldBe(VenueErrorKind.Transient);
    }

    [Fact]
    public async Task PlaceOrderAsync_ConnectionDropped_OutcomeUnknown()
    {
        await using var host = new OkxTestHost(h => h.On(r => r.Method == HttpMethod.Post && r.Path == PlacePath, _ => throw new HttpRequestException("reset")));

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m));

        r.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        r.Error.Reason.ShouldBe(VenueErrorReason.Network);
    }

    [Fact]
    public async Task RateLimited429_MappedAndEndpointWindowFilledUntilItSlides()
    {
        await using var host = new OkxTestHost(h => h.Enqueue(_ => OkxTestHost.Json("""{"msg":"Too Many Requests","code":"50011"}""", HttpStatusCode.TooManyRequests)));

        var first = await host.Client.GetAccountMarginAsync();
        var second = await host.Client.GetAccountMarginAsync();
        var otherEndpoint = await host.Client.GetPositionsAsync();
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var third = await host.Client.GetAccountMarginAsync();

        first.Error!.Kind.ShouldBe(VenueErrorKind.RateLimited);
        first.Error.HttpStatus.ShouldBe(429);
        second.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        otherEndpoint.Success.ShouldBeTrue();
        third.Success.ShouldBeTrue();
        Count(host, "GET", "/api/v5/account/balance").ShouldBe(2);
    }

    [Fact]
    public async Task RateLimited429_LongRetryAfter_BlocksVenue()
    {
        await using var host = new OkxTestHost(h => h.Enqueue(_ => PropBot.TestKit.FakeHttpMessageHandler.Json(
            """{"msg":"Too Many Requests","code":"50011"}""", HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["Retry-After"] = "10" })));

        var first = await host.Client.GetAccountMarginAsync();
        var other = await host.Client.GetPositionsAsync();
        host.Time.Advance(TimeSpan.FromSeconds(11));
        var later = await host.Client.GetPositionsAsync();

        first.Error!.RetryAfter.ShouldBe(TimeSpan.FromSeconds(10));
        other.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        host.Client.GetRateLimitUsage().ShouldAllBe(u => u.BlockedUntil == null);
        later.Success.ShouldBeTrue();
    }

    [Fact]
    public async Task AuthError401_Unauthorized()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/balance", """{"msg":"Invalid Sign","code":"50113"}""", HttpStatusCode.Unauthorized));

        var r = await host.Client.GetAccountMarginAsync();

        r.Error!.Kind.ShouldBe(VenueErrorKind.Unauthorized);
        r.Error.Reason.ShouldBe(VenueErrorReason.InvalidSignature);
    }

    [Fact]
    public async Task NumericCode404_ToleratedAsInvalidRequest()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/balance",
            """{"code": 404, "data": {}, "detailMsg": "", "error_code": "404", "error_message": "Not Found", "msg": "Not Found"}""", HttpStatusCode.NotFound));

        var r = await host.Client.GetAccountMarginAsync();

        r.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        r.Error.VenueCode.ShouldBe("404");
    }

    [Fact]
    public async Task NotJson_MalformedNeverThrows()
    {
        await using var host = new OkxTestHost(h => h.On(HttpMethod.Get, "/api/v5/account/balance", "<html>oops</html>"));

        var r = await host.Client.GetAccountMarginAsync();

        r.Error!.Reason.ShouldBe(VenueErrorReason.MalformedResponse);
    }

    [Fact]
    public async Task TimestampExpired50102_ResyncsClockAndRetriesOnce()
    {
        await using var host = new OkxTestHost(h => h.Enqueue(_ => OkxTestHost.Json("""{"code":"50102","msg":"Timestamp request expired","data":[]}""", HttpStatusCode.Unauthorized)));

        var r = await host.Client.GetAccountMarginAsync();

        r.Success.ShouldBeTrue();
        Count(host, "GET", "/api/v5/public/time").ShouldBe(1);
        Count(host, "GET", "/api/v5/account/balance").ShouldBe(2);
        host.Client.Clock.LastSync.ShouldNotBeNull();
    }

    [Fact]
    public async Task GetServerTimeAsync_OffsetAndSkewApplied_ToSignedTimestamp()
    {
        await using var host = new OkxTestHost();

        var t = (await host.Client.GetServerTimeAsync()).Data!;
        await host.Client.GetAccountMarginAsync();

        var server = DateTimeOffset.FromUnixTimeMilliseconds(1597026383085);
        t.ServerTime.ShouldBe(server);
        host.Client.Clock.Offset.ShouldBe(server - OkxTestHost.VectorTime);
        host.Client.Clock.Skew.ShouldBe((server - OkxTestHost.VectorTime).Duration());
        host.Last("/api/v5/account/balance").Header("OK-ACCESS-TIMESTAMP").ShouldBe("2020-08-10T02:26:23.085Z");
    }

    [Fact]
    public async Task PingAsync_ReturnsRoundTrip()
    {
        await using var host = new OkxTestHost();

        (await host.Client.PingAsync()).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task DemoFlag_AddsSimulatedTradingHeaderToEveryRequest()
    {
        await using var host = new OkxTestHost(configure: o => o.Demo = true);

        await host.Client.GetServerTimeAsync();
        await host.Client.GetAccountMarginAsync();

        host.Handler.Requests.ShouldAllBe(r => r.Header("x-simulated-trading") == "1");
        host.Client.Environment.IsDemo.ShouldBeTrue();
    }

    [Fact]
    public async Task NoCredentials_PrivateCallRefusedLocally()
    {
        await using var host = new OkxTestHost(configure: o => { o.ApiKey = ""; o.ApiSecret = ""; o.Passphrase = ""; });

        var r = await host.Client.GetAccountMarginAsync();

        r.Error!.Kind.ShouldBe(VenueErrorKind.Unauthorized);
        host.Handler.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0.00005)]
    [InlineData(0.00015)]
    [InlineData(0.012345)]
    public async Task PlaceOrderAsync_OffLotGrid_RefusedLocallyNeverRounded(double quantity)
    {
        await using var host = new OkxTestHost();

        var r = await host.Client.PlaceOrderAsync(Ioc((decimal)quantity));

        r.Error!.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
        r.Error.Reason.ShouldBeOneOf(VenueErrorReason.InvalidLotSize, VenueErrorReason.QuantityBelowMinimum);
        Count(host, "POST", PlacePath).ShouldBe(0);
    }

    [Fact]
    public async Task PlaceOrderAsync_PriceOffTick_RefusedLocally()
    {
        await using var host = new OkxTestHost();

        var r = await host.Client.PlaceOrderAsync(Ioc(0.01m) with { Price = 65010.05m });

        r.Error!.Reason.ShouldBe(VenueErrorReason.InvalidPrecision);
        Count(host, "POST", PlacePath).ShouldBe(0);
    }

    [Fact]
    public async Task PlaceOrderAsync_AboveMarketMaximum_Refused()
    {
        await using var host = new OkxTestHost();

        var r = await host.Client.PlaceOrderAsync(Ioc(121m) with { Type = OrderType.Market, Price = null });

        r.Error!.Reason.ShouldBe(VenueErrorReason.QuantityAboveMaximum);
    }

    [Fact]
    public async Task PlaceOrderAsync_HedgeModeReduceOnlySell_ClosesLongWithoutReduceOnlyFlag()
    {
        await using var host = new OkxTestHost();

        (await host.Client.PlaceOrderAsync(Ioc(0.0537m, OrderSide.Sell, OrderPurpose.Flatten, reduceOnly: true))).Success.ShouldBeTrue();

        var body = JsonNode.Parse(host.Last(PlacePath).Body)!.AsObject();
        body["posSide"]!.GetValue<string>().ShouldBe("long");
        body["ordType"]!.GetValue<string>().ShouldBe("ioc");
        body["sz"]!.GetValue<string>().ShouldBe("5.37");
        body.ContainsKey("reduceOnly").ShouldBeFalse();
    }

    [Fact]
    public async Task PlaceOrderAsync_NetMode_PosSideNetAndReduceOnly()
    {
        await using var host = new OkxTestHost(posMode: "net_mode");

        (await host.Client.PlaceOrderAsync(Ioc(0.01m, OrderSide.Sell, reduceOnly: true) with { Type = OrderType.Market, Price = null, MarginType = MarginType.Isolated })).Success.ShouldBeTrue();

        host.Last(PlacePath).Body.ShouldBe("""{"instId":"BTC-USDT-SWAP","tdMode":"isolated","side":"sell","posSide":"net","ordType":"market","sz":"1","reduceOnly":true,"clOrdId":"pbx1L10"}""");
    }

    [Fact]
    public async Task TestOrderAsync_ValidatesLocally_SendsNothing()
    {
        await using var host = new OkxTestHost();

        var r = await host.Client.TestOrderAsync(VectorJOrder());

        r.Data!.Status.ShouldBe(OrderStatus.New);
        r.Data.VenueOrderId.ShouldBeNull();
        Count(host, "POST", PlacePath).ShouldBe(0);
    }

    [Fact]
    public async Task TestOrderAsync_WithoutCredentials_ValidatesAgainstPublicRules()
    {
        await using var host = new OkxTestHost(configure: o => { o.ApiKey = ""; o.ApiSecret = ""; o.Passphrase = ""; });

        var ok = await host.Client.TestOrderAsync(VectorJOrder());
        var bad = await host.Client.TestOrderAsync(VectorJOrder() with { Quantity = 0.05374m });

        ok.Success.ShouldBeTrue();
        bad.Error!.Reason.ShouldBe(VenueErrorReason.InvalidLotSize);
        host.Handler.Requests.ShouldAllBe(r => r.Path == "/api/v5/public/instruments");
    }

    [Fact]
    public async Task Governor_PlaceOrderFailsFast_ReservedLaneForRiskReducing()
    {
        await using var host = new OkxTestHost();
        var granted = 0;
        VenueError? refused = null;
        for (var i = 0; i < 60 && refused is null; i++)
        {
            var r = await host.Client.PlaceOrderAsync(Ioc(0.01m, id: $"pbe{i}"));
            if (r.Success)
            {
                granted++;
            }
            else
            {
                refused = r.Error;
            }
        }

        var hedgeOut = await host.Client.PlaceOrderAsync(Ioc(0.01m, OrderSide.Sell, OrderPurpose.HedgeOut, id: "pbh1"));
        var usage = host.Client.GetRateLimitUsage().Single(u => u.Name.Contains("trade/order BTC-USDT-SWAP", StringComparison.Ordinal) && u.Name.StartsWith("POST", StringComparison.Ordinal));
        host.Time.Advance(TimeSpan.FromSeconds(2.1));
        var later = await host.Client.PlaceOrderAsync(Ioc(0.01m, id: "pbe99"));

        granted.ShouldBe(48);
        refused!.Kind.ShouldBe(VenueErrorKind.Throttled);
        refused.Reason.ShouldBe(VenueErrorReason.LocalRateLimit);
        hedgeOut.Success.ShouldBeTrue();
        usage.Limit.ShouldBe(60);
        usage.Reserved.ShouldBe(12);
        usage.Used.ShouldBe(49);
        usage.Window.ShouldBe(TimeSpan.FromSeconds(2));
        later.Success.ShouldBeTrue();
    }

    [Fact]
    public async Task SetLeverageAsync_IsolatedHedgeMode_SendsPosSide()
    {
        await using var host = new OkxTestHost();

        (await host.Client.SetLeverageAsync(new LeverageRequest(Btc, 3, MarginType.Isolated, PositionSide.Short))).Success.ShouldBeTrue();

        host.Last("/api/v5/account/set-leverage").Body.ShouldBe("""{"instId":"BTC-USDT-SWAP","lever":"3","mgnMode":"isolated","posSide":"short"}""");
    }

    [Fact]
    public async Task GetLeverageAsync_BothSidesParsed()
    {
        await using var host = new OkxTestHost();

        var list = (await host.Client.GetLeverageAsync(Btc, MarginType.Cross)).Data!;

        list.Select(l => (l.PositionSide, l.Leverage)).ShouldBe([(PositionSide.Long, 10), (PositionSide.Short, 10)]);
    }

    [Fact]
    public async Task GetAccountConfigurationAsync_Posture()
    {
        await using var host = new OkxTestHost();

        var c = (await host.Client.GetAccountConfigurationAsync()).Data!;

        c.AccountLevel.ShouldBe(2);
        c.PositionMode.ShouldBe(PositionMode.Hedge);
        c.Permissions.ShouldBe(["read_only", "trade"]);
        c.CanTradeSwaps.ShouldBeTrue();
        c.FeeLevel.ShouldBe("Lv1");
    }

    [Fact]
    public async Task SymbolMapperAndVenue()
    {
        await using var host = new OkxTestHost();

        host.Client.Venue.ShouldBe(VenueId.OkxSwap);
        host.Client.SymbolMapper.ToVenueSymbol(UnifiedSymbol.Parse("BTC-USDT-PERP")).ShouldBe(Btc);
        (await host.Client.SetMarginTypeAsync(Btc, MarginType.Cross)).Data.ShouldBe(MarginType.Cross);
    }
}
