using System.Globalization;
using Microsoft.Extensions.Options;

namespace PropBot.Host.Configuration;

/// <summary>Validates the whole profile at start; every message names the offending key.</summary>
internal sealed class HostSettingsValidator : IValidateOptions<HostSettings>
{
    private static readonly string[] KnownVenues = ["binance_um", "okx_perp"];

    public ValidateOptionsResult Validate(string? name, HostSettings s)
    {
        var errors = Errors(s);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(HostSettings s)
    {
        var e = new List<string>();
        if (s.Profile is not ("paper" or "testnet" or "live"))
        {
            e.Add($"EXCHANGE_PROFILE must be paper, testnet or live, was '{s.Profile}'");
        }

        if (!HostSettings.IsTrue(s.SafeModeText) && !HostSettings.IsFalse(s.SafeModeText))
        {
            e.Add($"SAFE_MODE must be true or false, was '{s.SafeModeText}'");
        }

        var venues = s.Derivatives.Venues;
        if (venues.Count == 0)
        {
            e.Add("derivatives:venues must list at least one venue, was empty");
        }

        for (var i = 0; i < venues.Count; i++)
        {
            var v = venues[i];
            var k = $"derivatives:venues:{i}";
            if (!KnownVenues.Contains(v.Id))
            {
                e.Add($"{k}:id must be one of {string.Join(", ", KnownVenues)}, was '{v.Id}'");
            }
            else if (venues.Take(i).Any(o => o.Id == v.Id))
            {
                e.Add($"{k}:id must be unique, was '{v.Id}' again");
            }

            if (v.Symbols.Count == 0 || v.Symbols.Any(string.IsNullOrWhiteSpace))
            {
                e.Add($"{k}:symbols must list at least one non-empty symbol");
            }

            if (v.Leverage is < 1 or > 125)
            {
                e.Add($"{k}:leverage must be between 1 and 125, was {v.Leverage}");
            }

            if (v.MarginType is not ("isolated" or "cross"))
            {
                e.Add($"{k}:margin_type must be isolated or cross, was '{v.MarginType}'");
            }

            if (v.PositionMode is not ("hedge" or "one_way"))
            {
                e.Add($"{k}:position_mode must be hedge or one_way, was '{v.PositionMode}'");
            }

            CheckRoute(e, $"{k}:routing:rest", v.Routing.Rest, "http", "https");
            CheckRoute(e, $"{k}:routing:ws", v.Routing.Ws, "ws", "wss");
        }

        var arb = s.Derivatives.Arbitrage;
        if (arb.Pairs.Count == 0)
        {
            e.Add("derivatives:arbitrage:pairs must list at least one pair, was empty");
        }

        for (var i = 0; i < arb.Pairs.Count; i++)
        {
            var p = arb.Pairs[i];
            CheckLeg(e, s, $"derivatives:arbitrage:pairs:{i}:long", p.Long);
            CheckLeg(e, s, $"derivatives:arbitrage:pairs:{i}:short", p.Short);
            if (p.Long.Venue == p.Short.Venue && p.Long.Venue.Length > 0)
            {
                e.Add($"derivatives:arbitrage:pairs:{i}:short:venue must differ from the long venue, was '{p.Short.Venue}'");
            }
        }

        Range(e, "derivatives:arbitrage:min_edge_bps", arb.MinEdgeBps, 0m, 1000m);
        Range(e, "derivatives:arbitrage:max_latency_ms", arb.MaxLatencyMs, 1m, 60_000m);
        Range(e, "derivatives:arbitrage:max_leg_slippage_bps", arb.MaxLegSlippageBps, 0m, 500m);
        Range(e, "derivatives:arbitrage:latency_buffer_bps", arb.LatencyBufferBps, 0m, 500m);
        if (arb.PartialFillPolicy is not ("reject_if_unhedged" or "hedge_remaining"))
        {
            e.Add($"derivatives:arbitrage:partial_fill_policy must be reject_if_unhedged or hedge_remaining, was '{arb.PartialFillPolicy}'");
        }

        var fees = s.Derivatives.Fees;
        if (fees.Source is not ("auto" or "manual"))
        {
            e.Add($"derivatives:fees:source must be auto or manual, was '{fees.Source}'");
        }

        foreach (var (venue, fee) in fees.Manual)
        {
            Range(e, $"derivatives:fees:manual:{venue}:maker_bps", fee.MakerBps, -100m, 100m);
            Range(e, $"derivatives:fees:manual:{venue}:taker_bps", fee.TakerBps, 0m, 100m);
        }

        if (fees.Source == "manual")
        {
            foreach (var v in venues.Where(v => !fees.Manual.ContainsKey(v.Id)))
            {
                e.Add($"derivatives:fees:manual:{v.Id} must be set when derivatives:fees:source is manual");
            }
        }

        Range(e, "derivatives:funding:avoid_window_minutes", s.Derivatives.Funding.AvoidWindowMinutes, 0m, 480m);

        var caps = s.Risk.NotionalCaps;
        Positive(e, "risk:notional_caps:per_symbol_usd", caps.PerSymbolUsd);
        Positive(e, "risk:notional_caps:per_venue_usd", caps.PerVenueUsd);
        Positive(e, "risk:notional_caps:total_usd", caps.TotalUsd);
        Positive(e, "risk:cross_venue_delta_abs_max_usd", s.Risk.CrossVenueDeltaAbsMaxUsd);
        if (caps.PerSymbolUsd > 0m && caps.PerVenueUsd > 0m && caps.PerSymbolUsd > caps.PerVenueUsd)
        {
            e.Add($"risk:notional_caps:per_symbol_usd must be <= risk:notional_caps:per_venue_usd ({Inv(caps.PerVenueUsd)}), was {Inv(caps.PerSymbolUsd)}");
        }

        if (caps.PerVenueUsd > 0m && caps.TotalUsd > 0m && caps.PerVenueUsd > caps.TotalUsd)
        {
            e.Add($"risk:notional_caps:per_venue_usd must be <= risk:notional_caps:total_usd ({Inv(caps.TotalUsd)}), was {Inv(caps.PerVenueUsd)}");
        }

        var g = s.Guards;
        Range(e, "guards:clock_skew_guard_ms", g.ClockSkewGuardMs, 1m, 60_000m);
        Range(e, "guards:feed_stale_ms", g.FeedStaleMs, 1m, 600_000m);
        Range(e, "guards:runaway_breaker:place_per_min", g.RunawayBreaker.PlacePerMin, 1m, 100_000m);
        Range(e, "guards:runaway_breaker:cancel_per_min", g.RunawayBreaker.CancelPerMin, 1m, 100_000m);

        CheckTokens(e, "auth:operator_tokens", s.Auth.OperatorTokens);
        CheckTokens(e, "auth:read_only_tokens", s.Auth.ReadOnlyTokens);
        Range(e, "live:approval_window_minutes", s.Live.ApprovalWindowMinutes, 1m, 1440m);
        Range(e, "live:required_approvals", s.Live.RequiredApprovals, 2m, 10m);
        return e;
    }

    /// <summary>
    /// Values the binder cannot convert (e.g. <c>leverage: ten</c>) are named here, before binding, because the binder
    /// silently drops list elements it cannot convert.
    /// </summary>
    public static List<string> RawErrors(IConfiguration configuration)
    {
        var e = new List<string>();
        var venues = configuration.GetSection("derivatives:venues").GetChildren().ToList();
        foreach (var v in venues)
        {
            Int(e, configuration, $"derivatives:venues:{v.Key}:leverage");
        }

        foreach (var key in new[]
        {
            "derivatives:arbitrage:min_edge_bps", "derivatives:arbitrage:max_leg_slippage_bps", "derivatives:arbitrage:latency_buffer_bps",
            "risk:notional_caps:per_symbol_usd", "risk:notional_caps:per_venue_usd", "risk:notional_caps:total_usd", "risk:cross_venue_delta_abs_max_usd",
        })
        {
            Dec(e, configuration, key);
        }

        foreach (var key in new[]
        {
            "derivatives:arbitrage:max_latency_ms", "derivatives:funding:avoid_window_minutes", "guards:clock_skew_guard_ms", "guards:feed_stale_ms",
            "guards:runaway_breaker:place_per_min", "guards:runaway_breaker:cancel_per_min", "live:approval_window_minutes", "live:required_approvals", "emulator:seed",
        })
        {
            Int(e, configuration, key);
        }

        foreach (var key in new[] { "derivatives:arbitrage:prefer_maker", "derivatives:arbitrage:post_only_maker", "derivatives:funding:include_next_window", "guards:cancel_on_disconnect", "guards:snapshot_diff_check", "auth:open_on_loopback" })
        {
            if (configuration[key] is { } raw && !bool.TryParse(raw, out _))
            {
                e.Add($"{key} must be true or false, was '{raw}'");
            }
        }

        return e;
    }

    private static void Int(List<string> e, IConfiguration c, string key)
    {
        if (c[key] is { } raw && !int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            e.Add($"{key} must be an integer, was '{raw}'");
        }
    }

    private static void Dec(List<string> e, IConfiguration c, string key)
    {
        if (c[key] is { } raw && !decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            e.Add($"{key} must be a number, was '{raw}'");
        }
    }

    private static void CheckLeg(List<string> e, HostSettings s, string key, LegSettings leg)
    {
        var venue = s.FindVenue(leg.Venue);
        if (venue is null)
        {
            e.Add($"{key}:venue must be one of the configured derivatives:venues ids, was '{leg.Venue}'");
        }
        else if (!venue.Symbols.Contains(leg.Symbol, StringComparer.Ordinal))
        {
            e.Add($"{key}:symbol must be one of {leg.Venue}'s symbols ({string.Join(", ", venue.Symbols)}), was '{leg.Symbol}'");
        }
    }

    private static void CheckRoute(List<string> e, string key, string value, string scheme, string secureScheme)
    {
        if (value is "emulator")
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != scheme && uri.Scheme != secureScheme))
        {
            e.Add($"{key} must be an absolute {secureScheme}:// URL or 'emulator', was '{value}'");
        }
    }

    private static void CheckTokens(List<string> e, string key, List<TokenSettings> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tokens[i].Name))
            {
                e.Add($"{key}:{i}:name must be set");
            }

            if (tokens[i].Token.Length < 16)
            {
                e.Add($"{key}:{i}:token must be at least 16 characters (value not shown)");
            }
        }
    }

    private static void Positive(List<string> e, string key, decimal value)
    {
        if (value <= 0m)
        {
            e.Add($"{key} must be > 0, was {Inv(value)}");
        }
    }

    private static void Range(List<string> e, string key, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
        {
            e.Add($"{key} must be between {Inv(min)} and {Inv(max)}, was {Inv(value)}");
        }
    }

    private static string Inv(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
