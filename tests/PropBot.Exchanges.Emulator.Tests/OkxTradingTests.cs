using System.Globalization;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class OkxTradingTests : IAsyncLifetime
{
    private VenueEmulator emulator = null!;
    private OkxTestClient client = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 5 });
        emulator.Market.Pause();
        client = new OkxTestClient(emulator.OkxRestUrl, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await emulator.DisposeAsync();
    }

    private EmulatorQuote Btc => emulator.Market.GetQuote(EmulatorVenue.Okx, "BTC");

    private static string P(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<JsonElement> Place(string body)
    {
        var (status, json) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", body);
        status.ShouldBe(200, json.ToString());
        return json;
    }

    private async Task<string> SCode(string body)
    {
        var json = await Place(body);
        json.Str("code").ShouldBe("1");
        json.Str("msg").ShouldBe("All operations failed");
        return json.GetProperty("data")[0].Str("sCode");
    }

    private async Task<JsonElement> Get(string pathAndQuery)
    {
        var (status, json) = await client.JsonAsync(HttpMethod.Get, pathAndQuery);
        status.ShouldBe(200, json.ToString());
        return json;
    }

    [Fact]
    public async Task Instruments_carry_real_contract_specs()
    {
        var json = await client.PublicAsync("/api/v5/public/instruments?instType=SWAP");
        var rows = json.GetProperty("data").EnumerateArray().ToDictionary(r => r.Str("instId"));
        rows["BTC-USDT-SWAP"].Str("ctVal").ShouldBe("0.01");
        rows["ETH-USDT-SWAP"].Str("ctVal").ShouldBe("0.1");
        rows["BTC-USDT-SWAP"].Str("lotSz").ShouldBe("0.01");
        rows["BTC-USDT-SWAP"].Str("minSz").ShouldBe("0.01");
        rows["BTC-USDT-SWAP"].Str("tickSz").ShouldBe("0.1");
        rows["BTC-USDT-SWAP"].Str("state").ShouldBe("live");
        (await client.PublicAsync("/api/v5/public/instruments")).Str("code").ShouldBe("50014");
    }

    [Fact]
    public async Task Market_order_in_contracts_fills_and_shows_in_positions_and_balance()
    {
        var json = await Place("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"5\",\"clOrdId\":\"okm1\"}");
        json.Str("code").ShouldBe("0");
        var item = json.GetProperty("data")[0];
        item.Str("sCode").ShouldBe("0");
        item.Str("sMsg").ShouldBe("Order placed");
        item.Str("clOrdId").ShouldBe("okm1");
        json.Str("inTime").ShouldNotBeNullOrEmpty();

        var ledger = emulator.GetLedger(EmulatorVenue.Okx);
        ledger.Fills.ShouldHaveSingleItem().Quantity.ShouldBe(0.05m);
        var order = (await Get("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=okm1")).GetProperty("data")[0];
        order.Str("state").ShouldBe("filled");
        order.Str("accFillSz").ShouldBe("5");
        order.Str("ordId").ShouldBe(item.Str("ordId"));
        order.Dec("fee").ShouldBeLessThan(0m);
        order.Str("feeCcy").ShouldBe("USDT");
        order.Str("reduceOnly").ShouldBe("false");

        var position = (await Get("/api/v5/account/positions?instType=SWAP")).GetProperty("data").EnumerateArray().ShouldHaveSingleItem();
        position.Str("pos").ShouldBe("5");
        position.Str("posSide").ShouldBe("net");
        position.Dec("avgPx").ShouldBe(Btc.BestAsk);
        position.Str("mgnMode").ShouldBe("cross");

        var balance = (await Get("/api/v5/account/balance")).GetProperty("data")[0];
        balance.GetProperty("details")[0].Dec("cashBal").ShouldBe(100_000m - ledger.Fills[0].Fee);
        balance.GetProperty("details")[0].Dec("imr").ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task Size_and_price_violations_get_the_real_sCodes()
    {
        var q = Btc;
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"0.015\"}")).ShouldBe("51121");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"0.001\"}")).ShouldBe("51121");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"12001\"}")).ShouldBe("51202");
        (await SCode("{\"instId\":\"DOGE-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}")).ShouldBe("51001");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\"}")).ShouldBe("51204");
        (await SCode($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"{P(q.BestBid)}5\"}}")).ShouldBe("51000");
        (await SCode($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"{P(Math.Round(q.MarkPrice * 1.2m, 1))}\"}}")).ShouldBe("51006");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"posSide\":\"long\",\"ordType\":\"market\",\"sz\":\"1\"}")).ShouldBe("51000");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\",\"clOrdId\":\"has-dash\"}")).ShouldBe("51000");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"sell\",\"ordType\":\"market\",\"sz\":\"1\",\"reduceOnly\":true}")).ShouldBe("51169");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"5000\"}")).ShouldBe("51008");
        var (status, missing) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\"}");
        status.ShouldBe(400);
        missing.Str("code").ShouldBe("50014");
        var (_, unknownField) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\",\"ccy\":\"\",\"px\":\"\",\"someNewField\":\"x\"}");
        unknownField.Str("code").ShouldBe("0");
    }

    [Fact]
    public async Task Post_only_that_would_cross_is_acked_then_canceled_with_cancel_source_31()
    {
        var json = await Place($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"post_only\",\"sz\":\"1\",\"px\":\"{P(Btc.BestAsk)}\",\"clOrdId\":\"po1\"}}");
        json.Str("code").ShouldBe("0");
        var order = (await Get("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=po1")).GetProperty("data")[0];
        order.Str("state").ShouldBe("canceled");
        order.Str("cancelSource").ShouldBe("31");
        order.Str("accFillSz").ShouldBe("0");
    }

    [Fact]
    public async Task Pending_orders_cancel_and_duplicate_client_ids()
    {
        var px = P(Btc.BestBid - 100m);
        var placed = await Place($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"{px}\",\"clOrdId\":\"lim1\"}}");
        placed.Str("code").ShouldBe("0");
        (await SCode($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"{px}\",\"clOrdId\":\"lim1\"}}")).ShouldBe("51016");
        var pending = (await Get("/api/v5/trade/orders-pending?instType=SWAP&instId=BTC-USDT-SWAP")).GetProperty("data");
        pending.GetArrayLength().ShouldBe(1);
        pending[0].Str("state").ShouldBe("live");
        pending[0].Str("sz").ShouldBe("1");
        pending[0].Dec("px").ShouldBe(decimal.Parse(px, CultureInfo.InvariantCulture));

        var (_, set) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-position-mode", "{\"posMode\":\"long_short_mode\"}");
        set.Str("code").ShouldBe("59000");
        var (_, lever) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-leverage", "{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"5\",\"mgnMode\":\"cross\"}");
        lever.Str("code").ShouldBe("59107");

        var (_, cancel) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT-SWAP\",\"clOrdId\":\"lim1\"}");
        cancel.Str("code").ShouldBe("0");
        cancel.GetProperty("data")[0].Str("sCode").ShouldBe("0");
        var (_, again) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT-SWAP\",\"clOrdId\":\"lim1\"}");
        again.Str("code").ShouldBe("1");
        again.GetProperty("data")[0].Str("sCode").ShouldBe("51400");
        var order = (await Get("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=lim1")).GetProperty("data")[0];
        order.Str("state").ShouldBe("canceled");
        order.Str("cancelSource").ShouldBe("1");
        var (_, unknown) = await client.JsonAsync(HttpMethod.Get, "/api/v5/trade/order?instId=BTC-USDT-SWAP&ordId=123");
        unknown.Str("code").ShouldBe("51603");
        (await Get("/api/v5/trade/orders-pending")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Long_short_mode_leverage_and_account_config()
    {
        var config = (await Get("/api/v5/account/config")).GetProperty("data")[0];
        config.Str("posMode").ShouldBe("net_mode");
        config.Str("acctLv").ShouldBe("2");
        var (_, mode) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-position-mode", "{\"posMode\":\"long_short_mode\"}");
        mode.Str("code").ShouldBe("0");
        var (_, lever) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-leverage", "{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"5\",\"mgnMode\":\"cross\"}");
        lever.GetProperty("data")[0].Str("lever").ShouldBe("5");
        var (_, tooHigh) = await client.JsonAsync(HttpMethod.Post, "/api/v5/account/set-leverage", "{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"200\",\"mgnMode\":\"cross\"}");
        tooHigh.Str("code").ShouldBe("59102");
        var info = (await Get("/api/v5/account/leverage-info?instId=BTC-USDT-SWAP&mgnMode=cross")).GetProperty("data");
        info.GetArrayLength().ShouldBe(2);
        info[0].Str("lever").ShouldBe("5");

        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}")).ShouldBe("51000");
        (await Place("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"sell\",\"posSide\":\"short\",\"ordType\":\"market\",\"sz\":\"2\"}")).Str("code").ShouldBe("0");
        (await SCode("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"posSide\":\"short\",\"ordType\":\"market\",\"sz\":\"3\"}")).ShouldBe("51112");
        var position = (await Get("/api/v5/account/positions?instId=BTC-USDT-SWAP")).GetProperty("data")[0];
        position.Str("posSide").ShouldBe("short");
        position.Str("pos").ShouldBe("2");
        position.Str("lever").ShouldBe("5");
        (await Place("{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"posSide\":\"short\",\"ordType\":\"market\",\"sz\":\"2\"}")).Str("code").ShouldBe("0");
        (await Get("/api/v5/account/positions")).GetProperty("data").GetArrayLength().ShouldBe(0);
        emulator.GetLedger(EmulatorVenue.Okx).HedgeMode.ShouldBeTrue();
    }

    [Fact]
    public async Task Ioc_partial_fill_and_market_data_shapes()
    {
        var q = Btc;
        var ioc = await Place($"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"ioc\",\"sz\":\"200\",\"px\":\"{P(q.BestAsk)}\",\"clOrdId\":\"ioc1\"}}");
        ioc.Str("code").ShouldBe("0");
        var order = (await Get("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=ioc1")).GetProperty("data")[0];
        order.Str("state").ShouldBe("canceled");
        order.Str("cancelSource").ShouldBe("14");
        order.Dec("accFillSz").ShouldBeGreaterThan(0m);
        order.Dec("accFillSz").ShouldBeLessThan(200m);

        var ticker = (await client.PublicAsync("/api/v5/market/ticker?instId=BTC-USDT-SWAP")).GetProperty("data")[0];
        ticker.Dec("askPx").ShouldBeGreaterThan(ticker.Dec("bidPx"));
        var books = (await client.PublicAsync("/api/v5/market/books?instId=BTC-USDT-SWAP&sz=5")).GetProperty("data")[0];
        books.GetProperty("asks").GetArrayLength().ShouldBe(5);
        books.GetProperty("asks")[0].GetArrayLength().ShouldBe(4);
        books.GetProperty("seqId").ValueKind.ShouldBe(JsonValueKind.Number);
        (await client.PublicAsync("/api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP")).GetProperty("data")[0].Dec("markPx").ShouldBeGreaterThan(0m);
        var funding = (await client.PublicAsync("/api/v5/public/funding-rate?instId=BTC-USDT-SWAP")).GetProperty("data")[0];
        (long.Parse(funding.Str("nextFundingTime"), CultureInfo.InvariantCulture) - long.Parse(funding.Str("fundingTime"), CultureInfo.InvariantCulture)).ShouldBe(8 * 3600 * 1000);
        var fee = (await Get("/api/v5/account/trade-fee?instType=SWAP&instFamily=BTC-USDT")).GetProperty("data")[0];
        fee.Str("takerU").ShouldBe("-0.0005");
        fee.Str("makerU").ShouldBe("-0.0002");
        fee.GetProperty("feeGroup")[0].Str("groupId").ShouldBe("2");
        var (feeStatus, feeError) = await client.JsonAsync(HttpMethod.Get, "/api/v5/account/trade-fee?instType=SWAP&instId=BTC-USDT-SWAP");
        feeStatus.ShouldBe(400);
        feeError.Str("code").ShouldBe("50016");
    }
}
