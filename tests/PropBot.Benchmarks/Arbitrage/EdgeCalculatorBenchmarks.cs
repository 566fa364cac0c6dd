using BenchmarkDotNet.Attributes;
using PropBot.Arbitrage;
using PropBot.Exchanges;

namespace PropBot.Benchmarks.Arbitrage;

/// <summary>
/// Edge evaluation for one pair (walk both books at size, all cost terms): target ≤ 1 µs median, allocation-free.
/// Also the joint sizing that precedes it on the preflight path.
/// </summary>
[MemoryDiagnoser]
public class EdgeCalculatorBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BookLevel[] longAsks = [];
    private BookLevel[] longBids = [];
    private BookLevel[] shortBids = [];
    private BookLevel[] shortAsks = [];
    private InstrumentFilters binance = null!;
    private InstrumentFilters okx = null!;

    /// <summary>Levels walked per side (the quantity spans about half of them).</summary>
    [Params(5, 20)]
    public int Levels { get; set; }

    /// <summary>Builds books of <see cref="Levels"/> levels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        longAsks = Build(100_000m, 0.5m, Levels);
        longBids = Build(99_999.9m, -0.5m, Levels);
        shortBids = Build(100_400m, -0.5m, Levels);
        shortAsks = Build(100_400.1m, 0.5m, Levels);
        binance = new InstrumentFilters
        {
            Instrument = new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"),
            BaseAsset = "BTC", QuoteAsset = "USDT", TickSize = 0.1m, StepSize = 0.001m, MinQuantity = 0.001m, MaxQuantity = 1000m, MinNotional = 100m,
        };
        okx = new InstrumentFilters
        {
            Instrument = new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"),
            BaseAsset = "BTC", QuoteAsset = "USDT", TickSize = 0.1m, StepSize = 0.0001m, MinQuantity = 0.0001m, MaxQuantity = 1_000_000m, ContractSize = 0.01m,
        };
    }

    /// <summary>Full edge breakdown for one pair at a size spanning half the levels.</summary>
    [Benchmark(Baseline = true)]
    public decimal Evaluate()
    {
        var input = new EdgeInputs
        {
            LongAsks = longAsks,
            LongBids = longBids,
            ShortBids = shortBids,
            ShortAsks = shortAsks,
            Quantity = Levels * 0.05m,
            LongEntryFeeBps = 3.6m,
            ShortEntryFeeBps = 5m,
            LongTakerFeeBps = 3.6m,
            ShortTakerFeeBps = 5m,
            LongFunding = new FundingTerm(0.0001m, Now.AddHours(3), TimeSpan.FromHours(8)),
            ShortFunding = new FundingTerm(0.00005m, Now.AddHours(1), TimeSpan.FromHours(4)),
            IncludeFunding = true,
            Now = Now,
            HoldHorizon = TimeSpan.FromHours(8),
            SlippageBpsPerLeg = 3m,
            VolatilityBpsPerSqrtSecond = 1m,
            LatencyHorizon = TimeSpan.FromMilliseconds(250),
            LegBFailureProbability = 0.05m,
            LegA = LegDirection.Short,
        };
        return EdgeCalculator.Evaluate(input).NetBps;
    }

    /// <summary>Joint sizing (depth within slippage on both books, headroom, joint quantization).</summary>
    [Benchmark]
    public decimal Size() => JointSizer.Size(Levels * 0.05m, longAsks, shortBids, 3m, 10m, binance, okx).Quantity;

    private static BookLevel[] Build(decimal best, decimal step, int levels)
    {
        var result = new BookLevel[levels];
        for (var i = 0; i < levels; i++)
        {
            result[i] = new BookLevel(best + (step * i), 0.1m);
        }

        return result;
    }
}
