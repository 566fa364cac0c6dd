using System.Globalization;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>
/// Tracks each venue's maintenance-margin ratio (<see cref="AccountMargin.MaintenanceMarginRatio"/>). Above
/// <see cref="MarginHeadroomOptions.MaxMaintenanceMarginRatio"/> the venue has no headroom: a condition keeps trading
/// in Reducing (no new opens) until the ratio is back within the limit. Thread-safe.
/// </summary>
public sealed class MarginHeadroomMonitor
{
    private readonly Lock gate = new();
    private readonly Dictionary<VenueId, decimal> ratios = [];
    private readonly decimal maxRatio;
    private readonly ITradingStateController state;
    private readonly RiskEvents events;
    private readonly TimeProvider time;
    private long sequence;

    /// <summary>Creates a monitor.</summary>
    public MarginHeadroomMonitor(IOptions<RiskOptions> options, ITradingStateController state, RiskEvents events, TimeProvider? timeProvider = null)
    {
        maxRatio = options.Value.MarginHeadroom.MaxMaintenanceMarginRatio;
        this.state = state;
        this.events = events;
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Largest maintenance-margin ratio that still allows opens.</summary>
    public decimal MaxMaintenanceMarginRatio => maxRatio;

    /// <summary>Records a venue's account margin; sets or clears the venue's margin condition.</summary>
    /// <returns>True when the venue has headroom.</returns>
    public bool Update(AccountMargin margin)
    {
        ArgumentNullException.ThrowIfNull(margin);
        var ratio = margin.MaintenanceMarginRatio;
        lock (gate)
        {
            ratios[margin.Venue] = ratio;
        }

        var key = ConditionKey(margin.Venue);
        if (ratio > maxRatio)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"maintenance margin ratio of {margin.Venue} exceeds {maxRatio} (1 - risk:margin_headroom:buffer), was {decimal.Round(ratio, 6)}");
            var wasActive = state.IsConditionActive(key);
            state.SetCondition(key, TradingState.Reducing, RiskDenialCodes.MarginHeadroom, message, RiskActors.MarginHeadroom);
            if (!wasActive)
            {
                var now = time.GetUtcNow();
                events.Raise(new RiskIncident
                {
                    Id = RiskIds.Incident(now, Interlocked.Increment(ref sequence), "mm"),
                    Time = now,
                    Kind = RiskIncidentKinds.MarginHeadroom,
                    Message = "Margin stress: " + message,
                    Actor = RiskActors.MarginHeadroom,
                    Details = new Dictionary<string, string>
                    {
                        ["venue"] = margin.Venue.Value,
                        ["maintenance_margin_ratio"] = ratio.ToString(CultureInfo.InvariantCulture),
                        ["max_ratio"] = maxRatio.ToString(CultureInfo.InvariantCulture),
                    },
                });
            }

            return false;
        }

        state.ClearCondition(key, string.Create(CultureInfo.InvariantCulture, $"maintenance margin ratio of {margin.Venue} back within {maxRatio}, was {decimal.Round(ratio, 6)}"), RiskActors.MarginHeadroom);
        return true;
    }

    /// <summary>Whether a venue has headroom (true when no reading yet).</summary>
    public bool HasHeadroom(VenueId venue) => !TryGetRatio(venue, out var ratio) || ratio <= maxRatio;

    /// <summary>Last maintenance-margin ratio of a venue.</summary>
    public bool TryGetRatio(VenueId venue, out decimal ratio)
    {
        lock (gate)
        {
            return ratios.TryGetValue(venue, out ratio);
        }
    }

    /// <summary>Condition key used with <see cref="ITradingStateController.SetCondition"/> for a venue.</summary>
    public static string ConditionKey(VenueId venue) => "margin:" + venue.Value;
}
