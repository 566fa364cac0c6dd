using System.ComponentModel;
using System.Globalization;

namespace PropBot.Arbitrage;

/// <summary>Binds <c>reject_if_unhedged</c> / <c>hedge_remaining</c> (and the enum names) to <see cref="PartialFillPolicy"/>.</summary>
internal sealed class PartialFillPolicyConverter : EnumConverter
{
    public PartialFillPolicyConverter()
        : base(typeof(PartialFillPolicy))
    {
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string s)
        {
            var key = s.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Trim();
            if (Enum.TryParse<PartialFillPolicy>(key, ignoreCase: true, out var policy) && Enum.IsDefined(policy))
            {
                return policy;
            }

            throw new FormatException($"partial_fill_policy must be reject_if_unhedged or hedge_remaining, was '{s}'.");
        }

        return base.ConvertFrom(context, culture, value);
    }
}
