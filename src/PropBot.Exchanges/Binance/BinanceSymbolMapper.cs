namespace PropBot.Exchanges.Binance;

/// <summary>
/// Maps unified symbols to Binance USD-M perpetual symbols: <c>BTC-USDT-PERP</c> ↔ <c>BTCUSDT</c>. Reverse mapping
/// splits on the known quote assets (USDT, USDC, BUSD); a symbol such as <c>BTCUSDT_260327</c> (quarterly) is not a
/// perpetual and is refused.
/// </summary>
public sealed class BinanceSymbolMapper : ISymbolMapper
{
    private static readonly string[] Quotes = ["USDT", "USDC", "BUSD", "FDUSD"];

    /// <summary>Shared instance.</summary>
    public static BinanceSymbolMapper Instance { get; } = new();

    /// <inheritdoc />
    public VenueId Venue => VenueId.BinanceUsdFutures;

    /// <inheritdoc />
    public string ToVenueSymbol(UnifiedSymbol symbol) => string.Concat(symbol.BaseAsset, symbol.QuoteAsset);

    /// <inheritdoc />
    public bool TryToUnified(string venueSymbol, out UnifiedSymbol symbol)
    {
        symbol = default;
        if (string.IsNullOrEmpty(venueSymbol))
        {
            return false;
        }

        var upper = venueSymbol.ToUpperInvariant();
        foreach (var quote in Quotes)
        {
            if (upper.Length > quote.Length && upper.EndsWith(quote, StringComparison.Ordinal))
            {
                var baseAsset = upper[..^quote.Length];
                if (UnifiedSymbol.IsAsset(baseAsset))
                {
                    symbol = new UnifiedSymbol(baseAsset, quote);
                    return true;
                }
            }
        }

        return false;
    }
}
