using System.Text;
using System.Text.Json;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Okx;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Tests.Transport;

/// <summary>
/// The fast reader is only allowed to speed things up: whatever it accepts, <see cref="Utf8JsonReader"/> accepts with
/// the same tokens, and the venue parsers give the same answer on the fast path as on the reference path. Checked on
/// a corpus of edge cases and on tens of thousands of generated and mutated messages (fixed seeds, so a failure
/// reproduces; the message is printed).
/// </summary>
public class FastJsonReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Corpus() =>
    [
        "{}", "[]", "{\"a\":1}", "{\"a\":-0.5e+10,\"b\":[1,2,{\"c\":null}],\"d\":true,\"e\":false}",
        " { \"a\" : [ 1 , 2 ] } ", "{\"a\":1}   ", "{\"a\":1} x", "{\"a\":1}{}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":truex}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\"1}",
        "{\"a\":1,}", "[1,]", "{,}", "{\"a\":1 \"b\":2}", "{\"a\":\"x\\\"y\"}", "{\"a\":\"caf\u00e9\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":\"\\u0041\"}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":1]", "[1}", "\"str\"", "123", "true", "", " ", "{",
        "{\"a", "{\"a\":", "{\"a\":\"unterminated}", "{\"a\":1}\n", "{\"a\":1}\r\n\t", "{\"a\":/*c*/1}", "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]",
        "{\"a\":1e5,\"b\":-0,\"c\":0.0001,\"d\":123456789012345678901234567890}",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Read_Corpus_AcceptsOnlyWhatUtf8JsonReaderAcceptsWithTheSameTokens(string json) =>
        _ = AssertAgreesWithReference(Encoding.UTF8.GetBytes(json), maxDepth: 16);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_GeneratedAndMutatedJson_NeverAcceptsMoreThanTheReference(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var json = Encoding.UTF8.GetBytes(RandomJson(random, 0));
            accepted += AssertAgreesWithReference(json, maxDepth: 4) ? 1 : 0;
            accepted += AssertAgreesWithReference(Mutate(random, json), maxDepth: 64) ? 1 : 0;
        }

        accepted.ShouldBeGreaterThan(1_500, "the generator must exercise the fast path, not only the fallback");
    }

    [Fact]
    public void Read_DeeperThanMaxDepth_UnsupportedLikeTheReferenceThrows()
    {
        var json = Encoding.UTF8.GetBytes(new string('[', 5) + new string(']', 5));

        Drain(new FastJsonReader(json, maxDepth: 5)).Unsupported.ShouldBeFalse();
        Drain(new FastJsonReader(json, maxDepth: 4)).Unsupported.ShouldBeTrue();
        Should.Throw<JsonException>(() => ReferenceTokens(json, maxDepth: 4));
    }

    [Fact]
    public void Skip_PropertyWithNestedValue_LandsOnTheClosingToken()
    {
        var reader = new FastJsonReader("{\"a\":{\"b\":[1,{\"c\":2}]},\"d\":3}"u8);
        reader.Read();
        reader.Read();
        reader.ValueTextEquals("a"u8).ShouldBeTrue();

        reader.Skip();

        reader.TokenType.ShouldBe(JsonTokenType.EndObject);
        reader.Read().ShouldBeTrue();
        reader.ValueTextEquals("d"u8).ShouldBeTrue();
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void BinanceParse_GeneratedAndMutatedFrames_SameAnswerAsReference(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var frame = Encoding.UTF8.GetBytes(RandomBinanceFrame(random));
            AssertBinanceAgrees(frame);
            AssertBinanceAgrees(Mutate(random, frame));
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void OkxParse_GeneratedAndMutatedPushes_SameAnswerAsReference(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var push = Encoding.UTF8.GetBytes(RandomOkxPush(random));
            AssertOkxAgrees(push);
            AssertOkxAgrees(Mutate(random, push));
        }
    }

    [Fact]
    public void BinanceParse_TypicalFrame_TakesTheFastPath()
    {
        var frame = Encoding.UTF8.GetBytes(Binance.BinanceStreamParserTests.BookTickerFrame);
        var reader = Drain(new FastJsonReader(frame, 16));

        reader.Unsupported.ShouldBeFalse();
    }

    [Fact]
    public void OkxParse_TypicalPush_TakesTheFastPath()
    {
        var push = "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"65000.1\",\"12.53\",\"0\",\"4\"]],\"bids\":[[\"65000\",\"3.37\",\"0\",\"2\"]],\"ts\":\"1700000000000\",\"seqId\":363996337}]}"u8;

        Drain(new FastJsonReader(push)).Unsupported.ShouldBeFalse();
    }

    private static void AssertBinanceAgrees(byte[] frame)
    {
        var cache = new MarketDataCache(VenueId.BinanceUsdFutures);
        cache.GetOrAdd("BTCUSDT");
        cache.GetOrAdd("ETHUSDT");
        var fast = BinanceStreamParser.Parse(frame, cache, Now, out var fastSlot, out var fastTop, out var fastMark);
        var reference = BinanceStreamParser.ParseReference(frame, cache, Now, out var refSlot, out var refTop, out var refMark);
        var text = Encoding.UTF8.GetString(frame);
        fast.ShouldBe(reference, text);
        ReferenceEquals(fastSlot, refSlot).ShouldBeTrue(text);
        fastTop.ShouldBe(refTop, text);
        fastMark.ShouldBe(refMark, text);
    }

    private static void AssertOkxAgrees(byte[] push)
    {
        var fast = OkxPushParser.Parse(push, out var fastPush);
        var reference = OkxPushParser.ParseReference(push, out var refPush);
        var text = Encoding.UTF8.GetString(push);
        fast.ShouldBe(reference, text);
        fastPush.ShouldBe(refPush, text);
    }

    /// <summary>True when the fast reader accepted the input (and then agreed token for token).</summary>
    private static bool AssertAgreesWithReference(byte[] json, int maxDepth)
    {
        var fast = new List<(JsonTokenType, string, long)>();
        var reader = new FastJsonReader(json, maxDepth);
        while (reader.Read())
        {
            fast.Add((reader.TokenType, Encoding.UTF8.GetString(reader.ValueSpan), reader.TokenStartIndex));
        }

        if (reader.Unsupported)
        {
            return false; // the caller re-parses with the reference reader: any answer is the reference's
        }

        var text = Encoding.UTF8.GetString(json);
        List<(JsonTokenType, string, long)> expected = [];
        Should.NotThrow(() => expected = ReferenceTokens(json, maxDepth), text);
        fast.ShouldBe(expected, text);
        return true;
    }

    private static List<(JsonTokenType, string, long)> ReferenceTokens(byte[] json, int maxDepth)
    {
        var tokens = new List<(JsonTokenType, string, long)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        while (reader.Read())
        {
            var value = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.EndObject or JsonTokenType.StartArray or JsonTokenType.EndArray
                ? Encoding.UTF8.GetString(json, (int)reader.TokenStartIndex, 1)
                : Encoding.UTF8.GetString(reader.ValueSpan);
            tokens.Add((reader.TokenType, value, reader.TokenStartIndex));
        }

        return tokens;
    }

    private static FastJsonReader Drain(FastJsonReader reader)
    {
        while (reader.Read())
        {
        }

        return reader;
    }

    private static readonly string[] Strings = ["a", "b", "bids", "asks", "ts", "data", "arg", "e", "s", "\\\"q", "caf\u00e9", "x\\u0041", "", "tab\t", "sp ace"];
    private static readonly string[] Numbers = ["0", "-1", "12.5", "1e3", "-0.000", "400900217", "01", "1.", "+1", "1e", "123456789012345678901234567890", "0.1E-2"];

    private static string RandomJson(Random random, int depth)
    {
        var pick = depth == 0 ? random.Next(4, 7) : random.Next(depth >= 5 ? 4 : 7);
        return pick switch
        {
            0 => "\"" + Strings[random.Next(Strings.Length)] + "\"",
            1 => Numbers[random.Next(Numbers.Length)],
            2 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
            3 => Ws(random) + Numbers[random.Next(3)] + Ws(random),
            4 or 5 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Ws(random) + "\"" + Strings[random.Next(Strings.Length)] + "\"" + Ws(random) + ":" + RandomJson(random, depth + 1))) + "}",
            _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        };
    }

    private static string Ws(Random random) => random.Next(6) switch { 0 => " ", 1 => "\n", 2 => "\t ", _ => string.Empty };

    private static readonly byte[] MutationBytes = "{}[]\",:\\ 0-.e\u0001x\t"u8.ToArray();

    private static byte[] Mutate(Random random, byte[] source)
    {
        if (source.Length == 0)
        {
            return source;
        }

        var bytes = source.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(5))
        {
            case 0:
                return [.. bytes.Take(at)]; // truncated
            case 1:
                bytes.RemoveAt(at);
                break;
            case 2:
                bytes.Insert(at, MutationBytes[random.Next(MutationBytes.Length)]);
                break;
            case 3:
                bytes[at] = (byte)random.Next(256);
                break;
            default:
                bytes.AddRange("garbage"u8.ToArray().Take(random.Next(1, 4)));
                break;
        }

        return [.. bytes];
    }

    private static string RandomBinanceFrame(Random random)
    {
        var book = random.Next(2) == 0;
        var fields = new List<string>
        {
            book ? "\"e\":\"bookTicker\"" : "\"e\":\"markPriceUpdate\"",
            "\"s\":\"" + (random.Next(5) == 0 ? "XRPUSDT" : random.Next(2) == 0 ? "BTCUSDT" : "ethusdt") + "\"",
            "\"E\":" + random.NextInt64(1, 2_000_000_000_000),
            "\"T\":" + random.NextInt64(0, 2_000_000_000_000),
        };
        if (book)
        {
            fields.Add("\"u\":" + random.NextInt64(0, 1_000_000_000));
            foreach (var key in new[] { "b", "B", "a", "A" })
            {
                if (random.Next(10) != 0)
                {
                    fields.Add($"\"{key}\":\"{Price(random)}\"");
                }
            }
        }
        else
        {
            fields.Add($"\"p\":\"{Price(random)}\"");
            fields.Add($"\"i\":\"{Price(random)}\"");
            fields.Add($"\"r\":\"{(random.Next(2) == 0 ? "-" : string.Empty)}0.000{random.Next(100, 999)}\"");
        }

        if (random.Next(2) == 0)
        {
            fields.Add("\"st\":1");
        }

        if (random.Next(3) == 0)
        {
            fields.Add("\"x\":" + RandomJson(random, 1));
        }

        var shuffled = fields.OrderBy(_ => random.Next()).ToList();
        var data = "{" + string.Join(",", shuffled) + "}";
        return random.Next(4) == 0 ? data : "{\"stream\":\"btcusdt@bookTicker\",\"data\":" + data + "}";
    }

    private static string RandomOkxPush(Random random)
    {
        var channel = new[] { "bbo-tbt", "books5", "mark-price", "funding-rate", "tickers" }[random.Next(5)];
        var inst = random.Next(3) == 0 ? "ETH-USDT-SWAP" : "BTC-USDT-SWAP";
        if (random.Next(8) == 0)
        {
            return random.Next(2) == 0
                ? "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"" + inst + "\"},\"connId\":\"a4d3ae55\"}"
                : "{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"reconnect\",\"connId\":\"a4d3ae55\"}";
        }

        var fields = new List<string>
        {
            "\"ts\":\"" + random.NextInt64(1, 2_000_000_000_000) + "\"",
            "\"instId\":\"" + inst + "\"",
        };
        if (random.Next(6) != 0)
        {
            var extra = random.Next(3) == 0 ? "," + RandomJson(random, 1) : random.Next(3) == 0 ? " , 7 " : string.Empty;
            fields.Add("\"asks\":[[\"" + Price(random) + "\",\"" + random.Next(1, 500) + "\",\"0\",\"4\"" + extra + "]" + (random.Next(2) == 0 ? ",[\"1\",\"2\",\"0\",\"1\"]" : string.Empty) + "]");
            fields.Add("\"bids\":[[\"" + Price(random) + "\",\"" + random.Next(1, 500) + ".5\",\"0\",\"2\"]]");
            fields.Add("\"seqId\":" + random.Next());
        }

        if (random.Next(2) == 0)
        {
            fields.Add("\"markPx\":\"" + Price(random) + "\"");
            fields.Add("\"fundingRate\":\"0.0001\",\"fundingTime\":\"1700000000000\",\"nextFundingTime\":\"1700028800000\"");
        }

        if (random.Next(3) == 0)
        {
            fields.Add("\"unknown\":" + RandomJson(random, 1));
        }

        var data = "{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}";
        return "{\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"" + inst + "\"},\"data\":[" + data + (random.Next(4) == 0 ? "," + data : string.Empty) + "]}";
    }

    private static string Price(Random random) =>
        random.Next(20) == 0 ? "1e3" : $"{random.Next(1, 99_999)}.{random.Next(0, 99):D2}";
}
