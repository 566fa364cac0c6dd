using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Okx;
using PropBot.Exchanges.Transport;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxMarketDataFeedTests
{
    private const string Bbo = """{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["65000.1","12.5","0","2"]],"bids":[["65000","3.37","0","2"]],"ts":"1700000000000","seqId":42}]}""";
    private const string Mark = """{"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"65000.5","ts":"1700000000100"}]}""";
    private const string Funding = """{"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{"fundingRate":"0.0001","fundingTime":"1700006400000","nextFundingTime":"1700035200000","instId":"BTC-USDT-SWAP","ts":"1700000000000"}]}""";

    private static OkxMarketDataFeed Feed(FakeTimeProvider time, Uri? ws = null)
    {
        var options = new OkxSwapOptions { Environment = "custom", RestBaseUrl = "http://127.0.0.1:1", WebSocketBaseUrl = (ws ?? new Uri("ws://127.0.0.1:1")).ToString(), PingInterval = TimeSpan.FromSeconds(15) };
        var feed = new OkxMarketDataFeed(options, options.ResolveEnvironment(), time, null, () => TimeSpan.Zero, NullLogger.Instance);
        feed.SetContractSize("BTC-USDT-SWAP", 0.01m);
        return feed;
    }

    private static MessageOutcome Push(OkxMarketDataFeed feed, string text) => feed.OnMessage(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task OnMessage_BboTbt_PublishesBookTopInBaseUnits()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250));
        await using var feed = Feed(time);
        BookTop? seen = null;
        feed.BookTopUpdated += t => seen = t;

        var outcome = Push(feed, Bbo);

        outcome.Disposition.ShouldBe(MessageDisposition.Handled);
        feed.TryGetBookTop("BTC-USDT-SWAP", out var top).ShouldBeTrue();
        top.BidPrice.ShouldBe(65000m);
        top.BidSize.ShouldBe(0.0337m);
        top.AskPrice.ShouldBe(65000.1m);
        top.AskSize.ShouldBe(0.125m);
        top.UpdateId.ShouldBe(42);
        top.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));
        top.ReceiveTime.ShouldBe(time.GetUtcNow());
        top.Instrument.ShouldBe(new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
        seen.ShouldBe(top);
    }

    [Fact]
    public async Task OnMessage_BboTbt_AllocatesNothingPerPush()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250));
        await using var feed = Feed(time);
        var bytes = Encoding.UTF8.GetBytes(Bbo);
        feed.OnMessage(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            feed.OnMessage(bytes);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public async Task OnMessage_MarkPriceAfterFunding_CarriesFunding()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250));
        await using var feed = Feed(time);

        Push(feed, Funding).Disposition.ShouldBe(MessageDisposition.Handled);
        Push(feed, Mark).Disposition.ShouldBe(MessageDisposition.Handled);

        feed.TryGetMarkPrice("BTC-USDT-SWAP", out var mark).ShouldBeTrue();
        mark.MarkPrice.ShouldBe(65000.5m);
        mark.FundingRate.ShouldBe(0.0001m);
        mark.NextFundingTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700006400000));
    }

    [Fact]
    public async Task OnMessage_MalformedAndUnknown_CountedNeverThrows()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250));
        await using var feed = Feed(time);

        Push(feed, "{not json").Disposition.ShouldBe(MessageDisposition.Malformed);
        Push(feed, """{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[],"bids":[["1","1","0","1"]],"ts":"1"}]}""").Disposition.ShouldBe(MessageDisposition.Malformed);
        Push(feed, Bbo.Replace("BTC-USDT-SWAP", "ETH-USDT-SWAP", StringComparison.Ordinal)).Disposition.ShouldBe(MessageDisposition.Ignored);
        Push(feed, "pong").Disposition.ShouldBe(MessageDisposition.Ignored);
        Push(feed, """{"event":"error","code":"60012","msg":"Invalid request"}""").Disposition.ShouldBe(MessageDisposition.Ignored);

        feed.ErrorEvents.ShouldBe(1);
        feed.TryGetBookTop("BTC-USDT-SWAP", out _).ShouldBeFalse();
        feed.GetHealth().Single(h => h.Name == "okx:bbo-tbt:BTC-USDT-SWAP").Malformed.ShouldBe(1);
    }

    [Fact]
    public async Task GetHealth_PerChannelStaleness_VenueTsVersusReceive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250));
        await using var feed = Feed(time);
        Push(feed, Bbo);
        Push(feed, Mark);
        time.Advance(TimeSpan.FromSeconds(3));

        var health = feed.GetHealth();

        var book = health.Single(h => h.Name == "okx:bbo-tbt:BTC-USDT-SWAP");
        book.Age.ShouldBe(TimeSpan.FromSeconds(3));
        book.Latency.ShouldBe(TimeSpan.FromMilliseconds(250));
        book.Messages.ShouldBe(1);
        book.IsStale(TimeSpan.FromSeconds(1)).ShouldBeTrue();
        var mark = health.Single(h => h.Name == "okx:mark-price:BTC-USDT-SWAP");
        mark.Latency.ShouldBe(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void BuildSubscription_BookMarkAndFundingPerSymbol() =>
        OkxMarketDataFeed.BuildSubscription("subscribe", ["BTC-USDT-SWAP"], "bbo-tbt").ShouldBe(
            """{"op":"subscribe","args":[{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},{"channel":"mark-price","instId":"BTC-USDT-SWAP"},{"channel":"funding-rate","instId":"BTC-USDT-SWAP"}]}""");

    [Fact]
    public async Task Loopback_SubscribesOnPublicPath_AndStreams()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync();
        server.Session = async (socket, _, _) =>
        {
            var sub = await server.ReceiveAsync(socket);
            if (sub is not null && sub.Contains("\"op\":\"subscribe\"", StringComparison.Ordinal))
            {
                await LoopbackWebSocketServer.SendAsync(socket, """{"event":"subscribe","arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"connId":"1"}""");
                await LoopbackWebSocketServer.SendAsync(socket, Bbo);
                await LoopbackWebSocketServer.SendAsync(socket, Mark);
            }

            await server.DrainAsync(socket);
        };
        var options = new OkxSwapOptions { Environment = "custom", RestBaseUrl = "http://127.0.0.1:1", WebSocketBaseUrl = server.BaseUri.ToString() };
        await using var feed = new OkxMarketDataFeed(options, options.ResolveEnvironment(), TimeProvider.System, null, () => TimeSpan.Zero, NullLogger.Instance);
        feed.SetContractSize("BTC-USDT-SWAP", 0.01m);

        await feed.StartAsync(["BTC-USDT-SWAP"]);
        await LoopbackWebSocketServer.WaitUntilAsync(() => feed.TryGetBookTop("BTC-USDT-SWAP", out _) && feed.TryGetMarkPrice("BTC-USDT-SWAP", out _), TimeSpan.FromSeconds(20));

        server.Requests.ShouldContain("/ws/v5/public");
        feed.TryGetBookTop("BTC-USDT-SWAP", out var top).ShouldBeTrue();
        top.AskSize.ShouldBe(0.125m);
        feed.GetHealth().First().IsConnected.ShouldBeTrue();
    }

    [Fact]
    public async Task Loopback_TextPingAnsweredWithPong_KeepsConnection()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync();
        server.Session = async (socket, _, _) =>
        {
            while (await server.ReceiveAsync(socket) is { } text)
            {
                if (text == "ping")
                {
                    await LoopbackWebSocketServer.SendAsync(socket, "pong");
                }
            }
        };
        var options = new OkxSwapOptions { Environment = "custom", RestBaseUrl = "http://127.0.0.1:1", WebSocketBaseUrl = server.BaseUri.ToString(), PingInterval = TimeSpan.FromMilliseconds(300) };
        await using var feed = new OkxMarketDataFeed(options, options.ResolveEnvironment(), TimeProvider.System, null, () => TimeSpan.Zero, NullLogger.Instance);
        feed.SetContractSize("BTC-USDT-SWAP", 0.01m);

        await feed.StartAsync(["BTC-USDT-SWAP"]);
        await LoopbackWebSocketServer.WaitUntilAsync(() => server.Received.Count(t => t == "ping") >= 2, TimeSpan.FromSeconds(20));

        server.Received.ShouldContain(t => t.Contains("\"op\":\"subscribe\"", StringComparison.Ordinal));
        var health = feed.GetHealth()[0];
        health.Malformed.ShouldBe(0);
        health.Messages.ShouldBeGreaterThanOrEqualTo(1);
    }
}
