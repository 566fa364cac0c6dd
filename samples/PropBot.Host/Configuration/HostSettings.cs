namespace PropBot.Host.Configuration;

/// <summary>The host's view of the profile file (spec section B2) plus host-only sections. Bound from the root.</summary>
internal sealed class HostSettings
{
    [ConfigurationKeyName("EXCHANGE_PROFILE")]
    public string Profile { get; set; } = "paper";

    [ConfigurationKeyName("SAFE_MODE")]
    public string SafeModeText { get; set; } = "true";

    public bool SafeMode => !IsFalse(SafeModeText);

    public DerivativesSettings Derivatives { get; set; } = new();

    public RiskSettings Risk { get; set; } = new();

    public GuardSettings Guards { get; set; } = new();

    public EmulatorSettings Emulator { get; set; } = new();

    public AuthSettings Auth { get; set; } = new();

    public LiveSettings Live { get; set; } = new();

    public static bool IsFalse(string? text) =>
        text is not null && (text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || text.Trim() == "0"
            || text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) || text.Trim().Equals("no", StringComparison.OrdinalIgnoreCase));

    public static bool IsTrue(string? text) =>
        text is not null && (text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || text.Trim() == "1"
            || text.Trim().Equals("on", StringComparison.OrdinalIgnoreCase) || text.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase));

    public VenueSettings? FindVenue(string id) => Derivatives.Venues.FirstOrDefault(v => v.Id == id);
}

internal sealed class DerivativesSettings
{
    public List<VenueSettings> Venues { get; set; } = [];

    public ArbitrageSettings Arbitrage { get; set; } = new();

    public FeeSettings Fees { get; set; } = new();

    public FundingSettings Funding { get; set; } = new();
}

internal sealed class VenueSettings
{
    public string Id { get; set; } = "";

    public List<string> Symbols { get; set; } = [];

    public int Leverage { get; set; } = 10;

    [ConfigurationKeyName("margin_type")]
    public string MarginType { get; set; } = "isolated";

    [ConfigurationKeyName("position_mode")]
    public string PositionMode { get; set; } = "hedge";

    public RoutingSettings Routing { get; set; } = new();
}

internal sealed class RoutingSettings
{
    public string Rest { get; set; } = "";

    public string Ws { get; set; } = "";
}

internal sealed class ArbitrageSettings
{
    public List<PairSettings> Pairs { get; set; } = [];

    [ConfigurationKeyName("min_edge_bps")]
    public decimal MinEdgeBps { get; set; } = 6m;

    [ConfigurationKeyName("max_latency_ms")]
    public int MaxLatencyMs { get; set; } = 250;

    [ConfigurationKeyName("max_leg_slippage_bps")]
    public decimal MaxLegSlippageBps { get; set; } = 3m;

    [ConfigurationKeyName("prefer_maker")]
    public bool PreferMaker { get; set; }

    [ConfigurationKeyName("post_only_maker")]
    public bool PostOnlyMaker { get; set; } = true;

    [ConfigurationKeyName("partial_fill_policy")]
    public string PartialFillPolicy { get; set; } = "reject_if_unhedged";

    /// <summary>Host addition: latency-risk buffer in bps charged on every edge (default 0.5).</summary>
    [ConfigurationKeyName("latency_buffer_bps")]
    public decimal LatencyBufferBps { get; set; } = 0.5m;
}

internal sealed class PairSettings
{
    public LegSettings Long { get; set; } = new();

    public LegSettings Short { get; set; } = new();

    public string Id => $"{Long.Venue}:{Long.Symbol}/{Short.Venue}:{Short.Symbol}";
}

internal sealed class LegSettings
{
    public string Venue { get; set; } = "";

    public string Symbol { get; set; } = "";
}

internal sealed class FeeSettings
{
    public string Source { get; set; } = "auto";

    public Dictionary<string, ManualFee> Manual { get; set; } = [];
}

internal sealed class ManualFee
{
    [ConfigurationKeyName("maker_bps")]
    public decimal MakerBps { get; set; }

    [ConfigurationKeyName("taker_bps")]
    public decimal TakerBps { get; set; }
}

internal sealed class FundingSettings
{
    [ConfigurationKeyName("include_next_window")]
    public bool IncludeNextWindow { get; set; } = true;

    [ConfigurationKeyName("avoid_window_minutes")]
    public int AvoidWindowMinutes { get; set; } = 5;
}

internal sealed class RiskSettings
{
    [ConfigurationKeyName("notional_caps")]
    public NotionalCapSettings NotionalCaps { get; set; } = new();

    [ConfigurationKeyName("cross_venue_delta_abs_max_usd")]
    public decimal CrossVenueDeltaAbsMaxUsd { get; set; } = 200m;
}

internal sealed class NotionalCapSettings
{
    [ConfigurationKeyName("per_symbol_usd")]
    public decimal PerSymbolUsd { get; set; } = 2000m;

    [ConfigurationKeyName("per_venue_usd")]
    public decimal PerVenueUsd { get; set; } = 5000m;

    [ConfigurationKeyName("total_usd")]
    public decimal TotalUsd { get; set; } = 8000m;
}

internal sealed class GuardSettings
{
    [ConfigurationKeyName("cancel_on_disconnect")]
    public bool CancelOnDisconnect { get; set; } = true;

    [ConfigurationKeyName("clock_skew_guard_ms")]
    public int ClockSkewGuardMs { get; set; } = 150;

    [ConfigurationKeyName("snapshot_diff_check")]
    public bool SnapshotDiffCheck { get; set; } = true;

    [ConfigurationKeyName("feed_stale_ms")]
    public int FeedStaleMs { get; set; } = 3000;

    [ConfigurationKeyName("runaway_breaker")]
    public RunawayBreakerSettings RunawayBreaker { get; set; } = new();
}

internal sealed class RunawayBreakerSettings
{
    [ConfigurationKeyName("place_per_min")]
    public int PlacePerMin { get; set; } = 120;

    [ConfigurationKeyName("cancel_per_min")]
    public int CancelPerMin { get; set; } = 240;
}

internal sealed class EmulatorSettings
{
    public int Seed { get; set; } = 42;
}

internal sealed class AuthSettings
{
    /// <summary>Paper only: accept requests without a token when they come from loopback.</summary>
    [ConfigurationKeyName("open_on_loopback")]
    public bool OpenOnLoopback { get; set; }

    [ConfigurationKeyName("operator_tokens")]
    public List<TokenSettings> OperatorTokens { get; set; } = [];

    [ConfigurationKeyName("read_only_tokens")]
    public List<TokenSettings> ReadOnlyTokens { get; set; } = [];
}

internal sealed class TokenSettings
{
    public string Name { get; set; } = "";

    public string Token { get; set; } = "";
}

internal sealed class LiveSettings
{
    [ConfigurationKeyName("approval_window_minutes")]
    public int ApprovalWindowMinutes { get; set; } = 15;

    [ConfigurationKeyName("required_approvals")]
    public int RequiredApprovals { get; set; } = 2;
}
