using BenchmarkDotNet.Attributes;
using PropBot.Exchanges;

namespace PropBot.Benchmarks.Rounding;

/// <summary>Rounding and joint quantity: run on every edge evaluation, so they must be cheap and allocation-free.</summary>
[MemoryDiagnoser]
public class QuantizerBenchmarks
{
    private readonly InstrumentFilters binance = new()
    {
        Instrument = new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"),
        BaseAsset = "BTC", QuoteAsset = "USDT", TickSize = 0.1m, StepSize = 0.001m, MinQuantity = 0.001m, MaxQuantity = 1000m, MinNotional = 100m,
    };

    private readonly InstrumentFilters okx = new()
    {
        Instrument = new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"),
        BaseAsset = "BTC", QuoteAsset = "USDT", TickSize = 0.1m, StepSize = 0.0001m, MinQuantity = 0.0001m, MaxQuantity = 1_000_000m, ContractSize = 0.01m,
    };

    /// <summary>Round a price to the tick.</summary>
    [Benchmark]
    public decimal RoundPriceToTick() => Quantizer.RoundPriceToTick(65012.3456m, 0.1m);

    /// <summary>Round a quantity down to the step.</summary>
    [Benchmark]
    public decimal RoundQuantityDown() => Quantizer.RoundQuantityDown(0.123456m, 0.001m);

    /// <summary>Joint quantity valid on Binance and OKX.</summary>
    [Benchmark]
    public decimal JointQuantize() => Quantizer.JointQuantize(0.123456m, binance, okx, OrderType.Limit, 65000m, 65010m).Quantity;
}
