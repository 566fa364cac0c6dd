using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace PropBot.Arbitrage;

/// <summary>
/// Options of the arbitrage engine, bound from <c>derivatives:arbitrage</c> (this class), <c>derivatives:fees</c>
/// (<see cref="Fees"/>), <c>derivatives:funding</c> (<see cref="Funding"/>) and <c>derivatives:venues</c>
/// (<see cref="Venues"/>). Keys are the spec's snake_case names.
/// </summary>
public sealed class ArbitrageOptions
{
    /// <summary>Configured pairs (<c>pairs</c>).</summary>
    [ConfigurationKeyName("pairs")]
    public IList<ArbPairOptions> Pairs { get; set; } = [];

    /// <summary>Minimum net edge to trade, bps (<c>min_edge_bps</c>).</summary>
    [ConfigurationKeyName("min_edge_bps")]
    [Range(typeof(decimal), "-1000", "10000")]
    public decimal MinEdgeBps { get; set; } = ArbitrageConstants.DefaultMinEdgeBps;

    /// <summary>Largest accepted venue round trip, and the horizon of the latency-risk term, ms (<c>max_latency_ms</c>).</summary>
    [ConfigurationKeyName("max_latency_ms")]
    [Range(1, 60_000)]
    public int MaxLatencyMs { get; set; } = ArbitrageConstants.DefaultMaxLatencyMs;

    /// <summary>Slippage allowance per leg, bps; also bounds the IOC limit price and the depth used for sizing (<c>max_leg_slippage_bps</c>).</summary>
    [ConfigurationKeyName("max_leg_slippage_bps")]
    [Range(typeof(decimal), "0", "1000")]
    public decimal MaxLegSlippageBps { get; set; } = ArbitrageConstants.DefaultMaxLegSlippageBps;

    /// <summary>Try a maker order on the better venue first (<c>prefer_maker</c>).</summary>
    [ConfigurationKeyName("prefer_maker")]
    public bool PreferMaker { get; set; }

    /// <summary>Send the maker order as post-only, falling back to the taker plan when it would take (<c>post_only_maker</c>).</summary>
    [ConfigurationKeyName("post_only_maker")]
    public bool PostOnlyMaker { get; set; } = true;

    /// <summary>Partial-fill policy (<c>partial_fill_policy</c>: <c>reject_if_unhedged</c> or <c>hedge_remaining</c>).</summary>
    [ConfigurationKeyName("partial_fill_policy")]
    public PartialFillPolicy PartialFillPolicy { get; set; } = PartialFillPolicy.RejectIfUnhedged;

    /// <summary>Send both legs at once, rescuing whichever fills alone (<c>concurrent_legs</c>).</summary>
    [ConfigurationKeyName("concurrent_legs")]
    public bool ConcurrentLegs { get; set; }

    /// <summary>Deadline of one leg's venue call, ms (<c>leg_timeout_ms</c>); must be below <see cref="ExecutionTimeoutMs"/>.</summary>
    [ConfigurationKeyName("leg_timeout_ms")]
    [Range(1, 600_000)]
    public int LegTimeoutMs { get; set; } = ArbitrageConstants.DefaultLegTimeoutMs;

    /// <summary>Deadline of a whole execution, ms (<c>execution_timeout_ms</c>).</summary>
    [ConfigurationKeyName("execution_timeout_ms")]
    [Range(1, 3_600_000)]
    public int ExecutionTimeoutMs { get; set; } = ArbitrageConstants.DefaultExecutionTimeoutMs;

    /// <summary>How long an unknown order outcome is resolved by query before it counts as absent, ms (<c>unknown_outcome_resolve_ms</c>).</summary>
    [ConfigurationKeyName("unknown_outcome_resolve_ms")]
    [Range(1, 600_000)]
    public int UnknownOutcomeResolveMs { get; set; } = ArbitrageConstants.DefaultUnknownOutcomeResolveMs;

