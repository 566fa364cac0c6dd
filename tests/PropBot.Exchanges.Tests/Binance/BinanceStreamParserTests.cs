using System.Text;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceStreamParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    internal const string BookTickerFrame = "{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,\"E\":1568014460893,\"T\":1568014460891,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\",\"st\":1}}";

    private const string MarkFrame = "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"ap\":\"11794.1\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000,\"st\":1}}";

    private static MarketDataCache Cache()
    {
        var cache = new MarketDataCache(VenueId.BinanceUsdFutures);
        cache.GetOrAdd("BNBUSDT");
        cache.GetOrAdd("BTCUSDT");
        return cache;
    }

    private static BinanceFrameKind Parse(string frame, MarketDataCache cache, out BookTop top, out MarkPriceInfo mark) =>
        BinanceStreamParser.Parse(Encoding.UTF8.GetBytes(frame), cache, Now, out _, out top, out mark);

    [Fact]
    public void Parse_CombinedBookTicker_BookTopWithUnknownFieldsIgnored()
    {
        var kind = Parse(BookTickerFrame, Cache(), out var top, out _);

        kind.ShouldBe(BinanceFrameKind.BookTicker);
        top.Instrument.ShouldBe(new InstrumentId(VenueId.BinanceUsdFutures, "BNBUSDT"));
        top.BidPrice.ShouldBe(25.3519m);
        top.BidSize.ShouldBe(31.21m);
        top.AskPrice.ShouldBe(25.3652m);
        top.AskSize.ShouldBe(40.66m);
        top.UpdateId.ShouldBe(400900217);
        top.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1568014460891));
        top.ReceiveTime.ShouldBe(Now);
    }

    [Fact]
    public void Parse_RawBookTickerWithNestedUnknownObject_Parsed()
    {
        const string raw = "{\"x\":{\"deep\":[1,2,{\"a\":\"9\"}]},\"e\":\"bookTicker\",\"u\":1,\"E\":2,\"T\":3,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\"}";

        Parse(raw, Cache(), out var top, out _).ShouldBe(BinanceFrameKind.BookTicker);

        top.BidPrice.ShouldBe(1.5m);
        top.AskSize.ShouldBe(3m);
    }

    [Fact]
    public void Parse_MarkPrice_MarkIndexFundingNextFunding()
    {
        Parse(MarkFrame, Cache(), out _, out var mark).ShouldBe(BinanceFrameKind.MarkPrice);

        mark.MarkPrice.ShouldBe(11794.15m);
        mark.IndexPrice.ShouldBe(11784.62659091m);
        mark.FundingRate.ShouldBe(0.00038167m);
        mark.NextFundingTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1562306400000));
        mark.VenueTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1562305380000));
        mark.Instrument.Symbol.ShouldBe("BTCUSDT");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"stream\":\"x\",\"data\":{\"e\":\"bookTicker\",\"s\":\"BTCUSDT\",\"b\":\"1\"")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":1,\"E\":2,\"T\":3,\"s\":\"BTCUSDT\",\"b\":\"abc\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\"}}")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":1,\"E\":2,\"T\":3,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"a\":\"1.6\",\"A\":\"3\"}}")]
    [InlineData("{\"data\":{\"e\":\"markPriceUpdate\",\"E\":2,\"s\":\"BTCUSDT\"}}")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":\"x\",\"s\":\"BTCUSDT\"}}")]
    [InlineData("{\"foo\":1}")]
    public void Parse_MalformedFrame_MalformedNoThrow(string frame) => Parse(frame, Cache(), out _, out _).ShouldBe(BinanceFrameKind.Malformed);

    [Theory]
    [InlineData("{\"result\":null,\"id\":1}")]
    [InlineData("{\"stream\":\"btcusdt@depth5@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[[\"1\",\"2\"]],\"a\":[[\"3\",\"4\"]]}}")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":1,\"E\":2,\"T\":3,\"s\":\"ETHUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\"}}")]
    public void Parse_AckDepthOrUnsubscribedSymbol_Ignored(string frame) => Parse(frame, Cache(), out _, out _).ShouldBe(BinanceFrameKind.Ignored);

    [Fact]
    public void Parse_OlderUpdateId_Dropped()
    {
        var cache = Cache();
        Parse(BookTickerFrame, cache, out var top, out _);
        cache.GetOrAdd("BNBUSDT").SetBookTop(top);

        Parse(BookTickerFrame.Replace("400900217", "400900216", StringComparison.Ordinal), cache, out _, out _).ShouldBe(BinanceFrameKind.Ignored);
        Parse(BookTickerFrame.Replace("400900217", "400900218", StringComparison.Ordinal), cache, out _, out _).ShouldBe(BinanceFrameKind.BookTicker);
    }

    [Fact]
    public void Parse_BookTicker_AllocatesNothing()
    {
        var cache = Cache();
        var bytes = Encoding.UTF8.GetBytes(BookTickerFrame);
        BinanceStreamParser.Parse(bytes, cache, Now, out _, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            BinanceStreamParser.Parse(bytes, cache, Now, out _, out _, out _);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
