using System.Globalization;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class BinanceTradingTests : IAsyncLifetime
{
    private VenueEmulator emulator = null!;
    private BinanceTestClient client = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 3 });
        emulator.Market.Pause();
        client = new BinanceTestClient(emulator.BinanceRestUrl, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await emulator.DisposeAsync();
    }

    private EmulatorQuote Btc => emulator.Market.GetQuote(EmulatorVenue.Binance, "BTC");

    private static string P(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private Task<(int Status, JsonElement Body)> Order(string parameters) => client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", parameters);

    private async Task<int> ErrorCode(string parameters)
    {
        var (status, body) = await Order(parameters);
        status.ShouldBe(400, body.ToString());
        return body.Code();
    }

    [Fact]
    public async Task Market_order_fills_at_taker_fee_and_shows_in_positions_and_account()
    {
        var (status, order) = await Order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=pb-m-1&newOrderRespType=RESULT");
        status.ShouldBe(200, order.ToString());
        order.Str("status").ShouldBe("FILLED");
        order.Str("executedQty").ShouldBe("0.010");
        order.Str("clientOrderId").ShouldBe("pb-m-1");
        order.Dec("avgPrice").ShouldBe(Btc.BestAsk);

        var ledger = emulator.GetLedger(EmulatorVenue.Binance);
        var fill = ledger.Fills.ShouldHaveSingleItem();
        fill.IsMaker.ShouldBeFalse();
        fill.Fee.ShouldBe(Math.Round(fill.Price * 0.010m * 0.0005m, 8));
        ledger.WalletBalance.ShouldBe(100_000m - fill.Fee);

        var (_, v2) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v2/positionRisk", "symbol=BTCUSDT");
        v2.GetArrayLength().ShouldBe(1);
        v2[0].Str("positionAmt").ShouldBe("0.010");
        v2[0].Str("positionSide").ShouldBe("BOTH");
        v2[0].Str("leverage").ShouldBe("20");
        v2[0].Str("marginType").ShouldBe("cross");
        v2[0].Dec("entryPrice").ShouldBe(fill.Price);

        var (_, v3) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v3/positionRisk", "");
        v3.GetArrayLength().ShouldBe(1);
        v3[0].Str("symbol").ShouldBe("BTCUSDT");
        v3[0].TryGetProperty("leverage", out _).ShouldBeFalse();
        v3[0].Dec("initialMargin").ShouldBeGreaterThan(0m);
        v3[0].Dec("maintMargin").ShouldBeGreaterThan(0m);

        var (_, account) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v3/account", "");
        account.Dec("totalWalletBalance").ShouldBe(Math.Round(100_000m - fill.Fee, 8));
        account.GetProperty("positions").GetArrayLength().ShouldBe(1);
        var (_, balance) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v2/balance", "");
        balance[0].Str("asset").ShouldBe("USDT");
    }

    [Fact]
    public async Task Ack_response_shows_the_pre_match_state()
    {
        var (_, ack) = await Order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=ack1");
        ack.Str("status").ShouldBe("NEW");
        ack.Str("executedQty").ShouldBe("0.000");
        var (_, query) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=ack1");
        query.Str("status").ShouldBe("FILLED");
        query.GetProperty("time").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Filter_violations_get_the_real_reject_codes()
    {
        var q = Btc;
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001")).ShouldBe(-1111);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0")).ShouldBe(-4003);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=121")).ShouldBe(-4005);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001")).ShouldBe(-4164);
        (await ErrorCode($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={P(q.BestBid)}5")).ShouldBe(-1111);
        (await ErrorCode($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={P(Math.Round(q.MarkPrice * 1.1m, 1))}")).ShouldBe(-4016);
        (await ErrorCode($"symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price={P(Math.Round(q.MarkPrice * 0.9m, 1))}")).ShouldBe(-4024);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=100")).ShouldBe(-4013);
        (await ErrorCode("symbol=DOGEUSDT&side=BUY&type=MARKET&quantity=1")).ShouldBe(-1121);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET")).ShouldBe(-1102);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.01&price=60000")).ShouldBe(-1102);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.01&price=60000")).ShouldBe(-1116);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=STOP_MARKET&quantity=0.01&stopPrice=60000")).ShouldBe(-4120);
        (await ErrorCode("symbol=BTCUSDT&side=UP&type=MARKET&quantity=0.01")).ShouldBe(-1117);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=XYZ&quantity=0.01&price=60000")).ShouldBe(-1115);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=bad%20id")).ShouldBe(-4015);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=50")).ShouldBe(-2019);
        emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_only_that_would_cross_is_rejected_with_5022_and_not_recorded()
    {
        (await ErrorCode($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=0.01&price={P(Btc.BestAsk)}&newClientOrderId=gtx1")).ShouldBe(-5022);
        emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();

        var (status, resting) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=0.01&price={P(Btc.BestBid)}&newClientOrderId=gtx2");
        status.ShouldBe(200);
        resting.Str("status").ShouldBe("NEW");
        resting.Str("timeInForce").ShouldBe("GTX");
    }

    [Fact]
    public async Task Limit_orders_rest_query_list_and_cancel_by_client_id()
    {
        var price = P(Btc.BestBid - 100m);
        var (_, placed) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={price}&newClientOrderId=rest-1");
        placed.Str("status").ShouldBe("NEW");
        (await ErrorCode($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={price}&newClientOrderId=rest-1")).ShouldBe(-4116);

        var (_, open) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/openOrders", "symbol=BTCUSDT");
        open.GetArrayLength().ShouldBe(1);
        open[0].Str("clientOrderId").ShouldBe("rest-1");

        var (_, byId) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", $"symbol=BTCUSDT&orderId={placed.GetProperty("orderId").GetInt64()}");
        byId.Str("clientOrderId").ShouldBe("rest-1");

        var (cancelStatus, canceled) = await client.SendJsonAsync(HttpMethod.Delete, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=rest-1");
        cancelStatus.ShouldBe(200);
        canceled.Str("status").ShouldBe("CANCELED");
        var (againStatus, again) = await client.SendJsonAsync(HttpMethod.Delete, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=rest-1");
        againStatus.ShouldBe(400);
        again.Code().ShouldBe(-2011);
        var (_, unknown) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=never");
        unknown.Code().ShouldBe(-2013);

        var (reuseStatus, _) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={price}&newClientOrderId=rest-1");
        reuseStatus.ShouldBe(200);
        var (_, all) = await client.SendJsonAsync(HttpMethod.Delete, "/fapi/v1/allOpenOrders", "symbol=BTCUSDT");
        all.Code().ShouldBe(200);
        var (_, none) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/openOrders", "");
        none.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Ioc_fills_partially_when_depth_is_short_and_fok_is_rejected()
    {
        var q = Btc;
        var (_, ioc) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=2&price={P(q.BestAsk)}&newOrderRespType=RESULT");
        ioc.Str("status").ShouldBe("EXPIRED");
        var executed = ioc.Dec("executedQty");
        executed.ShouldBeGreaterThan(0m);
        executed.ShouldBeLessThan(2m);
        (await ErrorCode($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=2&price={P(q.BestAsk)}")).ShouldBe(-5021);
        var (_, fok) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=0.01&price={P(q.BestAsk)}&newOrderRespType=RESULT");
        fok.Str("status").ShouldBe("FILLED");
    }

    [Fact]
    public async Task Resting_order_fills_as_maker_when_the_market_moves_through_it()
    {
        var q = Btc;
        var price = q.BestBid - 50m;
        var (_, placed) = await Order($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={P(price)}&newClientOrderId=maker1");
        placed.Str("status").ShouldBe("NEW");
        emulator.Market.SetFairPrice("BTC", q.IndexPrice - 200m);
        var (_, query) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=maker1");
        query.Str("status").ShouldBe("FILLED");
        var fill = emulator.GetLedger(EmulatorVenue.Binance).Fills.ShouldHaveSingleItem();
        fill.IsMaker.ShouldBeTrue();
        fill.Price.ShouldBe(price);
        fill.Fee.ShouldBe(Math.Round(price * 0.01m * 0.0002m, 8));
    }

    [Fact]
    public async Task Position_mode_changes_are_refused_while_orders_or_positions_exist()
    {
        var (_, mode) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/positionSide/dual", "");
        mode.GetProperty("dualSidePosition").GetBoolean().ShouldBeFalse();
        var (_, same) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/positionSide/dual", "dualSidePosition=false");
        same.Code().ShouldBe(-4059);

        await Order($"symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={P(emulator.Market.GetQuote(EmulatorVenue.Binance, "ETH").BestBid - 10m)}&newClientOrderId=eth-rest");
        var (_, withOrders) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/positionSide/dual", "dualSidePosition=true");
        withOrders.Code().ShouldBe(-4067);
        await client.SendJsonAsync(HttpMethod.Delete, "/fapi/v1/allOpenOrders", "symbol=ETHUSDT");

        await Order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
        var (_, withPosition) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/positionSide/dual", "dualSidePosition=true");
        withPosition.Code().ShouldBe(-4068);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&reduceOnly=true")).ShouldBe(-2022);
        (await ErrorCode("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.02&reduceOnly=true")).ShouldBe(-2022);
        (await ErrorCode("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01&positionSide=LONG")).ShouldBe(-4061);
        var (_, close) = await Order("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01&reduceOnly=true&newOrderRespType=RESULT");
        close.Str("status").ShouldBe("FILLED");
        close.GetProperty("reduceOnly").GetBoolean().ShouldBeTrue();

        var (status, hedge) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/positionSide/dual", "dualSidePosition=true");
        status.ShouldBe(200);
        hedge.Code().ShouldBe(200);
        var (_, config) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/accountConfig", "");
        config.GetProperty("dualSidePosition").GetBoolean().ShouldBeTrue();

        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01")).ShouldBe(-4061);
        (await ErrorCode("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&positionSide=LONG&reduceOnly=false")).ShouldBe(-1106);
        (await ErrorCode("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01&positionSide=LONG")).ShouldBe(-2022);
        var (_, openLong) = await Order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&positionSide=LONG&newOrderRespType=RESULT");
        openLong.Str("status").ShouldBe("FILLED");
        var (_, openShort) = await Order("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.02&positionSide=SHORT&newOrderRespType=RESULT");
        openShort.Str("status").ShouldBe("FILLED");
        var (_, risk) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v2/positionRisk", "symbol=BTCUSDT");
        risk.GetArrayLength().ShouldBe(2);
        risk.EnumerateArray().Single(r => r.Str("positionSide") == "SHORT").Str("positionAmt").ShouldBe("-0.020");
        var (_, closeLong) = await Order("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01&positionSide=LONG&newOrderRespType=RESULT");
        closeLong.GetProperty("reduceOnly").GetBoolean().ShouldBeTrue();
        emulator.GetLedger(EmulatorVenue.Binance).Positions.ShouldHaveSingleItem().PositionSide.ShouldBe(EmulatorPositionSide.Short);
    }

    [Fact]
    public async Task Margin_type_and_leverage_per_symbol()
    {
        var (_, same) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/marginType", "symbol=BTCUSDT&marginType=CROSSED");
        same.Code().ShouldBe(-4046);
        var (status, changed) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/marginType", "symbol=BTCUSDT&marginType=ISOLATED");
        status.ShouldBe(200);
        changed.Str("msg").ShouldBe("success");
        var (_, leverage) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/leverage", "symbol=BTCUSDT&leverage=5");
        leverage.GetProperty("leverage").GetInt32().ShouldBe(5);
        leverage.Str("symbol").ShouldBe("BTCUSDT");
        var (_, bad) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/leverage", "symbol=BTCUSDT&leverage=500");
        bad.Code().ShouldBe(-4028);
        var (_, config) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/symbolConfig", "symbol=BTCUSDT");
        config[0].Str("marginType").ShouldBe("ISOLATED");
        config[0].GetProperty("leverage").GetInt32().ShouldBe(5);

        await Order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
        var (_, blocked) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/marginType", "symbol=BTCUSDT&marginType=CROSSED");
        blocked.Code().ShouldBe(-4048);
        var (_, risk) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v2/positionRisk", "symbol=BTCUSDT");
        risk[0].Str("marginType").ShouldBe("isolated");
        risk[0].Str("leverage").ShouldBe("5");
        risk[0].Dec("isolatedMargin").ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task Market_data_and_account_configuration_endpoints_have_the_reference_shapes()
    {
        var info = await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/exchangeInfo"));
        var btc = info.GetProperty("symbols").EnumerateArray().Single(s => s.Str("symbol") == "BTCUSDT");
        var filters = btc.GetProperty("filters").EnumerateArray().ToDictionary(f => f.Str("filterType"));
        filters["PRICE_FILTER"].Str("tickSize").ShouldBe("0.1");
        filters["LOT_SIZE"].Str("stepSize").ShouldBe("0.001");
        filters["MIN_NOTIONAL"].Str("notional").ShouldBe("100");
        info.GetProperty("rateLimits").GetArrayLength().ShouldBe(3);

        var depth = await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=5"));
        depth.GetProperty("bids").GetArrayLength().ShouldBe(5);
        depth.GetProperty("asks")[0][0].GetString().ShouldNotBeNull();

        var ticker = await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/ticker/bookTicker?symbol=ETHUSDT"));
        ticker.Dec("askPrice").ShouldBeGreaterThan(ticker.Dec("bidPrice"));
        var tickers = await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/ticker/bookTicker"));
        tickers.GetArrayLength().ShouldBe(2);
        var premium = await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/premiumIndex?symbol=BTCUSDT"));
        premium.GetProperty("nextFundingTime").GetInt64().ShouldBeGreaterThan(0);
        premium.Str("lastFundingRate").ShouldNotBeNullOrEmpty();
        (await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/premiumIndex"))).GetArrayLength().ShouldBe(2);
        (await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/fundingInfo"))).GetArrayLength().ShouldBe(0);
        (await BinanceTestClient.ReadJsonAsync(await client.PublicAsync("/fapi/v1/ping"))).ToString().ShouldBe("{}");

        var (_, commission) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/commissionRate", "symbol=BTCUSDT");
        commission.Str("makerCommissionRate").ShouldBe("0.0002");
        commission.Str("takerCommissionRate").ShouldBe("0.0005");
        var (_, brackets) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v1/leverageBracket", "symbol=BTCUSDT");
        brackets[0].GetProperty("brackets")[0].GetProperty("initialLeverage").GetInt32().ShouldBe(125);
        var (_, account2) = await client.SendJsonAsync(HttpMethod.Get, "/fapi/v2/account", "");
        account2.GetProperty("positions").GetArrayLength().ShouldBe(2);
        var (_, test) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order/test", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
        test.ToString().ShouldBe("{}");
        var (_, testReject) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order/test", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001");
        testReject.Code().ShouldBe(-4164);
        emulator.GetLedger(EmulatorVenue.Binance).Orders.ShouldBeEmpty();
    }
}
