using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;

namespace PropBot.Risk.Tests.Support;

/// <summary>Builders and a wired set of risk components over a fake clock.</summary>
internal sealed class RiskKit
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    public static readonly UnifiedSymbol Btc = UnifiedSymbol.Parse("BTC-USDT-PERP");
    public static readonly UnifiedSymbol Eth = UnifiedSymbol.Parse("ETH-USDT-PERP");
    public static readonly InstrumentId BinanceBtc = new(VenueId.BinanceUsdFutures, "BTCUSDT");
    public static readonly InstrumentId OkxBtc = new(VenueId.OkxSwap, "BTC-USDT-SWAP");
    public static readonly InstrumentId BinanceEth = new(VenueId.BinanceUsdFutures, "ETHUSDT");
    public static readonly InstrumentId OkxEth = new(VenueId.OkxSwap, "ETH-USDT-SWAP");

    public RiskKit(Action<RiskOptions>? configure = null, IMeterFactory? meterFactory = null)
    {
        Options = new RiskOptions();
        configure?.Invoke(Options);
        var wrapped = Microsoft.Extensions.Options.Options.Create(Options);
        Time = new FakeTimeProvider(Start);
        Metrics = new RiskMetrics(meterFactory);
        Events = new RiskEvents();
        Events.IncidentRaised += Incidents.Add;
        Events.DeltaRepairRequested += Repairs.Add;
        State = new TradingStateController(Time, Metrics);
        Book = new ExposureBook();
        Breaker = new RunawayBreaker(wrapped, State, Events, Time, Metrics);
        Margin = new MarginHeadroomMonitor(wrapped, State, Events, Time);
        Gate = new RiskGate(wrapped, Book, State, Breaker, Margin, Metrics);
        WrappedOptions = wrapped;
    }

    public RiskOptions Options { get; }

    public IOptions<RiskOptions> WrappedOptions { get; }

    public FakeTimeProvider Time { get; }

    public RiskMetrics Metrics { get; }

    public RiskEvents Events { get; }

    public List<RiskIncident> Incidents { get; } = [];

    public List<DeltaRepairRequest> Repairs { get; } = [];

    public TradingStateController State { get; }

    public ExposureBook Book { get; }

    public RunawayBreaker Breaker { get; }

    public MarginHeadroomMonitor Margin { get; }

    public RiskGate Gate { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static RiskLeg Leg(InstrumentId instrument, OrderSide side, decimal quantity, decimal price = 100m, bool reduceOnly = false, UnifiedSymbol? underlying = null) => new()
    {
        Instrument = instrument,
        Underlying = underlying ?? (instrument.Symbol.StartsWith("ETH", StringComparison.Ordinal) ? Eth : Btc),
        Side = side,
        Quantity = quantity,
        Price = price,
        ReduceOnly = reduceOnly,
    };

    /// <summary>Long Binance / short OKX of <paramref name="quantity"/> BTC at <paramref name="price"/>.</summary>
    public static EntryIntent Pair(decimal quantity, decimal price = 100m, bool reduceOnly = false) => new()
    {
        First = Leg(BinanceBtc, reduceOnly ? OrderSide.Sell : OrderSide.Buy, quantity, price, reduceOnly),
        Second = Leg(OkxBtc, reduceOnly ? OrderSide.Buy : OrderSide.Sell, quantity, price, reduceOnly),
    };

    public LegConditions Healthy() => new()
    {
        BookVenueTime = Now,
        BookReceiveTime = Now,
        ClockSkew = TimeSpan.FromMilliseconds(10),
        ClockSynchronized = true,
        Connected = true,
    };

    public MarketConditions Market() => new() { Now = Now, First = Healthy(), Second = Healthy() };

    public MarketConditions Market(LegConditions first) => new() { Now = Now, First = first, Second = Healthy() };

    public MarketConditions Market(LegConditions first, LegConditions second) => new() { Now = Now, First = first, Second = second };

    /// <summary>Applies an approved intent's legs to the book as fills.</summary>
    public void Fill(in RiskLeg leg)
    {
        Book.ApplyFill(new Fill
        {
            Instrument = leg.Instrument,
            ClientOrderId = new ClientOrderId("t1"),
            TradeId = "t",
            Side = leg.Side,
            Price = leg.Price,
            Quantity = leg.Quantity,
        }, leg.Underlying);
        Book.UpdateMark(leg.Instrument, leg.Price);
    }

    public void Fill(in EntryIntent intent)
    {
        Fill(intent.First);
        Fill(intent.Second);
    }
}
