using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Tests.Transport;

public class FastDecimalTests
{
    private static decimal Expected(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("65000.1")]
    [InlineData("65012.30")]
    [InlineData("0.0000182221218054")]
    [InlineData("-0.00375")]
    [InlineData("100000000.0000000000000000")]
    [InlineData("12345678901234567890.5")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("1e-5")]
    [InlineData("1E+3")]
    [InlineData("0")]
    [InlineData("000123.4500")]
    [InlineData("7.")]
    [InlineData(".5")]
    public void TryParse_Valid_MatchesDecimalParseValueAndScale(string text)
    {
        FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var value).ShouldBeTrue();
        var expected = Expected(text);
        value.ShouldBe(expected);
        value.Scale.ShouldBe(expected.Scale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1-")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("792281625142643375935439503350")]
    public void TryParse_Malformed_False(string text) =>
        FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();

    [Property(MaxTest = 2000)]
    public Property TryParse_RandomDigitStrings_EqualDecimalParse()
    {
        var gen =
            from negative in Gen.Elements(false, true)
            from intDigits in Gen.Choose(1, 20)
            from fracDigits in Gen.Choose(0, 20)
            from hasDot in Gen.Elements(false, true)
            from digits in Gen.ArrayOf(Gen.Choose(0, 9), intDigits + fracDigits)
            select (negative ? "-" : string.Empty)
                + string.Concat(digits.Take(intDigits))
                + (hasDot || fracDigits > 0 ? "." : string.Empty)
                + string.Concat(digits.Skip(intDigits));
        return Prop.ForAll(gen.ToArbitrary(), text =>
        {
            var expected = Expected(text);
            return FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var parsed)
                && parsed == expected
                && parsed.Scale == expected.Scale;
        });
    }

    [Property(MaxTest = 500)]
    public Property TryParse_FormattedDecimals_RoundTrip() =>
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), Gen.Choose(0, 15).ToArbitrary(), Gen.Choose(0, 999_999).ToArbitrary(), (hi, scale, lo) =>
        {
            var d = new decimal(((long)hi * 1_000_000) + lo) / (decimal)Math.Pow(10, scale);
            var text = d.ToString(CultureInfo.InvariantCulture);
            return FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var parsed) && parsed == d && parsed.Scale == d.Scale;
        });

    [Property(MaxTest = 1000)]
    public Property TryParse_GarbageInsideNumber_RejectedLikeDecimalParse() =>
        Prop.ForAll(Gen.Choose(0, 999_999_999).ToArbitrary(), Gen.Elements("a", " ", "..", "-", "+", "/", ":", "x").ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (n, junk, at) =>
        {
            var digits = n.ToString(CultureInfo.InvariantCulture);
            var pos = Math.Min(at, digits.Length);
            var text = digits[..pos] + junk + digits[pos..];
            var ok = decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            return FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out _) == ok;
        });
}
