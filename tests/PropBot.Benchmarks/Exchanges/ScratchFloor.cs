using System.Buffers.Text;
using System.Text;
using BenchmarkDotNet.Attributes;
using PropBot.Exchanges;
using PropBot.Exchanges.Transport;

namespace PropBot.Benchmarks.Exchanges;

[MemoryDiagnoser]
public class ScratchFloor
{
    private readonly byte[] frame = Encoding.UTF8.GetBytes(
        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,\"E\":1568014460893,\"T\":1568014460891,\"s\":\"BTCUSDT\",\"b\":\"65012.30\",\"B\":\"31.210\",\"a\":\"65012.40\",\"A\":\"40.660\",\"st\":1}}");
    private readonly MarketDataCache cache = new(VenueId.BinanceUsdFutures);
    private readonly byte[] sym = "BTCUSDT"u8.ToArray();
    private readonly byte[] px = "65012.30"u8.ToArray();
    private readonly byte[] num = "1568014460893"u8.ToArray();

    [GlobalSetup]
    public void Setup() => cache.GetOrAdd("BTCUSDT");

    [Benchmark]
    public int FastOnly()
    {
        var r = new FastJsonReader(frame);
        var n = 0;
        while (r.Read()) n++;
        return n;
    }

    [Benchmark]
    public bool Lookup() => cache.TryGetSlot(sym, out _);

    [Benchmark]
    public decimal Dec() { FastDecimal.TryParse(px, out var d); return d; }

    [Benchmark]
    public long Long() { Utf8Parser.TryParse(num, out long v, out _); return v; }
}
