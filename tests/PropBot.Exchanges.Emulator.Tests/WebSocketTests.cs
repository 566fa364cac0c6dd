using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class WebSocketTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private Uri Binance(string pathAndQuery) => new(fixture.Emulator.BinanceWebSocketUrl, pathAndQuery);

    private Uri Okx(string path) => new(fixture.Emulator.OkxWebSocketUrl, path);

    [Fact]
    public async Task Binance_combined_public_stream_delivers_book_ticker_and_depth_wrapped()
    {
        await using var ws = await WsClient.ConnectAsync(Binance("/public/stream?streams=btcusdt@bookTicker/btcusdt@depth5@100ms"));
        var ticker = await ws.ReceiveUntilAsync(m => m.Contains("\"stream\":\"btcusdt@bookTicker\"", StringComparison.Ordinal), Wait);
        ticker.ShouldNotBeNull();
        using (var doc = JsonDocument.Parse(ticker))
        {
            var data = doc.RootElement.GetProperty("data");
            data.Str("e").ShouldBe("bookTicker");
            data.Str("s").ShouldBe("BTCUSDT");
            data.Dec("a").ShouldBeGreaterThan(data.Dec("b"));
            data.GetProperty("u").GetInt64().ShouldBeGreaterThan(0);
        }

        var depth = await ws.ReceiveUntilAsync(m => m.Contains("\"stream\":\"btcusdt@depth5@100ms\"", StringComparison.Ordinal), Wait);
        depth.ShouldNotBeNull();
        using var depthDoc = JsonDocument.Parse(depth);
        depthDoc.RootElement.GetProperty("data").Str("e").ShouldBe("depthUpdate");
        depthDoc.RootElement.GetProperty("data").GetProperty("b").GetArrayLength().ShouldBe(5);
    }

    [Fact]
    public async Task Binance_market_route_delivers_mark_price_and_raw_mode_is_unwrapped()
    {
        await using var ws = await WsClient.ConnectAsync(Binance("/market/ws/btcusdt@markPrice@1s"));
        var message = await ws.ReceiveAsync(Wait);
        message.ShouldNotBeNull();
        using var doc = JsonDocument.Parse(message);
        doc.RootElement.TryGetProperty("stream", out _).ShouldBeFalse();
        doc.RootElement.Str("e").ShouldBe("markPriceUpdate");
        doc.RootElement.Str("s").ShouldBe("BTCUSDT");
        doc.RootElement.GetProperty("T").GetInt64().ShouldBeGreaterThan(0);
        doc.RootElement.Str("r").ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Routing_mismatch_and_legacy_paths_deliver_only_public_streams()
    {
        await using var legacyMark = await WsClient.ConnectAsync(Binance("/ws/btcusdt@markPrice@1s"));
        await using var publicMark = await WsClient.ConnectAsync(Binance("/public/stream?streams=btcusdt@markPrice@1s"));
        await using var legacyBook = await WsClient.ConnectAsync(Binance("/stream?streams=ethusdt@bookTicker"));
        (await legacyBook.ReceiveAsync(Wait)).ShouldNotBeNull().ShouldContain("ethusdt@bookTicker");
        (await legacyMark.ReceiveAsync(TimeSpan.FromSeconds(2.5))).ShouldBeNull();
        (await publicMark.ReceiveAsync(TimeSpan.FromSeconds(0.5))).ShouldBeNull();
    }

    [Fact]
    public async Task Binance_live_subscribe_unsubscribe_and_list()
    {
        await using var ws = await WsClient.ConnectAsync(Binance("/public/ws"));
        await ws.SendAsync("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":1}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"id\":1", StringComparison.Ordinal), Wait)).ShouldBe("{\"result\":null,\"id\":1}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"e\":\"bookTicker\"", StringComparison.Ordinal), Wait)).ShouldNotBeNull();
        await ws.SendAsync("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"id\":3", StringComparison.Ordinal), Wait)).ShouldBe("{\"result\":[\"ethusdt@bookTicker\"],\"id\":3}");
        await ws.SendAsync("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":312}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"id\":312", StringComparison.Ordinal), Wait)).ShouldBe("{\"result\":null,\"id\":312}");
        await ws.SendAsync("not json");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"error\"", StringComparison.Ordinal), Wait)).ShouldNotBeNull().ShouldContain("\"code\":3");
    }

    [Fact]
    public async Task Okx_public_subscribe_acks_pushes_and_text_ping()
    {
        await using var ws = await WsClient.ConnectAsync(Okx("/ws/v5/public"));
        await ws.SendAsync("ping");
        (await ws.ReceiveAsync(Wait)).ShouldBe("pong");
        await ws.SendAsync("{\"id\":\"1512\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},{\"channel\":\"books5\",\"instId\":\"BTC-USDT-SWAP\"},{\"channel\":\"mark-price\",\"instId\":\"BTC-USDT-SWAP\"},{\"channel\":\"funding-rate\",\"instId\":\"BTC-USDT-SWAP\"}]}");
        var seen = new HashSet<string>();
        var acks = 0;
        var deadline = DateTime.UtcNow + Wait;
        while ((seen.Count < 4 || acks < 4) && DateTime.UtcNow < deadline)
        {
            var message = await ws.ReceiveAsync(deadline - DateTime.UtcNow);
            message.ShouldNotBeNull();
            using var doc = JsonDocument.Parse(message);
            if (doc.RootElement.TryGetProperty("event", out var ev))
            {
                ev.GetString().ShouldBe("subscribe");
                doc.RootElement.Str("id").ShouldBe("1512");
                doc.RootElement.Str("connId").ShouldNotBeNullOrEmpty();
                acks++;
                continue;
            }

            var channel = doc.RootElement.GetProperty("arg").Str("channel");
            var data = doc.RootElement.GetProperty("data")[0];
            switch (channel)
            {
                case "bbo-tbt":
                    data.GetProperty("asks").GetArrayLength().ShouldBe(1);
                    data.GetProperty("seqId").ValueKind.ShouldBe(JsonValueKind.Number);
                    break;
                case "books5":
                    data.GetProperty("bids").GetArrayLength().ShouldBe(5);
                    data.Str("instId").ShouldBe("BTC-USDT-SWAP");
                    break;
                case "mark-price":
                    data.Dec("markPx").ShouldBeGreaterThan(0m);
                    break;
                case "funding-rate":
                    data.Str("fundingRate").ShouldNotBeNullOrEmpty();
                    break;
            }

            seen.Add(channel);
        }

        seen.Count.ShouldBe(4);
        acks.ShouldBe(4);

        await ws.SendAsync("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"nope\",\"instId\":\"BTC-USDT-SWAP\"}]}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"event\":\"error\"", StringComparison.Ordinal), Wait)).ShouldNotBeNull().ShouldContain("60018");
        await ws.SendAsync("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"}]}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"event\":\"unsubscribe\"", StringComparison.Ordinal), Wait)).ShouldNotBeNull();
    }
}
