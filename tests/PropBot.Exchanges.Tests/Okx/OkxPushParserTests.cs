using System.Text;
using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxPushParserTests
{
    private static OkxPushKind Parse(string text, out OkxPush push, out string instId)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var kind = OkxPushParser.Parse(bytes, out push);
        instId = Encoding.UTF8.GetString(OkxPushParser.InstId(bytes, push));
        return kind;
    }

    [Fact]
    public void Parse_BboTbt_DocPush()
    {
        var kind = Parse("""{"arg":{"channel":"bbo-tbt","instId":"BCH-USDT-SWAP"},"data":[{"asks":[["111.06","55154","0","2"]],"bids":[["111.05","57745","0","2"]],"ts":"1670324386802","seqId":363996337}]}""", out var p, out var inst);

        kind.ShouldBe(OkxPushKind.Data);
        p.Channel.ShouldBe(OkxChannel.BboTbt);
        inst.ShouldBe("BCH-USDT-SWAP");
        (p.BidPrice, p.BidSize, p.AskPrice, p.AskSize).ShouldBe((111.05m, 57745m, 111.06m, 55154m));
        p.TimestampMs.ShouldBe(1670324386802);
        p.SeqId.ShouldBe(363996337);
    }

    [Fact]
    public void Parse_Books5_KeepsBestLevelOnly()
    {
        var kind = Parse("""{"arg":{"channel":"books5","instId":"BCH-USDT-SWAP"},"data":[{"asks":[["111.06","55154","0","2"],["111.07","53276","0","2"]],"bids":[["111.05","57745","0","2"],["111.04","57109","0","2"]],"instId":"BCH-USDT-SWAP","ts":"1670324386802","seqId":363996337}]}""", out var p, out var inst);

        kind.ShouldBe(OkxPushKind.Data);
        p.Channel.ShouldBe(OkxChannel.Books5);
        (p.BidPrice, p.AskPrice).ShouldBe((111.05m, 111.06m));
        inst.ShouldBe("BCH-USDT-SWAP");
    }

    [Fact]
    public void Parse_MarkPrice_UnknownFieldsIgnored()
    {
        var kind = Parse("""{"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP","extra":{"a":[1,2]}},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"65010.5","ts":"1597026383085","new":[{"x":null}]}],"more":true}""", out var p, out var inst);

        kind.ShouldBe(OkxPushKind.Data);
        p.Channel.ShouldBe(OkxChannel.MarkPrice);
        p.HasMarkPrice.ShouldBeTrue();
        p.MarkPrice.ShouldBe(65010.5m);
        inst.ShouldBe("BTC-USDT-SWAP");
    }

    [Fact]
    public void Parse_FundingRate()
    {
        var kind = Parse("""{"arg":{"channel":"funding-rate","instId":"BTC-USD-SWAP"},"data":[{"formulaType":"noRate","fundingRate":"0.0001875391284828","fundingTime":"1700726400000","impactValue":"","instId":"BTC-USD-SWAP","instType":"SWAP","interestRate":"","method":"current_period","maxFundingRate":"0.00375","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1700755200000","premium":"0.0001233824646391","settFundingRate":"0.0001699799259033","settState":"settled","ts":"1700724675402"}]}""", out var p, out _);

        kind.ShouldBe(OkxPushKind.Data);
        p.FundingRate.ShouldBe(0.0001875391284828m);
        p.FundingTimeMs.ShouldBe(1700726400000);
        p.NextFundingTimeMs.ShouldBe(1700755200000);
    }

    [Theory]
    [InlineData("""{"event":"subscribe","arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"connId":"accb8e21"}""", false, false)]
    [InlineData("""{"event":"error","code":"60012","msg":"Invalid request","connId":"a4d3ae55"}""", true, false)]
    [InlineData("""{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}""", false, true)]
    public void Parse_Events(string text, bool isError, bool reconnect)
    {
        Parse(text, out var p, out _).ShouldBe(OkxPushKind.Event);
        p.IsErrorEvent.ShouldBe(isError);
        p.IsReconnectNotice.ShouldBe(reconnect);
    }

    [Fact]
    public void Parse_Pong() => Parse("pong", out _, out _).ShouldBe(OkxPushKind.Pong);

    [Theory]
    [InlineData("")]
    [InlineData("ping")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["abc","1","0","1"]],"bids":[["1","1","0","1"]],"ts":"1"}]}""")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["1"]],"bids":[["1","1"]],"ts":"1"}]}""")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":{"asks":[]}}""")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["1","1","0","1"]],"bids":[["1","1","0","1"]],"ts":"x"}]}""")]
    [InlineData("""{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"last":"1"}]}""")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["1","1","0","1"]],"bids":[["1","1","0","1"]],"ts":"1""")]
    public void Parse_Malformed_NeverThrows(string text) => Parse(text, out _, out _).ShouldBe(OkxPushKind.Malformed);

    [Fact]
    public void Parse_BboTbt_AllocatesNothing()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["65000.1","12.53","0","4"]],"bids":[["65000","3.37","0","2"]],"ts":"1700000000000","seqId":363996337}]}""");
        OkxPushParser.Parse(bytes, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        decimal sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            OkxPushParser.Parse(bytes, out var p);
            sum += p.BidPrice;
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        sum.ShouldBe(65_000_000m);
    }
}
