using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PropBot.Exchanges.Binance;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Binance;

public sealed class BinanceMarketDataFeedTests : IAsyncLifetime
{
    private LoopbackWebSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackWebSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void PublicUrl_BookStreams_OnPublicRoute()
    {
        BinanceMarketDataFeed.PublicUrl(BinanceEnvironment.Live.WebSocketBaseUrl, ["BTCUSDT"], depth5: true)
            .ShouldBe(new Uri("wss://fstream.binance.com/public/stream?streams=btcusdt@bookTicker/btcusdt@depth5@100ms"));
        BinanceMarketDataFeed.PublicUrl(new Uri("ws://127.0.0.1:5000/"), ["BTCUSDT", "ETHUSDT"], depth5: false)
            .ShouldBe(new Uri("ws://127.0.0.1:5000/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker"));
    }

    [Fact]
    public void MarketUrl_MarkPrice_OnMarketRoute() =>
        BinanceMarketDataFeed.MarketUrl(BinanceEnvironment.Live.WebSocketBaseUrl, ["BTCUSDT", "ETHUSDT"])
            .ShouldBe(new Uri("wss://fstream.binance.com/market/stream?streams=btcusdt@markPrice@1s/ethusdt@markPrice@1s"));

    [Fact]
    public async Task StartAsync_Loopback_BookTopFromPublicAndMarkFromMarket()
    {
        // The server only delivers a stream on its routed path, like Binance since 2026-04-23.
        _server.Session = async (socket, ctx, n) =>
        {
            var path = ctx.Request.Path.Value;
            var streams = ctx.Request.Query["streams"].ToString();
            if (path == "/public/stream" && streams.Contains("btcusdt@bookTicker", StringComparison.Ordinal))
            {
                await LoopbackWebSocketServer.SendAsync(socket, "{\"result\":null,\"id\":1}");
                await LoopbackWebSocketServer.SendAsync(socket, "garbage");
                await LoopbackWebSocketServer.SendAsync(socket, "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5,\"E\":1700000000100,\"T\":1700000000090,\"s\":\"BTCUSDT\",\"b\":\"65000.1\",\"B\":\"1.5\",\"a\":\"65000.2\",\"A\":\"2.5\"}}");
            }
            else if (path == "/market/stream" && streams.Contains("btcusdt@markPrice@1s", StringComparison.Ordinal))
            {
                await LoopbackWebSocketServer.SendAsync(socket, "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"p\":\"65000.5\",\"i\":\"64999\",\"r\":\"0.0001\",\"T\":1700006400000}}");
            }

            await _server.DrainAsync(socket, ctx.RequestAborted);
        };
        var client = new BinanceUsdFuturesClient(
            new BinanceUsdFuturesOptions { Environment = "custom", RestBaseUrl = "http://127.0.0.1:1", WebSocketBaseUrl = _server.BaseUri.ToString() },
            new HttpClient(),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await using var disposeClient = client;
        var updates = 0;
        client.MarketData.BookTopUpdated += _ => Interlocked.Increment(ref updates);

        await client.MarketData.StartAsync(["BTCUSDT"]);
        await LoopbackWebSocketServer.WaitUntilAsync(() => client.MarketData.TryGetBookTop("BTCUSDT", out _) && client.MarketData.TryGetMarkPrice("BTCUSDT", out _));

        client.MarketData.TryGetBookTop("BTCUSDT", out var top).ShouldBeTrue();
        top.BidPrice.ShouldBe(65000.1m);
        top.AskSize.ShouldBe(2.5m);
        client.MarketData.TryGetMarkPrice("BTCUSDT", out var mark).ShouldBeTrue();
        mark.MarkPrice.ShouldBe(65000.5m);
        mark.FundingRate.ShouldBe(0.0001m);
        updates.ShouldBe(1);
        _server.Requests.ShouldContain("/public/stream?streams=btcusdt@bookTicker/btcusdt@depth5@100ms");
        _server.Requests.ShouldContain("/market/stream?streams=btcusdt@markPrice@1s");
        await LoopbackWebSocketServer.WaitUntilAsync(() => client.MarketData.GetHealth().Sum(s => s.Messages) >= 4);
        var health = client.MarketData.GetHealth().ToDictionary(s => s.Name);
        health["binance_um/public"].Malformed.ShouldBe(1);
        health["binance_um/public"].LastVenueEventTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000090));
        health["binance_um/market"].LastVenueEventTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));
        health["binance_um/market"].IsConnected.ShouldBeTrue();
        health["binance_um/market"].Latency.ShouldNotBeNull();
        health["binance_um/public:btcusdt@bookTicker"].LastVenueEventTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000090));
        health["binance_um/public:btcusdt@bookTicker"].Age.ShouldNotBeNull();
        health["binance_um/market:btcusdt@markPrice@1s"].LastVenueEventTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));
    }

    [Fact]
    public void OnMessage_MalformedAndHandled_Outcomes()
    {
        var feed = new BinanceMarketDataFeed(BinanceEnvironment.Live, new BinanceUsdFuturesOptions(), new Exchanges.Transport.VenueClock(TimeProvider.System), TimeProvider.System);
        feed.Cache.GetOrAdd("BNBUSDT");

        feed.OnMessage(Encoding.UTF8.GetBytes("{")).Disposition.ShouldBe(Exchanges.Transport.MessageDisposition.Malformed);
        feed.OnMessage(Encoding.UTF8.GetBytes(BinanceStreamParserTests.BookTickerFrame)).Disposition.ShouldBe(Exchanges.Transport.MessageDisposition.Handled);
        feed.TryGetBookTop("BNBUSDT", out var top).ShouldBeTrue();
        top.BidPrice.ShouldBe(25.3519m);
    }
}
