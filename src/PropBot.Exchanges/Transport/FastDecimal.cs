using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace PropBot.Exchanges.Transport;

/// <summary>Exact, allocation-free parsing of venue number strings (decimals and integers), shared by the Binance and OKX parsers.</summary>
internal static class FastDecimal
{
    /// <summary>
    /// Parses <c>[-]digits[.digits]</c> with up to 19 digits straight into a <see cref="decimal"/>
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

        var negative = span[0] == (byte)'-';
        var start = negative ? 1 : 0;
        var dot = -1;
        ulong mantissa = 0;
        for (var i = start; i < span.Length; i++)
        {
            var c = span[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                mantissa = (mantissa * 10) + d; // may wrap past 19 digits: those go to the fallback below
            }
            else if (c == (byte)'.' && dot < 0)
            {
                dot = i;
            }
            else
            {
                return Fallback(span, out value);
            }
        }

        var digits = span.Length - start - (dot < 0 ? 0 : 1);
        if (digits == 0)
        {
            return false;
        }

        var scale = dot < 0 ? 0 : span.Length - 1 - dot;
        if (digits > 19 || scale > 28)
        {
            return Fallback(span, out value);
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    /// <summary>What <see cref="Utf8JsonReader.TryGetInt64(out long)"/> accepts, with a plain digit loop for the
    /// usual case (up to 18 digits cannot overflow).</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> span, out long value)
    {
        if (span.Length is > 0 and <= 18 && span[0] != (byte)'-')
        {
            long v = 0;
            foreach (var c in span)
            {
                var d = (uint)(c - '0');
                if (d > 9)
                {
                    return Utf8Parser.TryParse(span, out value, out var used) && used == span.Length;
                }

                v = (v * 10) + d;
            }

            value = v;
            return true;
        }

        return Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length;
    }

    /// <summary>Anything unusual (exponent, sign '+', more than 19 significant digits, scale over 28) goes through
    /// <see cref="decimal.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out decimal)"/> itself, so
    /// rounding of over-long inputs is exactly <see cref="decimal.Parse(string, IFormatProvider)"/>'s; no white space,
    /// thousands separators or currency symbols are accepted.</summary>
    private static bool Fallback(ReadOnlySpan<byte> span, out decimal value) =>
        decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
}
