using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using PropBot.Exchanges;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Transport;

namespace PropBot.Benchmarks.Exchanges;

/// <summary>
/// Parsing one combined-stream <c>bookTicker</c> frame into a <see cref="BookTop"/>: the adapter's
/// <see cref="Utf8JsonReader"/> parser over the receive buffer (target ≤ 200 ns median, 0 bytes) beside a naive
/// baseline (System.Text.Json into DTO classes, then <see cref="decimal.Parse(string, IFormatProvider)"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BinanceBookTickerParseBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly byte[] frame = Encoding.UTF8.GetBytes(
        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,\"E\":1568014460893,\"T\":1568014460891,\"s\":\"BTCUSDT\",\"b\":\"65012.30\",\"B\":\"31.210\",\"a\":\"65012.40\",\"A\":\"40.660\",\"st\":1}}");

    private readonly MarketDataCache cache = new(VenueId.BinanceUsdFutures);

    /// <summary>Registers the symbol.</summary>
    [GlobalSetup]
    public void Setup() => cache.GetOrAdd("BTCUSDT");

    /// <summary>Naive: STJ into DTO classes, then decimal.Parse on strings.</summary>
    [Benchmark(Baseline = true)]
    public BookTop NaiveStjDto()
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(frame)!;
        var d = envelope.Data!;
        return new BookTop
        {
            Instrument = new InstrumentId(VenueId.BinanceUsdFutures, d.Symbol!),
            BidPrice = decimal.Parse(d.Bid!, CultureInfo.InvariantCulture),
            BidSize = decimal.Parse(d.BidQty!, CultureInfo.InvariantCulture),
            AskPrice = decimal.Parse(d.Ask!, CultureInfo.InvariantCulture),
            AskSize = decimal.Parse(d.AskQty!, CultureInfo.InvariantCulture),
            VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(d.TransactionTime),
            ReceiveTime = Now,
            UpdateId = d.UpdateId,
        };
    }

    /// <summary>The adapter's parser: fast reader, symbol lookup, stale-update check.</summary>
    [Benchmark]
    public BookTop AdapterParse()
    {
        BinanceStreamParser.Parse(frame, cache, Now, out _, out var top, out _);
        return top;
    }

    /// <summary>The same parse on the reference <c>Utf8JsonReader</c> path (what the fast reader saves).</summary>
    [Benchmark]
    public BookTop Utf8ReaderReference()
    {
        BinanceStreamParser.ParseReference(frame, cache, Now, out _, out var top, out _);
        return top;
    }

    /// <summary>Combined-stream envelope DTO.</summary>
    public sealed class Envelope
    {
        /// <summary>Stream name.</summary>
        [JsonPropertyName("stream")]
        public string? Stream { get; set; }

        /// <summary>Payload.</summary>
        [JsonPropertyName("data")]
        public BookTickerDto? Data { get; set; }
    }

    /// <summary>bookTicker payload DTO.</summary>
    public sealed class BookTickerDto
    {
        /// <summary>Update id.</summary>
        [JsonPropertyName("u")]
        public long UpdateId { get; set; }

        /// <summary>Transaction time.</summary>
        [JsonPropertyName("T")]
        public long TransactionTime { get; set; }

        /// <summary>Symbol.</summary>
        [JsonPropertyName("s")]
        public string? Symbol { get; set; }

        /// <summary>Bid price.</summary>
        [JsonPropertyName("b")]
        public string? Bid { get; set; }

        /// <summary>Bid quantity.</summary>
        [JsonPropertyName("B")]
        public string? BidQty { get; set; }

        /// <summary>Ask price.</summary>
        [JsonPropertyName("a")]
        public string? Ask { get; set; }

        /// <summary>Ask quantity.</summary>
        [JsonPropertyName("A")]
        public string? AskQty { get; set; }
    }
}
