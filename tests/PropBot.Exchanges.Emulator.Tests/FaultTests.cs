using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private VenueEmulator emulator = null!;
    private BinanceTestClient binance = null!;
    private OkxTestClient okx = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 9 });
        emulator.Market.Pause();
        binance = new BinanceTestClient(emulator.BinanceRestUrl, TimeProvider.System);
        okx = new OkxTestClient(emulator.OkxRestUrl, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        binance.Dispose();
        okx.Dispose();
        await emulator.DisposeAsync();
    }

    private const string OkxMarketBuy = "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\",\"clOrdId\":\"CLID\"}";

    [Fact]
    public async Task Reject_next_orders_with_a_venue_code()
    {
        emulator.Faults.Binance.RejectNextOrders(2, "-2019");
        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
            status.ShouldBe(400);
            body.Code().ShouldBe(-2019);
            body.Str("msg").ShouldBe("Margin is insufficient.");
        }

        (await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01")).Status.ShouldBe(200);

        emulator.Faults.Okx.RejectNextOrders(1, "51008", "Order failed. Insufficient USDT margin in account");
        var (_, rejected) = await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", OkxMarketBuy.Replace("CLID", "rej1", StringComparison.Ordinal));
        rejected.Str("code").ShouldBe("1");
        rejected.GetProperty("data")[0].Str("sCode").ShouldBe("51008");
        (await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", OkxMarketBuy.Replace("CLID", "rej2", StringComparison.Ordinal))).Body.Str("code").ShouldBe("0");
    }

    [Fact]
    public async Task Delay_responses()
    {
        emulator.Faults.Binance.DelayResponses(TimeSpan.FromMilliseconds(400));
        try
        {
            var watch = Stopwatch.StartNew();
            using var response = await binance.PublicAsync("/fapi/v1/time");
            watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            emulator.Faults.Binance.DelayResponses(TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task Dropped_order_response_is_the_outcome_unknown_case()
    {
        emulator.Faults.Binance.DropNextOrderResponses();
        await Should.ThrowAsync<HttpRequestException>(() => binance.SignedAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=lost-1"));
        var (status, order) = await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=lost-1");
        status.ShouldBe(200);
        order.Str("status").ShouldBe("FILLED");
        var (_, retry) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=lost-1");
        retry.TryGetProperty("orderId", out _).ShouldBeTrue();

        emulator.Faults.Okx.DropNextOrderResponses();
        await Should.ThrowAsync<HttpRequestException>(() => okx.SendAsync(HttpMethod.Post, "/api/v5/trade/order", OkxMarketBuy.Replace("CLID", "lost2", StringComparison.Ordinal)));
        var okxOrder = (await okx.JsonAsync(HttpMethod.Get, "/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=lost2")).Body.GetProperty("data")[0];
        okxOrder.Str("state").ShouldBe("filled");
    }

    [Fact]
    public async Task Partially_fill_the_next_order()
    {
        emulator.Faults.Binance.PartiallyFillNextOrder(0.5m);
        var (_, order) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.020&newOrderRespType=RESULT");
        order.Str("status").ShouldBe("EXPIRED");
        order.Str("executedQty").ShouldBe("0.010");
        var (_, next) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.020&newOrderRespType=RESULT");
        next.Str("status").ShouldBe("FILLED");

        emulator.Faults.Okx.PartiallyFillNextOrder(0.25m);
        await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"4\",\"clOrdId\":\"part1\"}");
        var okxOrder = (await okx.JsonAsync(HttpMethod.Get, "/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=part1")).Body.GetProperty("data")[0];
        okxOrder.Str("accFillSz").ShouldBe("1");
        okxOrder.Str("state").ShouldBe("canceled");
    }

    [Fact]
    public async Task Pause_matching_keeps_orders_new_until_resumed()
    {
        emulator.Faults.Binance.PauseMatching();
        try
        {
            var (_, order) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=paused-1&newOrderRespType=RESULT");
            order.Str("status").ShouldBe("NEW");
            emulator.Tick();
            (await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=paused-1")).Body.Str("status").ShouldBe("NEW");
        }
        finally
        {
            emulator.Faults.Binance.ResumeMatching();
        }

        (await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=paused-1")).Body.Str("status").ShouldBe("FILLED");
    }

    [Fact]
    public async Task Shift_the_venue_clock()
    {
        emulator.Faults.Binance.ShiftClock(TimeSpan.FromHours(1));
        try
        {
            var time = await BinanceTestClient.ReadJsonAsync(await binance.PublicAsync("/fapi/v1/time"));
            var skew = time.GetProperty("serverTime").GetInt64() - TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            skew.ShouldBeInRange(3_500_000L, 3_700_000L);
            var (_, rejected) = await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v3/account", "");
            rejected.Code().ShouldBe(-1021);
        }
        finally
        {
            emulator.Faults.Binance.ShiftClock(TimeSpan.Zero);
        }

        emulator.Faults.Okx.ShiftClock(TimeSpan.FromMinutes(-5));
        try
        {
            var (status, body) = await okx.JsonAsync(HttpMethod.Get, "/api/v5/account/balance");
            status.ShouldBe(401);
            body.Str("code").ShouldBe("50102");
        }
        finally
        {
            emulator.Faults.Okx.ShiftClock(TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task Freeze_and_drop_websocket_streams()
    {
        await using var ws = await WsClient.ConnectAsync(new Uri(emulator.BinanceWebSocketUrl, "/public/ws/btcusdt@bookTicker"));
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<DateTime>();
        var reader = Task.Run(async () =>
        {
            while (await ws.ReceiveAsync(TimeSpan.FromSeconds(20)) is not null)
            {
                arrivals.Enqueue(DateTime.UtcNow);
            }
        });
        await WaitUntil(() => !arrivals.IsEmpty);
        emulator.Faults.Binance.FreezeStreams();

        // Frames already in flight when the stream froze may reach the reader late on a loaded machine: wait until
        // the socket has been quiet for a second, then the frozen stream must deliver nothing at all.
        await WaitUntilQuiet(arrivals, TimeSpan.FromSeconds(1));
        var countWhileFrozen = arrivals.Count;
        await Task.Delay(2000);
        arrivals.Count.ShouldBe(countWhileFrozen, "a frozen stream delivers nothing");
        var resumedAt = DateTime.UtcNow;
        emulator.Faults.Binance.ResumeStreams();
        await WaitUntil(() => arrivals.Any(t => t > resumedAt));

        await using var okxWs = await WsClient.ConnectAsync(new Uri(emulator.OkxWebSocketUrl, "/ws/v5/public"));
        await okxWs.SendAsync("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"}]}");
        (await okxWs.ReceiveAsync(TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        emulator.Faults.Okx.DropStreamConnections();
        var closed = false;
        var deadline = Stopwatch.StartNew();
        while (!closed && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                closed = await okxWs.ReceiveAsync(TimeSpan.FromSeconds(10)) is null;
            }
            catch (WebSocketException)
            {
                closed = true;
            }
        }

        closed.ShouldBeTrue();
        emulator.Faults.Binance.DropStreamConnections();
        await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(15)));
        reader.IsCompleted.ShouldBeTrue();
    }

    private static async Task WaitUntilQuiet<T>(System.Collections.Concurrent.ConcurrentQueue<T> arrivals, TimeSpan quiet)
    {
        var watch = Stopwatch.StartNew();
        var count = arrivals.Count;
        var since = Stopwatch.StartNew();
        while (since.Elapsed < quiet)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the frozen stream never went quiet");
            await Task.Delay(50);
            if (arrivals.Count != count)
            {
                count = arrivals.Count;
                since.Restart();
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Http_control_api_drives_faults_and_reads_the_ledger()
    {
        using var http = new HttpClient { BaseAddress = emulator.BinanceRestUrl };
        using (var response = await http.PostAsync("/_emulator/faults/reject-orders?count=1&code=-2010", null))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01")).Body.Code().ShouldBe(-2010);
        (await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=ctl-1")).Status.ShouldBe(200);
        var ledger = JsonDocument.Parse(await http.GetStringAsync("/_emulator/ledger")).RootElement;
        ledger.Str("venue").ShouldBe("Binance");
        ledger.GetProperty("orders")[0].Str("clientOrderId").ShouldBe("ctl-1");
        ledger.GetProperty("positions")[0].GetProperty("quantity").GetDecimal().ShouldBe(0.01m);
        ledger.GetProperty("fills").GetArrayLength().ShouldBeGreaterThan(0);

        using var okxHttp = new HttpClient { BaseAddress = emulator.OkxRestUrl };
        using (var basis = await okxHttp.PostAsync("/_emulator/market/basis?asset=BTC&basis=0.01", null))
        {
            basis.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var okxQuote = emulator.Market.GetQuote(EmulatorVenue.Okx, "BTC");
        (okxQuote.MarkPrice / okxQuote.IndexPrice).ShouldBeInRange(1.009m, 1.011m);
        using var bad = await okxHttp.PostAsync("/_emulator/faults/rate-limit?status=500", null);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