    /// <summary>Interval between order queries while resolving an unknown outcome or waiting on a maker order, ms (<c>order_poll_interval_ms</c>).</summary>
    [ConfigurationKeyName("order_poll_interval_ms")]
    [Range(1, 60_000)]
    public int OrderPollIntervalMs { get; set; } = ArbitrageConstants.DefaultOrderPollIntervalMs;

    /// <summary>How long a posted maker order may rest before it is cancelled, ms (<c>maker_wait_ms</c>).</summary>
    [ConfigurationKeyName("maker_wait_ms")]
    [Range(1, 600_000)]
    public int MakerWaitMs { get; set; } = ArbitrageConstants.DefaultMakerWaitMs;

    /// <summary>Largest accepted book age at preflight, ms (<c>max_book_age_ms</c>).</summary>
    [ConfigurationKeyName("max_book_age_ms")]
    [Range(1, 600_000)]
    public int MaxBookAgeMs { get; set; } = ArbitrageConstants.DefaultMaxBookAgeMs;

    /// <summary>Largest accepted venue clock skew, ms (<c>max_clock_skew_ms</c>; the spec's <c>guards:clock_skew_guard_ms</c>).</summary>
    [ConfigurationKeyName("max_clock_skew_ms")]
    [Range(1, 600_000)]
    public int MaxClockSkewMs { get; set; } = ArbitrageConstants.DefaultMaxClockSkewMs;

    /// <summary>Levels per side read for the VWAP walk (<c>order_book_depth</c>).</summary>
    [ConfigurationKeyName("order_book_depth")]
    [Range(1, 1000)]
    public int OrderBookDepth { get; set; } = ArbitrageConstants.DefaultOrderBookDepth;

    /// <summary>Expected holding time of a position, minutes; funding settlements inside it are costed (<c>expected_hold_minutes</c>).</summary>
    [ConfigurationKeyName("expected_hold_minutes")]
    [Range(0, 525_600)]
    public int ExpectedHoldMinutes { get; set; } = ArbitrageConstants.DefaultExpectedHoldMinutes;

    /// <summary>Volatility assumed until enough book samples exist, bps per √second (<c>default_volatility_bps_per_sqrt_second</c>).</summary>
    [ConfigurationKeyName("default_volatility_bps_per_sqrt_second")]
    [Range(typeof(decimal), "0", "10000")]
    public decimal DefaultVolatilityBpsPerSqrtSecond { get; set; } = ArbitrageConstants.DefaultVolatilityBpsPerSqrtSecond;

    /// <summary>Prior probability that leg B fails before any observation (<c>leg_b_failure_prior</c>).</summary>
    [ConfigurationKeyName("leg_b_failure_prior")]
    [Range(typeof(decimal), "0", "1")]
    public decimal LegBFailurePrior { get; set; } = ArbitrageConstants.DefaultLegBFailurePrior;

    /// <summary>Attempts of a rescue hedge-out before the engine halts with an incident (<c>max_rescue_attempts</c>).</summary>
    [ConfigurationKeyName("max_rescue_attempts")]
    [Range(1, 10)]
    public int MaxRescueAttempts { get; set; } = ArbitrageConstants.DefaultMaxRescueAttempts;

    /// <summary>Default base quantity per execution when none is requested and the pair sets none (<c>default_quantity</c>).</summary>
    [ConfigurationKeyName("default_quantity")]
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal DefaultQuantity { get; set; }

    /// <summary>Fee source and manual table (<c>derivatives:fees</c>).</summary>
    public FeeOptions Fees { get; set; } = new();

    /// <summary>Funding handling (<c>derivatives:funding</c>).</summary>
    public FundingOptions Funding { get; set; } = new();

    /// <summary>Expected account posture per venue (<c>derivatives:venues</c>), verified in preflight.</summary>
    public IList<VenuePostureOptions> Venues { get; set; } = [];
}

