namespace PropBot.Exchanges;

/// <summary>
/// A venue-independent perpetual contract, written <c>BASE-QUOTE-PERP</c> (e.g. <c>BTC-USDT-PERP</c>).
/// Venue symbols are obtained through the venue's <see cref="ISymbolMapper"/>.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(UnifiedSymbolJsonConverter))]
public readonly record struct UnifiedSymbol
{
    private const string Suffix = "-PERP";

    /// <summary>Creates a unified symbol from its base and quote assets (upper case, letters and digits).</summary>
    /// <exception cref="ArgumentException">An asset is empty or not upper-case alphanumeric.</exception>
    public UnifiedSymbol(string baseAsset, string quoteAsset)
    {
        if (!IsAsset(baseAsset))
        {
            throw new ArgumentException($"Base asset must be upper-case letters or digits, was '{baseAsset}'.", nameof(baseAsset));
        }

        if (!IsAsset(quoteAsset))
        {
            throw new ArgumentException($"Quote asset must be upper-case letters or digits, was '{quoteAsset}'.", nameof(quoteAsset));
        }

        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
    }

    /// <summary>The asset the quantity is measured in (e.g. <c>BTC</c>).</summary>
    public string BaseAsset { get; }

    /// <summary>The asset prices and margin are in (e.g. <c>USDT</c>).</summary>
    public string QuoteAsset { get; }

    /// <summary>Parses <c>BASE-QUOTE-PERP</c>.</summary>
    public static bool TryParse(string? text, out UnifiedSymbol symbol)
    {
        symbol = default;
        if (text is null || !text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text.AsSpan(0, text.Length - Suffix.Length);
        var dash = body.IndexOf('-');
        if (dash <= 0 || dash == body.Length - 1 || body[(dash + 1)..].Contains('-'))
        {
            return false;
        }

        var b = body[..dash].ToString();
        var q = body[(dash + 1)..].ToString();
        if (!IsAsset(b) || !IsAsset(q))
        {
            return false;
        }

        symbol = new UnifiedSymbol(b, q);
        return true;
    }

    /// <summary>Parses <c>BASE-QUOTE-PERP</c>.</summary>
    /// <exception cref="FormatException">The text is not a unified symbol.</exception>
    public static UnifiedSymbol Parse(string text) =>
        TryParse(text, out var s) ? s : throw new FormatException($"Unified symbol must look like BTC-USDT-PERP, was '{text}'.");

    /// <inheritdoc />
    public override string ToString() => $"{BaseAsset}-{QuoteAsset}{Suffix}";

    internal static bool IsAsset(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 20)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// An instrument on one venue: the venue's own symbol (e.g. <c>BTCUSDT</c>, <c>BTC-USDT-SWAP</c>) and the venue,
/// written <c>SYMBOL.venue</c>.
/// </summary>
/// <param name="Venue">The venue.</param>
/// <param name="Symbol">The venue-native symbol.</param>
public readonly record struct InstrumentId(VenueId Venue, string Symbol)
{
    /// <inheritdoc />
    public override string ToString() => $"{Symbol}.{Venue}";
}
