using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>A risk answer: allowed, or denied with a stable SCREAMING_SNAKE code.</summary>
internal readonly record struct RiskVerdict(bool Allowed, string? Code, string? Detail)
{
    public static readonly RiskVerdict Allow = new(true, null, null);

    public static RiskVerdict Deny(string code, string? detail = null) => new(false, code, detail);
}

/// <summary>
/// The engine's view of risk (kill switch, caps, breakers). Adapts PropBot.Risk when it is registered; permissive
/// otherwise. Kept internal so the engine's public surface does not depend on Risk's evolving types.
/// </summary>
internal interface IArbitrageRiskPort
{
    /// <summary>Whether new entries are allowed at all (kill switch, trading state, breakers).</summary>
    RiskVerdict CheckTradingAllowed();

    /// <summary>Largest base quantity the caps allow for a new pair position at these prices (null = unlimited).</summary>
    decimal? HeadroomQuantity(ArbPair pair, decimal longPrice, decimal shortPrice);

    /// <summary>Pre-trade check of the whole entry (both legs) with the market conditions read in preflight.</summary>
    RiskVerdict CheckEntry(ExecutionPlan plan, LegMarket longLeg, LegMarket shortLeg, DateTimeOffset now);

    /// <summary>Pre-trade check of one entry order just before it is sent.</summary>
    RiskVerdict CheckOrder(OrderRequest order, LegSpec spec, LegMarket? market, DateTimeOffset now);

    /// <summary>An order was cancelled (feeds rate breakers).</summary>
    void OnCancel(VenueId venue);

    /// <summary>Leg B finished: whether its fill mismatched leg A (feeds the fill-mismatch breaker).</summary>
    void OnLegOutcome(bool mismatch);

    /// <summary>An order was sent (feeds rate breakers).</summary>
    void OnOrderSent(VenueId venue, OrderRequest order);

    /// <summary>A leg filled (feeds exposure).</summary>
    void OnFill(LegFill fill, UnifiedSymbol? underlying);

    /// <summary>A rescue was started (feeds the runaway breaker).</summary>
    void OnRescue(string executionId, ArbPair pair, string reasonCode, decimal unmatchedQuantity);

    /// <summary>An incident that requires a halt.</summary>
    void OnIncident(string executionId, ArbPair pair, string reasonCode, string detail);
}

/// <summary>Allows everything; used when no PropBot.Risk services are registered.</summary>
internal sealed class PermissiveRiskPort : IArbitrageRiskPort
{
    public static readonly PermissiveRiskPort Instance = new();

    public RiskVerdict CheckTradingAllowed() => RiskVerdict.Allow;

    public decimal? HeadroomQuantity(ArbPair pair, decimal longPrice, decimal shortPrice) => null;

    public RiskVerdict CheckEntry(ExecutionPlan plan, LegMarket longLeg, LegMarket shortLeg, DateTimeOffset now) => RiskVerdict.Allow;

    public RiskVerdict CheckOrder(OrderRequest order, LegSpec spec, LegMarket? market, DateTimeOffset now) => RiskVerdict.Allow;

    public void OnCancel(VenueId venue)
    {
    }

    public void OnLegOutcome(bool mismatch)
    {
    }

    public void OnOrderSent(VenueId venue, OrderRequest order)
    {
    }

    public void OnFill(LegFill fill, UnifiedSymbol? underlying)
    {
    }

    public void OnRescue(string executionId, ArbPair pair, string reasonCode, decimal unmatchedQuantity)
    {
    }

    public void OnIncident(string executionId, ArbPair pair, string reasonCode, string detail)
    {
    }
}
