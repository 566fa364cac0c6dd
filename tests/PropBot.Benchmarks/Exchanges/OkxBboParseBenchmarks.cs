using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using PropBot.Exchanges;
using Microsoft.Extensions.Logging.Abstractions;
using PropBot.Exchanges.Okx;
using PropBot.Exchanges.Transport;

namespace PropBot.Benchmarks.Exchanges;

/// <summary>
/// OKX <c>bbo-tbt</c> push → <see cref="BookTop"/> (base units) through the feed's message handler. Target: ≤ 200 ns median and 0 bytes allocated per
/// push on one core, beside a naive baseline (System.Text.Json into DTO classes, then <see cref="decimal.Parse(string, IFormatProvider)"/>).
/// Run: <c>dotnet run -c Release --project tests/PropBot.Benchmarks -- --filter *OkxBbo* --job short</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OkxBboParseBenchmarks
{
    private static readonly byte[] Push = Encoding.UTF8.GetBytes(
        """{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["65000.1","12.53","0","4"]],"bids":[["65000","3.37","0","2"]],"ts":"1700000000000","seqId":363996337}]}""");

    private static readonly InstrumentId Instrument = new(VenueId.OkxSwap, "BTC-USDT-SWAP");
    private static readonly DateTimeOffset Receive = DateTimeOffset.FromUnixTimeMilliseconds(1700000000250);
    private const decimal ContractSize = 0.01m;

    private readonly OkxMarketDataFeed feed = CreateFeed();
    private readonly ContractMultiplier multiplier = new(ContractSize);

    /// <summary>The feed's whole hot path for a push received at a given time: parse (fast reader), symbol lookup, contracts → base units, store and publish.</summary>
    [Benchmark]
    public bool FeedOnMessage() => feed.OnMessage(Push, Receive).Disposition == MessageDisposition.Handled;

    /// <summary>Parse (fast reader) + symbol lookup + contracts → base units: the same scope as the Binance benchmark.</summary>
    [Benchmark]
    public BookTop AdapterParse()
    {
        OkxPushParser.Parse(Push, out var p);
        feed.Cache.TryGetSlot(OkxPushParser.InstId(Push, p), out var slot);
        return new BookTop
        {
            Instrument = slot.Instrument,
            BidPrice = p.BidPrice,
            BidSize = multiplier.ToBase(p.BidSize),
            AskPrice = p.AskPrice,
            AskSize = multiplier.ToBase(p.AskSize),
            VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(p.TimestampMs),
            ReceiveTime = Receive,
            UpdateId = p.SeqId,
        };
    }

    /// <summary>The parser alone on the reference <c>Utf8JsonReader</c> path (what the fast reader saves).</summary>
    [Benchmark]
    public BookTop Utf8JsonReaderParse()
    {
        OkxPushParser.ParseReference(Push, out var p);
        return new BookTop
        {
            Instrument = Instrument,
            BidPrice = p.BidPrice,
            BidSize = p.BidSize * ContractSize,
            AskPrice = p.AskPrice,
            AskSize = p.AskSize * ContractSize,
            VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(p.TimestampMs),
            ReceiveTime = Receive,
            UpdateId = p.SeqId,
        };
    }

    /// <summary>Naive baseline: deserialize to DTO classes, then parse the strings.</summary>
    [Benchmark(Baseline = true)]
    public BookTop NaiveDtoParse()
    {
        var msg = JsonSerializer.Deserialize<NaivePush>(Push)!;
        var d = msg.Data![0];
        return new BookTop
        {
            Instrument = new InstrumentId(VenueId.OkxSwap, msg.Arg!.InstId!),
            BidPrice = decimal.Parse(d.Bids![0][0], CultureInfo.InvariantCulture),
            BidSize = decimal.Parse(d.Bids[0][1], CultureInfo.InvariantCulture) * ContractSize,
            AskPrice = decimal.Parse(d.Asks![0][0], CultureInfo.InvariantCulture),
            AskSize = decimal.Parse(d.Asks[0][1], CultureInfo.InvariantCulture) * ContractSize,
            VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(d.Ts!, CultureInfo.InvariantCulture)),
            ReceiveTime = Receive,
            UpdateId = d.SeqId,
        };
    }

    private static OkxMarketDataFeed CreateFeed()
    {
        var options = new OkxSwapOptions();
        var f = new OkxMarketDataFeed(options, options.ResolveEnvironment(), TimeProvider.System, null, () => TimeSpan.Zero, NullLogger.Instance);
        f.SetContractSize("BTC-USDT-SWAP", ContractSize);
        return f;
    }

    public sealed class NaivePush
    {
        [JsonPropertyName("arg")] public NaiveArg? Arg { get; set; }
        [JsonPropertyName("data")] public List<NaiveData>? Data { get; set; }
    }

    public sealed class NaiveArg
    {
        [JsonPropertyName("channel")] public string? Channel { get; set; }
        [JsonPropertyName("instId")] public string? InstId { get; set; }
    }

    public sealed class NaiveData
    {
        [JsonPropertyName("asks")] public List<List<string>>? Asks { get; set; }
        [JsonPropertyName("bids")] public List<List<string>>? Bids { get; set; }
        [JsonPropertyName("ts")] public string? Ts { get; set; }
        [JsonPropertyName("seqId")] public long SeqId { get; set; }
    }
}
