namespace PropBot.Exchanges;

/// <summary>
/// Identifies a trading venue (an exchange product line), e.g. <c>binance_um</c> or <c>okx_perp</c>.
/// The value is the id used in configuration (<c>derivatives.venues[].id</c>).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(VenueIdJsonConverter))]
public readonly record struct VenueId
{
    /// <summary>Binance USD-M futures (USDT-margined perpetuals).</summary>
    public static readonly VenueId BinanceUsdFutures = new("binance_um");

    /// <summary>OKX v5 perpetual swaps (instType <c>SWAP</c>).</summary>
    public static readonly VenueId OkxSwap = new("okx_perp");

    /// <summary>Creates a venue id.</summary>
    /// <param name="value">Lower-case letters, digits and underscores, 1 to 32 characters.</param>
    /// <exception cref="ArgumentException">The value is empty or has other characters.</exception>
    public VenueId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"Venue id must be 1-32 lower-case letters, digits or underscores, was '{value}'.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The configuration id of the venue.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="value"/> is a well-formed venue id.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 32)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