/// <summary>One configured pair (<c>derivatives:arbitrage:pairs[]</c>).</summary>
public sealed class ArbPairOptions
{
    /// <summary>The long leg (<c>long: { venue, symbol }</c>).</summary>
    [ConfigurationKeyName("long")]
    public ArbLegOptions Long { get; set; } = new();

    /// <summary>The short leg (<c>short: { venue, symbol }</c>).</summary>
    [ConfigurationKeyName("short")]
    public ArbLegOptions Short { get; set; } = new();

    /// <summary>Largest base quantity of one execution of this pair, 0 for the engine default (<c>max_quantity</c>).</summary>
    [ConfigurationKeyName("max_quantity")]
    public decimal MaxQuantity { get; set; }
}

/// <summary>One leg of a configured pair.</summary>
public sealed class ArbLegOptions
{
    /// <summary>Venue id (<c>binance_um</c>, <c>okx_perp</c>).</summary>
    [ConfigurationKeyName("venue")]
    public string Venue { get; set; } = string.Empty;

    /// <summary>Venue-native symbol (<c>BTCUSDT</c>, <c>BTC-USDT-SWAP</c>).</summary>
    [ConfigurationKeyName("symbol")]
    public string Symbol { get; set; } = string.Empty;
}

/// <summary>Fee source and manual table (<c>derivatives:fees</c>).</summary>
public sealed class FeeOptions
{
    /// <summary><c>auto</c> (ask the venue, falling back to the manual table) or <c>manual</c> (<c>source</c>).</summary>
    [ConfigurationKeyName("source")]
    public string Source { get; set; } = "auto";

    /// <summary>Manual fee table by venue id (<c>manual</c>).</summary>
    [ConfigurationKeyName("manual")]
    public IDictionary<string, ManualFeeOptions> Manual { get; set; } = new Dictionary<string, ManualFeeOptions>(StringComparer.Ordinal);
}

/// <summary>Manual fee rates of one venue.</summary>
public sealed class ManualFeeOptions
{
    /// <summary>Maker fee, bps (<c>maker_bps</c>).</summary>
    [ConfigurationKeyName("maker_bps")]
    public decimal MakerBps { get; set; }

    /// <summary>Taker fee, bps (<c>taker_bps</c>).</summary>
    [ConfigurationKeyName("taker_bps")]
    public decimal TakerBps { get; set; }
}

/// <summary>Funding handling (<c>derivatives:funding</c>).</summary>
public sealed class FundingOptions
{
    /// <summary>Cost the funding settlements expected while the position is held (<c>include_next_window</c>).</summary>
    [ConfigurationKeyName("include_next_window")]
    public bool IncludeNextWindow { get; set; } = true;

    /// <summary>Refuse new opens this many minutes before a funding settlement on either venue (<c>avoid_window_minutes</c>).</summary>
    [ConfigurationKeyName("avoid_window_minutes")]
    [Range(0, 1440)]
    public int AvoidWindowMinutes { get; set; } = ArbitrageConstants.DefaultAvoidWindowMinutes;
}

/// <summary>Expected account posture of a venue (<c>derivatives:venues[]</c>).</summary>
public sealed class VenuePostureOptions
{
    /// <summary>Venue id (<c>id</c>).</summary>
    [ConfigurationKeyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>Leverage (<c>leverage</c>); 0 = not verified.</summary>
    [ConfigurationKeyName("leverage")]
    public int Leverage { get; set; }

    /// <summary><c>isolated</c> or <c>cross</c> (<c>margin_type</c>).</summary>
    [ConfigurationKeyName("margin_type")]
    public string MarginType { get; set; } = "isolated";

    /// <summary><c>hedge</c> or <c>one_way</c> (<c>position_mode</c>).</summary>
    [ConfigurationKeyName("position_mode")]
    public string PositionMode { get; set; } = "hedge";
}
