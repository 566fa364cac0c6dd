namespace PropBot.Exchanges.Emulator.Core;

/// <summary>One tradable perpetual on one venue. Quantities are base units unless named Contracts.</summary>
internal sealed class Instrument
{
    public required EmulatorVenue Venue { get; init; }

    /// <summary>BTC or ETH.</summary>
    public required string Asset { get; init; }

    /// <summary>Venue symbol: BTCUSDT or BTC-USDT-SWAP.</summary>
    public required string Symbol { get; init; }

    public required decimal TickSize { get; init; }

    /// <summary>Base-unit step: Binance stepSize; OKX lotSz × ctVal.</summary>
    public required decimal BaseStep { get; init; }

    /// <summary>Binance minQty (base); OKX minSz × ctVal.</summary>
    public required decimal MinQuantity { get; init; }

    public required decimal MaxQuantity { get; init; }

    public required decimal MarketMaxQuantity { get; init; }

    public required decimal MinNotional { get; init; }

    public required decimal MinPrice { get; init; }

    public required decimal MaxPrice { get; init; }

    /// <summary>OKX ctVal (base per contract); 1 on Binance.</summary>
    public required decimal ContractValue { get; init; }

    /// <summary>OKX lotSz in contracts.</summary>
    public required decimal LotSize { get; init; }

    /// <summary>OKX minSz in contracts.</summary>
    public required decimal MinSize { get; init; }

    public required int MaxLeverage { get; init; }

    public required decimal MaintenanceMarginRate { get; init; }

    public required int PricePrecision { get; init; }

    public required int QuantityPrecision { get; init; }

    public long InstIdCode { get; init; }

    public decimal RoundDownToTick(decimal price) => Math.Floor(price / TickSize) * TickSize;

    public decimal RoundDownToStep(decimal quantity) => Math.Floor(quantity / BaseStep) * BaseStep;
}

/// <summary>The instrument universe: BTC and ETH on both venues with real-world filters.</summary>
internal static class Instruments
{
    public static readonly string[] Assets = ["BTC", "ETH"];

    public static readonly IReadOnlyList<Instrument> Binance =
    [
        new Instrument
        {
            Venue = EmulatorVenue.Binance, Asset = "BTC", Symbol = "BTCUSDT", TickSize = 0.10m, BaseStep = 0.001m,
            MinQuantity = 0.001m, MaxQuantity = 1000m, MarketMaxQuantity = 120m, MinNotional = 100m, MinPrice = 556.80m,
            MaxPrice = 4529764m, ContractValue = 1m, LotSize = 0.001m, MinSize = 0.001m, MaxLeverage = 125,
            MaintenanceMarginRate = 0.004m, PricePrecision = 2, QuantityPrecision = 3,
        },
        new Instrument
        {
            Venue = EmulatorVenue.Binance, Asset = "ETH", Symbol = "ETHUSDT", TickSize = 0.01m, BaseStep = 0.001m,
            MinQuantity = 0.001m, MaxQuantity = 10000m, MarketMaxQuantity = 2000m, MinNotional = 20m, MinPrice = 39.86m,
            MaxPrice = 306177m, ContractValue = 1m, LotSize = 0.001m, MinSize = 0.001m, MaxLeverage = 100,
            MaintenanceMarginRate = 0.005m, PricePrecision = 2, QuantityPrecision = 3,
        },
    ];

    public static readonly IReadOnlyList<Instrument> Okx =
    [
        new Instrument
        {
            Venue = EmulatorVenue.Okx, Asset = "BTC", Symbol = "BTC-USDT-SWAP", TickSize = 0.1m, BaseStep = 0.0001m,
            MinQuantity = 0.0001m, MaxQuantity = 1_000_000m, MarketMaxQuantity = 120m, MinNotional = 0m, MinPrice = 0.1m,
            MaxPrice = 100_000_000m, ContractValue = 0.01m, LotSize = 0.01m, MinSize = 0.01m, MaxLeverage = 100,
            MaintenanceMarginRate = 0.004m, PricePrecision = 1, QuantityPrecision = 2, InstIdCode = 10459,
        },
        new Instrument
        {
            Venue = EmulatorVenue.Okx, Asset = "ETH", Symbol = "ETH-USDT-SWAP", TickSize = 0.01m, BaseStep = 0.001m,
            MinQuantity = 0.001m, MaxQuantity = 10_000_000m, MarketMaxQuantity = 2000m, MinNotional = 0m, MinPrice = 0.01m,
            MaxPrice = 100_000_000m, ContractValue = 0.1m, LotSize = 0.01m, MinSize = 0.01m, MaxLeverage = 100,
            MaintenanceMarginRate = 0.005m, PricePrecision = 2, QuantityPrecision = 2, InstIdCode = 10461,
        },
    ];

    public static IReadOnlyList<Instrument> For(EmulatorVenue venue) => venue == EmulatorVenue.Binance ? Binance : Okx;

    public static Instrument? BySymbol(EmulatorVenue venue, string? symbol)
    {
        if (symbol is null)
        {
            return null;
        }

        foreach (var instrument in For(venue))
        {
            if (string.Equals(instrument.Symbol, symbol, StringComparison.Ordinal))
            {
                return instrument;
            }
        }

        return null;
    }

    public static Instrument ByAsset(EmulatorVenue venue, string asset)
    {
        foreach (var instrument in For(venue))
        {
            if (string.Equals(instrument.Asset, asset, StringComparison.OrdinalIgnoreCase))
            {
                return instrument;
            }
        }

        throw new ArgumentException($"Unknown asset, was {asset}; expected BTC or ETH.", nameof(asset));
    }

    public static int AssetIndex(string asset) =>
        string.Equals(asset, "BTC", StringComparison.OrdinalIgnoreCase) ? 0
        : string.Equals(asset, "ETH", StringComparison.OrdinalIgnoreCase) ? 1
        : throw new ArgumentException($"Unknown asset, was {asset}; expected BTC or ETH.", nameof(asset));
}
