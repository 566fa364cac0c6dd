using System.Globalization;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>
/// Validates <see cref="RiskOptions"/> at start: bounds of every key and the cross-field rules (per order ≤ per symbol
/// ≤ per venue ≤ total; delta limit &gt; 0; heartbeat ≤ half the dead-man timeout). Messages name the full key,
/// e.g. <c>risk:notional_caps:per_symbol_usd must be &gt; 0, was -1</c>; all failures are reported together.
/// </summary>
internal sealed class RiskOptionsValidator : IValidateOptions<RiskOptions>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public ValidateOptionsResult Validate(string? name, RiskOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(RiskOptions o)
    {
        var e = new List<string>();
        var caps = o.NotionalCaps ?? new NotionalCapsOptions();
        var g = o.Guards ?? new GuardsOptions();
        var b = g.RunawayBreaker ?? new RunawayBreakerOptions();
        var f = o.Funding ?? new FundingGuardOptions();
        var m = o.MarginHeadroom ?? new MarginHeadroomOptions();

        if (caps.PerOrderUsd is { } perOrder)
        {
            Positive(e, "risk:notional_caps:per_order_usd", perOrder);
        }

        Positive(e, "risk:notional_caps:per_symbol_usd", caps.PerSymbolUsd);
        Positive(e, "risk:notional_caps:per_venue_usd", caps.PerVenueUsd);
        Positive(e, "risk:notional_caps:total_usd", caps.TotalUsd);
        if (caps.PerOrderUsd is { } po && po > caps.PerSymbolUsd && caps.PerSymbolUsd > 0m)
        {
            e.Add(string.Create(Inv, $"risk:notional_caps:per_order_usd must be <= risk:notional_caps:per_symbol_usd ({caps.PerSymbolUsd}), was {po}"));
        }

        if (caps.PerSymbolUsd > caps.PerVenueUsd && caps.PerVenueUsd > 0m)
        {
            e.Add(string.Create(Inv, $"risk:notional_caps:per_symbol_usd must be <= risk:notional_caps:per_venue_usd ({caps.PerVenueUsd}), was {caps.PerSymbolUsd}"));
        }

        if (caps.PerVenueUsd > caps.TotalUsd && caps.TotalUsd > 0m)
        {
            e.Add(string.Create(Inv, $"risk:notional_caps:per_venue_usd must be <= risk:notional_caps:total_usd ({caps.TotalUsd}), was {caps.PerVenueUsd}"));
        }

        Positive(e, "risk:cross_venue_delta_abs_max_usd", o.CrossVenueDeltaAbsMaxUsd);
        Range(e, "risk:delta_breach_grace_ms", o.DeltaBreachGraceMs, 0, 600_000);
        if (m.Buffer < 0m || m.Buffer >= 1m)
        {
            e.Add(string.Create(Inv, $"risk:margin_headroom:buffer must be >= 0 and < 1, was {m.Buffer}"));
        }

        Range(e, "guards:clock_skew_guard_ms", g.ClockSkewGuardMs, 1, 60_000);
        if (g.SnapshotDiffToleranceUsd < 0m)
        {
            e.Add(string.Create(Inv, $"guards:snapshot_diff_tolerance_usd must be >= 0, was {g.SnapshotDiffToleranceUsd}"));
        }

        Range(e, "guards:snapshot_diff_grace_ms", g.SnapshotDiffGraceMs, 0, 600_000);
        if (g.PositionPollIntervalMs != 0)
        {
            Range(e, "guards:position_poll_interval_ms", g.PositionPollIntervalMs, 100, 600_000);
        }

        Range(e, "guards:max_book_age_ms", g.MaxBookAgeMs, 1, 600_000);
        Range(e, "guards:max_cross_venue_skew_ms", g.MaxCrossVenueSkewMs, 1, 600_000);
        Range(e, "guards:max_feed_age_ms", g.MaxFeedAgeMs, 1, 600_000);
        Range(e, "guards:dead_man_timeout_ms", g.DeadManTimeoutMs, RiskConstants.MinDeadManTimeoutMs, RiskConstants.MaxDeadManTimeoutMs);
        Range(e, "guards:heartbeat_interval_ms", g.HeartbeatIntervalMs, 100, RiskConstants.MaxDeadManTimeoutMs);
        if (g.HeartbeatIntervalMs > 0 && g.HeartbeatIntervalMs * 2L > g.DeadManTimeoutMs)
        {
            e.Add(string.Create(Inv, $"guards:heartbeat_interval_ms must be <= half of guards:dead_man_timeout_ms ({g.DeadManTimeoutMs}), was {g.HeartbeatIntervalMs}"));
        }

        Range(e, "guards:runaway_breaker:place_per_min", b.PlacePerMin, 1, 100_000);
        Range(e, "guards:runaway_breaker:cancel_per_min", b.CancelPerMin, 1, 100_000);
        Range(e, "guards:runaway_breaker:rescues_per_min", b.RescuesPerMin, 1, 100_000);
        if (b.MaxFillMismatchRatio <= 0m || b.MaxFillMismatchRatio > 1m)
        {
            e.Add(string.Create(Inv, $"guards:runaway_breaker:max_fill_mismatch_ratio must be > 0 and <= 1, was {b.MaxFillMismatchRatio}"));
        }

        Range(e, "guards:runaway_breaker:min_fill_samples", b.MinFillSamples, 1, 100_000);
        Range(e, "derivatives:funding:avoid_window_minutes", f.AvoidWindowMinutes, 0, 24 * 60);

        for (var i = 0; i < o.Venues.Count; i++)
        {
            var v = o.Venues[i];
            if (!VenueId.IsValid(v.Id))
            {
                e.Add($"derivatives:venues:{i}:id must be 1-32 lower-case letters, digits or underscores, was '{v.Id}'");
            }
        }

        return e;
    }

    private static void Positive(List<string> e, string key, decimal value)
    {
        if (value <= 0m)
        {
            e.Add(string.Create(Inv, $"{key} must be > 0, was {value}"));
        }
    }

    private static void Range(List<string> e, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            e.Add(string.Create(Inv, $"{key} must be between {min} and {max}, was {value}"));
        }
    }
}
