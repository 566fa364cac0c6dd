namespace PropBot.Arbitrage;

/// <summary>
/// Net edge of opening a pair at a size, with every cost term in basis points of the long leg's notional:
/// <c>Net = Gross − EntryFees − ExitFees − Funding − Slippage − LatencyRisk − LegRisk</c>. A negative cost term is a
/// benefit (e.g. funding received). Prices are executable VWAPs from walking the books at <see cref="Quantity"/>.
/// </summary>
public readonly record struct EdgeBreakdown
{
    /// <summary>Base quantity the edge was evaluated at.</summary>
    public decimal Quantity { get; init; }

    /// <summary>VWAP paid buying <see cref="Quantity"/> on the long venue (walking its asks).</summary>
    public decimal LongPrice { get; init; }

    /// <summary>VWAP received selling <see cref="Quantity"/> on the short venue (walking its bids).</summary>
    public decimal ShortPrice { get; init; }

    /// <summary>(ShortPrice − LongPrice) / LongPrice, bps.</summary>
    public decimal GrossBps { get; init; }

    /// <summary>Entry fees of both legs (taker, or maker for a maker leg), bps.</summary>
    public decimal EntryFeesBps { get; init; }

    /// <summary>Expected exit fees of both legs (taker), bps.</summary>
    public decimal ExitFeesBps { get; init; }

    /// <summary>Expected funding paid while held (positive = cost; a positive rate means longs pay shorts), bps.</summary>
    public decimal FundingBps { get; init; }

    /// <summary>Slippage allowance, <c>max_leg_slippage_bps</c> per leg, bps.</summary>
    public decimal SlippageBps { get; init; }

    /// <summary>Latency risk: volatility over <c>max_latency_ms</c> (price drift while leg B is in flight), bps.</summary>
    public decimal LatencyRiskBps { get; init; }

    /// <summary>Leg risk: probability that leg B fails × cost of hedging leg A out, bps.</summary>
    public decimal LegRiskBps { get; init; }

    /// <summary>Net edge after all costs, bps.</summary>
    public decimal NetBps { get; init; }

    /// <summary>Probability of a leg B failure used for <see cref="LegRiskBps"/>.</summary>
    public decimal LegBFailureProbability { get; init; }

    /// <summary>Cost of hedging leg A out (entry and exit fee, spread at size, slippage), bps.</summary>
    public decimal HedgeOutCostBps { get; init; }

    /// <summary>Which direction is leg A (sent first).</summary>
    public LegDirection LegA { get; init; }

    /// <summary>Largest base quantity valid on both venues within depth, filters and risk headroom (0 when not tradable).</summary>
    public decimal TradableQuantity { get; init; }

    /// <summary>Why the pair is not tradable, or <see cref="NotTradableReason.None"/>.</summary>
    public NotTradableReason NotTradableReason { get; init; }

    /// <summary>Whether a non-zero quantity can be traded.</summary>
    public bool IsTradable => NotTradableReason == NotTradableReason.None && TradableQuantity > 0m;

    /// <summary>Long-leg notional at <see cref="Quantity"/>, quote asset.</summary>
    public decimal Notional => Quantity * LongPrice;

    /// <summary>Projected PnL of the net edge at <see cref="Quantity"/>, quote asset.</summary>
    public decimal ProjectedPnl => Notional * NetBps / 10_000m;

    /// <summary>Sum of all cost terms, bps.</summary>
    public decimal TotalCostBps => EntryFeesBps + ExitFeesBps + FundingBps + SlippageBps + LatencyRiskBps + LegRiskBps;
}

/// <summary>Why a pair cannot be traded at the requested size (stable codes via <see cref="NotTradableReasons.Code"/>).</summary>
public enum NotTradableReason
{
    /// <summary>Tradable.</summary>
    None,

    /// <summary>A book side is empty.</summary>
    NoBook,

    /// <summary>The requested quantity is zero or negative.</summary>
    NotPositive,

    /// <summary>Depth within the slippage limit is below a venue minimum.</summary>
    InsufficientDepth,

    /// <summary>Risk headroom leaves less than a venue minimum.</summary>
    RiskHeadroom,

    /// <summary>The quantity rounds below a venue minimum quantity.</summary>
    BelowMinimumQuantity,

    /// <summary>The notional is below a venue minimum notional.</summary>
    BelowMinimumNotional,

    /// <summary>The two venues' steps have no common multiple within the maximum.</summary>
    NoCommonStep,

    /// <summary>An instrument is not trading.</summary>
    NotTrading,
}

/// <summary>Stable codes of <see cref="NotTradableReason"/>.</summary>
public static class NotTradableReasons
{
    /// <summary>SCREAMING_SNAKE code, e.g. <c>BELOW_MINIMUM_QUANTITY</c>.</summary>
    public static string Code(this NotTradableReason reason) => reason switch
    {
        NotTradableReason.None => "NONE",
        NotTradableReason.NoBook => "NO_BOOK",
        NotTradableReason.NotPositive => "NOT_POSITIVE",
        NotTradableReason.InsufficientDepth => "INSUFFICIENT_DEPTH",
        NotTradableReason.RiskHeadroom => "RISK_HEADROOM",
        NotTradableReason.BelowMinimumQuantity => "BELOW_MINIMUM_QUANTITY",
        NotTradableReason.BelowMinimumNotional => "BELOW_MINIMUM_NOTIONAL",
        NotTradableReason.NoCommonStep => "NO_COMMON_STEP",
        _ => "NOT_TRADING",
    };
}
