using System.Globalization;

namespace PropBot.Exchanges.Transport;

/// <summary>Exact, allocation-free decimal parsing of venue number strings, shared by the Binance and OKX parsers.</summary>
internal static class FastDecimal
{
    /// <summary>
    /// Parses <c>[-]digits[.digits]</c> with up to 19 significant digits straight into a <see cref="decimal"/>
    /// (mantissa and scale, trailing zeros kept as OKX sent them); anything else (exponents, longer numbers) falls
    /// back to <see cref="decimal.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out decimal)"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> span, out decimal value)
    {
        value = 0m;
        if (span.IsEmpty)
        {
            return false;
        }

        var i = 0;
        var negative = span[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        var any = false;
        for (; i < span.Length; i++)
        {
            var c = span[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                if (digits == 19)
                {
                    return Fallback(span, out value);
                }

                mantissa = (mantissa * 10) + d;
                if (mantissa != 0)
                {
                    digits++;
                }

                any = true;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (c == (byte)'.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return Fallback(span, out value);
            }
        }

        if (!any || scale > 28)
        {
            return any && Fallback(span, out value);
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>Anything unusual (exponent, sign '+', more than 19 significant digits, scale over 28) goes through
    /// <see cref="decimal.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out decimal)"/> itself, so
    /// rounding of over-long inputs is exactly <see cref="decimal.Parse(string, IFormatProvider)"/>'s; no white space,
    /// thousands separators or currency symbols are accepted.</summary>
    private static bool Fallback(ReadOnlySpan<byte> span, out decimal value) =>
        decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
}
