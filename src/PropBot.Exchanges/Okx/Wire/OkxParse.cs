using System.Globalization;

namespace PropBot.Exchanges.Okx.Wire;

/// <summary>Parsing of OKX wire text: invariant decimals, <c>""</c> = absent, Unix-millisecond timestamps.</summary>
internal static class OkxParse
{
    public static decimal? DecimalOrNull(string? text) =>
        !string.IsNullOrWhiteSpace(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static decimal Decimal(string? text) => DecimalOrNull(text) ?? 0m;

    public static bool TryDecimal(string? text, out decimal value)
    {
        var d = DecimalOrNull(text);
        value = d ?? 0m;
        return d.HasValue;
    }

    public static long? LongOrNull(string? text) =>
        !string.IsNullOrWhiteSpace(text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;

    public static DateTimeOffset? MillisOrNull(string? text)
    {
        var ms = LongOrNull(text);
        return ms is > 0 and < 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms.Value) : null;
    }

    /// <summary>Epoch seconds or milliseconds, detected by magnitude (cancel-all-after <c>triggerTime</c>).</summary>
    public static DateTimeOffset? EpochAutoOrNull(string? text)
    {
        var v = LongOrNull(text);
        if (v is null or <= 0)
        {
            return null;
        }

        return v.Value < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(v.Value) : MillisOrNull(text);
    }

    public static string Wire(decimal value) => Quantizer.ToWire(value);

    public static string Wire(int value) => value.ToString(CultureInfo.InvariantCulture);
}
