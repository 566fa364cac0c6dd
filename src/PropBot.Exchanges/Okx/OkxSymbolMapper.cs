namespace PropBot.Exchanges.Okx;

/// <summary>Maps unified perpetual symbols to OKX swap instrument ids: <c>BTC-USDT-PERP</c> ↔ <c>BTC-USDT-SWAP</c>.</summary>
public sealed class OkxSymbolMapper : ISymbolMapper
{
    private const string SwapSuffix = "-SWAP";

    private OkxSymbolMapper()
    {
    }

    /// <summary>The shared instance (the mapping is stateless).</summary>
    public static OkxSymbolMapper Instance { get; } = new();

    /// <inheritdoc />
    public VenueId Venue => VenueId.OkxSwap;

    /// <inheritdoc />
    public string ToVenueSymbol(UnifiedSymbol symbol) => string.Concat(symbol.BaseAsset, "-", symbol.QuoteAsset, SwapSuffix);

    /// <inheritdoc />
    public bool TryToUnified(string venueSymbol, out UnifiedSymbol symbol)
    {
        symbol = default;
        if (venueSymbol is null || !venueSymbol.EndsWith(SwapSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = venueSymbol[..^SwapSuffix.Length];
        var dash = body.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == body.Length - 1 || body.IndexOf('-', dash + 1) >= 0)
        {
            return false;
        }

        var b = body[..dash];
        var q = body[(dash + 1)..];
        if (!UnifiedSymbol.IsAsset(b) || !UnifiedSymbol.IsAsset(q))
        {
            return false;
        }

        symbol = new UnifiedSymbol(b, q);
        return true;
    }
}
