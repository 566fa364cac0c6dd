using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Cross-field rules of <see cref="ArbitrageOptions"/>; messages name the configuration key.</summary>
internal sealed class ArbitrageOptionsValidator : IValidateOptions<ArbitrageOptions>
{
    private const string Prefix = ArbitrageConstants.ArbitrageSection;

    public ValidateOptionsResult Validate(string? name, ArbitrageOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(ArbitrageOptions options)
    {
        var errors = new List<string>();
        if (options.LegTimeoutMs >= options.ExecutionTimeoutMs)
        {
            errors.Add($"{Prefix}:leg_timeout_ms must be < execution_timeout_ms ({options.ExecutionTimeoutMs}), was {options.LegTimeoutMs}");
        }

        if (options.UnknownOutcomeResolveMs >= options.ExecutionTimeoutMs)
        {
            errors.Add($"{Prefix}:unknown_outcome_resolve_ms must be < execution_timeout_ms ({options.ExecutionTimeoutMs}), was {options.UnknownOutcomeResolveMs}");
        }

        if (options.OrderPollIntervalMs > options.UnknownOutcomeResolveMs)
        {
            errors.Add($"{Prefix}:order_poll_interval_ms must be <= unknown_outcome_resolve_ms ({options.UnknownOutcomeResolveMs}), was {options.OrderPollIntervalMs}");
        }

        for (var i = 0; i < options.Pairs.Count; i++)
        {
            var pair = options.Pairs[i];
            ValidateLeg(errors, $"{Prefix}:pairs:{i}:long", pair.Long);
            ValidateLeg(errors, $"{Prefix}:pairs:{i}:short", pair.Short);
            if (pair.Long.Venue == pair.Short.Venue && pair.Long.Venue.Length > 0)
            {
                errors.Add($"{Prefix}:pairs:{i} must use two different venues, was {pair.Long.Venue} on both legs");
            }

            if (pair.MaxQuantity < 0m)
            {
                errors.Add($"{Prefix}:pairs:{i}:max_quantity must be >= 0, was {pair.MaxQuantity}");
            }
        }

        if (options.Fees.Source is not ("auto" or "manual"))
        {
            errors.Add($"{ArbitrageConstants.FeesSection}:source must be auto or manual, was '{options.Fees.Source}'");
        }

        if (options.Fees.Source == "manual")
        {
            foreach (var venue in options.Pairs.SelectMany(p => new[] { p.Long.Venue, p.Short.Venue }).Distinct(StringComparer.Ordinal))
            {
                if (venue.Length > 0 && !options.Fees.Manual.ContainsKey(venue))
                {
                    errors.Add($"{ArbitrageConstants.FeesSection}:manual:{venue} is required when source is manual, was missing");
                }
            }
        }

        foreach (var (venue, fee) in options.Fees.Manual)
        {
            if (fee.MakerBps is < -100m or > 1000m)
            {
                errors.Add($"{ArbitrageConstants.FeesSection}:manual:{venue}:maker_bps must be between -100 and 1000, was {fee.MakerBps}");
            }

            if (fee.TakerBps is < -100m or > 1000m)
            {
                errors.Add($"{ArbitrageConstants.FeesSection}:manual:{venue}:taker_bps must be between -100 and 1000, was {fee.TakerBps}");
            }
        }

        for (var i = 0; i < options.Venues.Count; i++)
        {
            var v = options.Venues[i];
            if (!VenueId.IsValid(v.Id))
            {
                errors.Add($"{ArbitrageConstants.VenuesSection}:{i}:id must be a venue id like binance_um, was '{v.Id}'");
            }

            if (v.PositionMode is not ("hedge" or "one_way"))
            {
                errors.Add($"{ArbitrageConstants.VenuesSection}:{i}:position_mode must be hedge or one_way, was '{v.PositionMode}'");
            }

            if (v.MarginType is not ("isolated" or "cross"))
            {
                errors.Add($"{ArbitrageConstants.VenuesSection}:{i}:margin_type must be isolated or cross, was '{v.MarginType}'");
            }

            if (v.Leverage < 0)
            {
                errors.Add($"{ArbitrageConstants.VenuesSection}:{i}:leverage must be >= 0, was {v.Leverage}");
            }
        }

        return errors;
    }

    private static void ValidateLeg(List<string> errors, string key, ArbLegOptions leg)
    {
        if (!VenueId.IsValid(leg.Venue))
        {
            errors.Add($"{key}:venue must be a venue id like binance_um, was '{leg.Venue}'");
        }

        if (string.IsNullOrWhiteSpace(leg.Symbol))
        {
            errors.Add($"{key}:symbol must not be empty, was '{leg.Symbol}'");
        }
    }
}
