using BenchmarkDotNet.Attributes;
using PropBot.Exchanges;
using PropBot.Risk;

namespace PropBot.Benchmarks.Risk;

/// <summary>The pre-trade gate runs on every entry decision: it must be fast and allocation-free when approving.</summary>
[MemoryDiagnoser]
public class RiskGateBenchmarks
{
    private static readonly UnifiedSymbol Btc = UnifiedSymbol.Parse("BTC-USDT-PERP");
    private static readonly UnifiedSymbol Eth = UnifiedSymbol.Parse("ETH-USDT-PERP");
    private static readonly InstrumentId BinanceBtc = new(VenueId.BinanceUsdFutures, "BTCUSDT");
    private static readonly InstrumentId OkxBtc = new(VenueId.OkxSwap, "BTC-USDT-SWAP");
    private static readonly InstrumentId BinanceEth = new(VenueId.BinanceUsdFutures, "ETHUSDT");
    private static readonly InstrumentId OkxEth = new(VenueId.OkxSwap, "ETH-USDT-SWAP");

    private RiskGate gate = null!;
    private EntryIntent approved;
    private EntryIntent deniedByCap;
    private OrderIntent hedgeOut;
    private MarketConditions market;

    /// <summary>Two hedged pairs already open; caps from the spec's YAML.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new RiskOptions());
        var time = TimeProvider.System;
        var events = new RiskEvents();
        var state = new TradingStateController(time);
        var book = new ExposureBook();
        var breaker = new RunawayBreaker(options, state, events, time);
        var margin = new MarginHeadroomMonitor(options, state, events, time);
        gate = new RiskGate(options, book, state, breaker, margin);

        Fill(book, BinanceBtc, Btc, OrderSide.Buy, 0.01m, 65000m);
        Fill(book, OkxBtc, Btc, OrderSide.Sell, 0.01m, 65010m);
        Fill(book, BinanceEth, Eth, OrderSide.Sell, 0.2m, 3000m);
        Fill(book, OkxEth, Eth, OrderSide.Buy, 0.2m, 3001m);
        margin.Update(new AccountMargin { Venue = VenueId.BinanceUsdFutures, MarginBalance = 1000m, MaintenanceMargin = 50m });

        approved = Pair(0.01m);
        deniedByCap = Pair(1m);
        hedgeOut = new OrderIntent { Leg = Leg(BinanceBtc, OrderSide.Sell, 0.01m, 65000m, true), Purpose = OrderPurpose.HedgeOut };
        var now = time.GetUtcNow();
        var leg = new LegConditions
        {
            BookVenueTime = now, BookReceiveTime = now, NextFundingTime = now.AddHours(2), ClockSkew = TimeSpan.FromMilliseconds(5),
            ClockSynchronized = true, Connected = true,
        };
        market = new MarketConditions { Now = now, First = leg, Second = leg };
    }

    /// <summary>An approved two-leg entry (the hot path).</summary>
    [Benchmark(Baseline = true)]
    public bool CheckEntry_Approved() => gate.CheckEntry(approved, market).IsApproved;

    /// <summary>A denied entry (allocates the denial and its message).</summary>
    [Benchmark]
    public bool CheckEntry_DeniedByCap() => gate.CheckEntry(deniedByCap, market).IsApproved;

    /// <summary>A reduce-only hedge-out.</summary>
    [Benchmark]
    public bool CheckOrder_HedgeOut() => gate.CheckOrder(hedgeOut, market).IsApproved;

    private static EntryIntent Pair(decimal quantity) => new()
    {
        First = Leg(BinanceBtc, OrderSide.Buy, quantity, 65000m, false),
        Second = Leg(OkxBtc, OrderSide.Sell, quantity, 65010m, false),
    };

    private static RiskLeg Leg(InstrumentId instrument, OrderSide side, decimal quantity, decimal price, bool reduceOnly) => new()
    {
        Instrument = instrument,
        Underlying = instrument.Symbol.StartsWith("ETH", StringComparison.Ordinal) ? Eth : Btc,
        Side = side,
        Quantity = quantity,
        Price = price,
        ReduceOnly = reduceOnly,
    };

    private static void Fill(ExposureBook book, InstrumentId instrument, UnifiedSymbol underlying, OrderSide side, decimal quantity, decimal price) =>
        book.ApplyFill(new Fill
        {
            Instrument = instrument, ClientOrderId = new ClientOrderId("bench"), TradeId = "1", Side = side, Price = price, Quantity = quantity,
        }, underlying);
}
