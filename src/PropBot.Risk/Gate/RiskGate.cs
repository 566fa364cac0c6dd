using System.Globalization;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>
/// Default <see cref="IRiskGate"/>. Checks in a fixed order and returns the first denial: trading state and breaker,
/// intent shape, connectivity, clock skew, stale book, cross-venue book skew, funding window, margin headroom, then the
/// post-trade caps (order, symbol, venue, total) and delta. A cap or the delta limit denies only when the post-trade
/// value is beyond the limit <b>and</b> worse than before, so a reducing trade always passes. Every denial is counted on
/// <c>propbot.risk.denials</c>. No allocation when approving.
/// </summary>
public sealed class RiskGate : IRiskGate
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly RiskOptions options;
    private readonly ExposureBook book;
    private readonly ITradingStateController state;
    private readonly IRunawayBreaker breaker;
    private readonly MarginHeadroomMonitor margin;
    private readonly RiskMetrics? metrics;
    private readonly TimeSpan maxBookAge;
    private readonly TimeSpan maxSkew;
    private readonly TimeSpan maxClockSkew;
    private readonly TimeSpan fundingWindow;
    private readonly decimal perOrder;

    /// <summary>Creates a gate.</summary>
    public RiskGate(IOptions<RiskOptions> options, ExposureBook book, ITradingStateController state, IRunawayBreaker breaker, MarginHeadroomMonitor margin)
        : this(options, book, state, breaker, margin, null)
    {
    }

    internal RiskGate(IOptions<RiskOptions> options, ExposureBook book, ITradingStateController state, IRunawayBreaker breaker, MarginHeadroomMonitor margin, RiskMetrics? metrics)
    {
        this.options = options.Value;
        this.book = book;
        this.state = state;
        this.breaker = breaker;
        this.margin = margin;
        this.metrics = metrics;
        var g = this.options.Guards;
        maxBookAge = TimeSpan.FromMilliseconds(g.MaxBookAgeMs);
        maxSkew = TimeSpan.FromMilliseconds(g.MaxCrossVenueSkewMs);
        maxClockSkew = TimeSpan.FromMilliseconds(g.ClockSkewGuardMs);
        fundingWindow = TimeSpan.FromMinutes(this.options.Funding.AvoidWindowMinutes);
        perOrder = this.options.NotionalCaps.PerOrderUsd ?? this.options.NotionalCaps.PerSymbolUsd;
    }

    /// <inheritdoc />
    public RiskDecision CheckEntry(in EntryIntent intent, in MarketConditions market)
    {
        var reduceOnly = intent.IsReduceOnly;
        var decision = CheckState(reduceOnly, flatten: false);
        if (decision.IsApproved)
        {
            decision = CheckShape(intent.First);
        }

        if (decision.IsApproved)
        {
            decision = CheckShape(intent.Second);
        }

        if (decision.IsApproved)
        {
            decision = CheckLegGuards(intent.First, market.First, market.Now, reduceOnly);
        }

        if (decision.IsApproved)
        {
            decision = CheckLegGuards(intent.Second, market.Second, market.Now, reduceOnly);
        }

        if (decision.IsApproved)
        {
            var skew = (market.First.BookVenueTime - market.Second.BookVenueTime).Duration();
            if (skew > maxSkew)
            {
                decision = RiskDecision.Deny(RiskDenialCodes.BookSkew, string.Create(Inv,
                    $"books of {intent.First.Instrument} and {intent.Second.Instrument} are further apart than guards:max_cross_venue_skew_ms {options.Guards.MaxCrossVenueSkewMs} ms, was {skew.TotalMilliseconds:0.###} ms"));
            }
        }

        if (decision.IsApproved)
        {
            decision = CheckExposure(intent.First, true, intent.Second, checkDelta: true);
        }

        return Count(decision);
    }

    /// <inheritdoc />
    public RiskDecision CheckOrder(in OrderIntent order, in MarketConditions market)
    {
        var leg = order.Leg;
        var decision = CheckState(leg.ReduceOnly, flatten: leg.ReduceOnly && order.Purpose.IsRiskReducing());
        if (decision.IsApproved)
        {
            decision = CheckShape(leg);
        }

        if (decision.IsApproved && !leg.ReduceOnly)
        {
            decision = CheckLegGuards(leg, market.First, market.Now, reduceOnly: false);
            if (decision.IsApproved)
            {
                decision = CheckExposure(leg, false, leg, checkDelta: false);
            }
        }

        return Count(decision);
    }

    private RiskDecision Count(RiskDecision decision)
    {
        if (!decision.IsApproved)
        {
            metrics?.Denied(decision.Denial.Code);
        }

        return decision;
    }

    private RiskDecision CheckState(bool reduceOnly, bool flatten)
    {
        var current = state.State;
        if (current == TradingState.Halted)
        {
            if (flatten)
            {
                return RiskDecision.Approved;
            }

            var code = breaker.IsTripped ? RiskDenialCodes.BreakerTripped : RiskDenialCodes.Halted;
            return RiskDecision.Deny(code, $"trading is Halted (HOLD): only flatten (reduce-only hedge-out, flatten, repair) and cancel pass until a manual reset; {Describe(state.LastChange)}");
        }

        if (current == TradingState.Reducing && !reduceOnly)
        {
            var last = state.LastChange;
            var code = last is not null && last.Code is RiskDenialCodes.DeltaLimit or RiskDenialCodes.SnapshotMismatch or RiskDenialCodes.MarginHeadroom
                ? last.Code
                : RiskDenialCodes.Reducing;
            return RiskDecision.Deny(code, $"trading is Reducing: only reduce-only orders pass; {Describe(last)}");
        }

        return RiskDecision.Approved;
    }

    private static string Describe(TradingStateChanged? change) =>
        change is null ? "no recorded change" : $"since {change.Time:O} by {change.Actor} ({change.Code}): {change.Reason}";

    private static RiskDecision CheckShape(in RiskLeg leg)
    {
        if (leg.Instrument.Symbol is null || leg.Instrument.Venue.Value is null || leg.Underlying.BaseAsset is null)
        {
            return RiskDecision.Deny(RiskDenialCodes.InvalidIntent, "leg must name an instrument and an underlying, was empty");
        }

        if (leg.Quantity <= 0m)
        {
            return RiskDecision.Deny(RiskDenialCodes.InvalidIntent, string.Create(Inv, $"quantity of {leg.Instrument} must be > 0, was {leg.Quantity}"));
        }

        if (leg.Price <= 0m)
        {
            return RiskDecision.Deny(RiskDenialCodes.InvalidIntent, string.Create(Inv, $"price of {leg.Instrument} must be > 0, was {leg.Price}"));
        }

        return RiskDecision.Approved;
    }

    private RiskDecision CheckLegGuards(in RiskLeg leg, in LegConditions c, DateTimeOffset now, bool reduceOnly)
    {
        var venue = leg.Instrument.Venue;
        if (!c.Connected)
        {
            return RiskDecision.Deny(RiskDenialCodes.VenueDisconnected, $"{venue} must be connected, was disconnected");
        }

        if (!c.ClockSynchronized)
        {
            return RiskDecision.Deny(RiskDenialCodes.ClockSkew, $"clock of {venue} must be synchronised, was never synchronised");
        }

        if (c.ClockSkew > maxClockSkew)
        {
            return RiskDecision.Deny(RiskDenialCodes.ClockSkew, string.Create(Inv,
                $"clock skew of {venue} must be <= guards:clock_skew_guard_ms {options.Guards.ClockSkewGuardMs} ms, was {c.ClockSkew.TotalMilliseconds:0.###} ms"));
        }

        var age = now - c.BookReceiveTime;
        if (age > maxBookAge)
        {
            return RiskDecision.Deny(RiskDenialCodes.StaleBook, string.Create(Inv,
                $"book of {leg.Instrument} must be <= guards:max_book_age_ms {options.Guards.MaxBookAgeMs} ms old, was {age.TotalMilliseconds:0.###} ms"));
        }

        if (reduceOnly)
        {
            return RiskDecision.Approved;
        }

        if (c.NextFundingTime is { } funding)
        {
            var until = funding - now;
            if (until >= TimeSpan.Zero && until < fundingWindow)
            {
                return RiskDecision.Deny(RiskDenialCodes.FundingWindow, string.Create(Inv,
                    $"no opens within derivatives:funding:avoid_window_minutes {options.Funding.AvoidWindowMinutes} min before funding of {leg.Instrument} at {funding:O}, was {until.TotalSeconds:0.###} s before"));
            }
        }

        if (!margin.HasHeadroom(venue))
        {
            margin.TryGetRatio(venue, out var ratio);
            return RiskDecision.Deny(RiskDenialCodes.MarginHeadroom, string.Create(Inv,
                $"maintenance margin ratio of {venue} must be <= {margin.MaxMaintenanceMarginRatio} (1 - risk:margin_headroom:buffer), was {decimal.Round(ratio, 6)}"));
        }

        return RiskDecision.Approved;
    }

    private RiskDecision CheckExposure(in RiskLeg a, bool hasB, in RiskLeg b, bool checkDelta)
    {
        var caps = options.NotionalCaps;
        if (!a.ReduceOnly && a.Notional > perOrder)
        {
            return DenyOrder(a);
        }

        if (hasB && !b.ReduceOnly && b.Notional > perOrder)
        {
            return DenyOrder(b);
        }

        var p = book.EvaluatePostTrade(a, hasB, b);
        if (Worse(p.SymbolA0, p.SymbolA1, caps.PerSymbolUsd))
        {
            return DenyCap(RiskDenialCodes.CapSymbol, "risk:notional_caps:per_symbol_usd", caps.PerSymbolUsd, a.Instrument.ToString(), p.SymbolA1);
        }

        if (hasB && !p.SameInstrument && Worse(p.SymbolB0, p.SymbolB1, caps.PerSymbolUsd))
        {
            return DenyCap(RiskDenialCodes.CapSymbol, "risk:notional_caps:per_symbol_usd", caps.PerSymbolUsd, b.Instrument.ToString(), p.SymbolB1);
        }

        if (Worse(p.VenueA0, p.VenueA1, caps.PerVenueUsd))
        {
            return DenyCap(RiskDenialCodes.CapVenue, "risk:notional_caps:per_venue_usd", caps.PerVenueUsd, a.Instrument.Venue.ToString(), p.VenueA1);
        }

        if (hasB && Worse(p.VenueB0, p.VenueB1, caps.PerVenueUsd))
        {
            return DenyCap(RiskDenialCodes.CapVenue, "risk:notional_caps:per_venue_usd", caps.PerVenueUsd, b.Instrument.Venue.ToString(), p.VenueB1);
        }

        if (Worse(p.Total0, p.Total1, caps.TotalUsd))
        {
            return DenyCap(RiskDenialCodes.CapTotal, "risk:notional_caps:total_usd", caps.TotalUsd, "all venues", p.Total1);
        }

        if (!checkDelta)
        {
            return RiskDecision.Approved;
        }

        var limit = options.CrossVenueDeltaAbsMaxUsd;
        if (Worse(Math.Abs(p.DeltaA0), Math.Abs(p.DeltaA1), limit))
        {
            return DenyDelta(a.Underlying, limit, p.DeltaA1);
        }

        if (hasB && b.Underlying != a.Underlying && Worse(Math.Abs(p.DeltaB0), Math.Abs(p.DeltaB1), limit))
        {
            return DenyDelta(b.Underlying, limit, p.DeltaB1);
        }

        return RiskDecision.Approved;
    }

    /// <summary>Beyond the limit after the trade and worse than before it.</summary>
    private static bool Worse(decimal before, decimal after, decimal limit) => after > limit && after > before;

    private RiskDecision DenyOrder(in RiskLeg leg) => RiskDecision.Deny(RiskDenialCodes.CapOrder, string.Create(Inv,
        $"order notional of {leg.Instrument} must be <= {(options.NotionalCaps.PerOrderUsd is null ? "risk:notional_caps:per_symbol_usd" : "risk:notional_caps:per_order_usd")} {perOrder} USD, was {decimal.Round(leg.Notional, 2)} USD"));

    private static RiskDecision DenyCap(string code, string key, decimal cap, string scope, decimal post) => RiskDecision.Deny(code, string.Create(Inv,
        $"post-trade notional of {scope} must be <= {key} {cap} USD, was {decimal.Round(post, 2)} USD"));

    private static RiskDecision DenyDelta(UnifiedSymbol underlying, decimal limit, decimal post) => RiskDecision.Deny(RiskDenialCodes.DeltaLimit, string.Create(Inv,
        $"post-trade cross-venue delta of {underlying} must be within ±risk:cross_venue_delta_abs_max_usd {limit} USD, was {decimal.Round(post, 2)} USD"));
}
