using System.Globalization;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;
using PropBot.Risk;

namespace PropBot.Arbitrage;

/// <summary>
/// Adapts PropBot.Risk: trading state and breaker gate every entry; <see cref="IRiskGate"/> checks the entry and each
/// entry order with the preflight's market conditions; headroom comes from the notional caps and the
/// <see cref="ExposureBook"/>; fills go to the exposure book; places, cancels, rescues and fill mismatches feed the
/// runaway breaker; an incident raises a <see cref="RiskIncident"/> and escalates trading to Halted.
/// </summary>
internal sealed class RiskGatePort(
    IRiskGate gate,
    ITradingStateController state,
    IRunawayBreaker? breaker,
    ExposureBook? exposure,
    RiskEvents? events,
    IOptions<RiskOptions>? options,
    TimeProvider time) : IArbitrageRiskPort
{
    public const string Actor = "arbitrage.engine";
    public const string RescueIncidentKind = "EXECUTION_RESCUE";
    public const string ExecutionIncidentKind = "EXECUTION_INCIDENT";
    private long _sequence;

    public RiskVerdict CheckTradingAllowed()
    {
        if (state.State == TradingState.Halted)
        {
            return RiskVerdict.Deny(breaker?.IsTripped == true ? RiskDenialCodes.BreakerTripped : RiskDenialCodes.Halted, state.LastChange?.Reason);
        }

        if (state.State == TradingState.Reducing)
        {
            return RiskVerdict.Deny(RiskDenialCodes.Reducing, state.LastChange?.Reason);
        }

        return breaker?.IsTripped == true ? RiskVerdict.Deny(RiskDenialCodes.BreakerTripped, "runaway breaker tripped") : RiskVerdict.Allow;
    }

    public decimal? HeadroomQuantity(ArbPair pair, decimal longPrice, decimal shortPrice)
    {
        if (options?.Value is not { } o || longPrice <= 0m || shortPrice <= 0m)
        {
            return null;
        }

        var caps = o.NotionalCaps;
        var perOrder = caps.PerOrderUsd ?? caps.PerSymbolUsd;
        var q = Math.Min(perOrder / longPrice, perOrder / shortPrice);
        if (exposure is not null)
        {
            q = Math.Min(q, (caps.PerSymbolUsd - exposure.SymbolNotionalUsd(pair.Long)) / longPrice);
            q = Math.Min(q, (caps.PerSymbolUsd - exposure.SymbolNotionalUsd(pair.Short)) / shortPrice);
            q = Math.Min(q, (caps.PerVenueUsd - exposure.VenueNotionalUsd(pair.Long.Venue)) / longPrice);
            q = Math.Min(q, (caps.PerVenueUsd - exposure.VenueNotionalUsd(pair.Short.Venue)) / shortPrice);
            q = Math.Min(q, (caps.TotalUsd - exposure.TotalNotionalUsd()) / (longPrice + shortPrice));
        }

        return Math.Max(0m, q);
    }

    public RiskVerdict CheckEntry(ExecutionPlan plan, LegMarket longLeg, LegMarket shortLeg, DateTimeOffset now)
    {
        var intent = new EntryIntent { First = Leg(plan.Pair.Long, longLeg, OrderSide.Buy, plan.Quantity, plan.Edge.LongPrice, false), Second = Leg(plan.Pair.Short, shortLeg, OrderSide.Sell, plan.Quantity, plan.Edge.ShortPrice, false) };
        var market = new MarketConditions { Now = now, First = Conditions(longLeg), Second = Conditions(shortLeg) };
        return ToVerdict(gate.CheckEntry(intent, market));
    }

    public RiskVerdict CheckOrder(OrderRequest order, LegSpec spec, LegMarket? market, DateTimeOffset now)
    {
        var leg = Leg(spec.Instrument, market, order.Side, order.Quantity, spec.ExpectedPrice, order.ReduceOnly);
        var conditions = market is null ? default : Conditions(market);
        return ToVerdict(gate.CheckOrder(new OrderIntent { Leg = leg, Purpose = order.Purpose }, new MarketConditions { Now = now, First = conditions }));
    }

    public void OnOrderSent(VenueId venue, OrderRequest order) => breaker?.RecordPlace();

    public void OnCancel(VenueId venue) => breaker?.RecordCancel();

    public void OnLegOutcome(bool mismatch) => breaker?.RecordFillOutcome(mismatch);

    public void OnFill(LegFill fill, UnifiedSymbol? underlying)
    {
        if (exposure is null || underlying is not { } u || fill.FilledQuantity <= 0m)
        {
            return;
        }

        exposure.ApplyFill(new Fill
        {
            Instrument = fill.Instrument,
            ClientOrderId = fill.ClientOrderId,
            TradeId = fill.VenueOrderId?.Value ?? fill.ClientOrderId.Value,
            Side = fill.Side,
            Price = fill.AveragePrice ?? 0m,
            Quantity = fill.FilledQuantity,
            Fee = fill.Fee,
            IsMaker = fill.IsMaker,
            Time = fill.CompletedTime,
        }, u);
    }

    public void OnRescue(string executionId, ArbPair pair, string reasonCode, decimal unmatchedQuantity)
    {
        breaker?.RecordRescue();
        events?.Raise(Incident(RescueIncidentKind, $"rescue of {executionId} on {pair}: {reasonCode}", executionId, reasonCode,
            ("unmatched_quantity", Quantizer.ToWire(unmatchedQuantity))));
    }

    public void OnIncident(string executionId, ArbPair pair, string reasonCode, string detail)
    {
        events?.Raise(Incident(ExecutionIncidentKind, $"execution {executionId} on {pair}: {detail}", executionId, reasonCode));
        state.Escalate(TradingState.Halted, reasonCode, $"execution {executionId}: {detail}", Actor);
    }

    private RiskIncident Incident(string kind, string message, string executionId, string reasonCode, params (string Key, string Value)[] extra)
    {
        var now = time.GetUtcNow();
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["execution_id"] = executionId, ["reason_code"] = reasonCode };
        foreach (var (k, v) in extra)
        {
            details[k] = v;
        }

        return new RiskIncident
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"arb{now.UtcDateTime:yyyyMMddHHmmss}{Interlocked.Increment(ref _sequence) % 100000:D5}"),
            Time = now,
            Kind = kind,
            Message = message,
            Actor = Actor,
            Details = details,
        };
    }

    private static RiskLeg Leg(InstrumentId instrument, LegMarket? market, OrderSide side, decimal quantity, decimal price, bool reduceOnly) => new()
    {
        Instrument = instrument,
        Underlying = market?.Underlying ?? default,
        Side = side,
        Quantity = quantity,
        Price = price,
        ReduceOnly = reduceOnly,
    };

    private static LegConditions Conditions(LegMarket leg)
    {
        var book = leg.Book is { Success: true } b ? b.Data : null;
        var feed = leg.FeedTop;
        return new LegConditions
        {
            BookVenueTime = feed?.VenueTime ?? book?.VenueTime ?? default,
            BookReceiveTime = feed?.ReceiveTime ?? book?.ReceiveTime ?? default,
            NextFundingTime = leg.Funding is { Success: true } f ? f.Data.NextFundingTime : null,
            ClockSkew = leg.ServerTime is { Success: true } st ? st.Data.Offset.Duration() : leg.Client.Clock.Skew,
            ClockSynchronized = leg.ServerTime is { Success: true } || leg.Client.Clock.LastSync is not null,
            Connected = leg.Ping is { Success: true },
        };
    }

    private static RiskVerdict ToVerdict(RiskDecision decision) =>
        decision.IsApproved ? RiskVerdict.Allow : RiskVerdict.Deny(decision.Denial.Code, decision.Denial.Message);
}
