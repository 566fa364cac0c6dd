using Microsoft.Extensions.Configuration;


namespace PropBot.Risk;

/// <summary>
/// Options of the risk package. They span three sections of the spec's YAML: <c>risk</c> (caps, delta limit, margin
/// headroom), <c>guards</c> (<see cref="Guards"/>) and <c>derivatives:funding</c> (<see cref="Funding"/>); the
/// venue/symbol list for the cancel-on-disconnect supervisor comes from <c>derivatives:venues</c>. Bind them with
/// <c>services.AddPropBotRisk(rootConfiguration)</c>, which reads each part from its own section.
/// </summary>
public sealed class RiskOptions
{
    /// <summary>Notional caps (<c>risk:notional_caps</c>).</summary>
    [ConfigurationKeyName("notional_caps")]
    public NotionalCapsOptions NotionalCaps { get; set; } = new();

    /// <summary>
    /// Largest absolute net exposure per underlying across venues, USD at mark
    /// (<c>risk:cross_venue_delta_abs_max_usd</c>). Default 200.
    /// </summary>
    [ConfigurationKeyName("cross_venue_delta_abs_max_usd")]
    public decimal CrossVenueDeltaAbsMaxUsd { get; set; } = RiskConstants.DefaultCrossVenueDeltaAbsMaxUsd;

    /// <summary>
    /// How long a cross-venue delta breach must persist before the delta monitor sets Reducing and asks for a repair,
    /// ms (<c>risk:delta_breach_grace_ms</c>): a two-leg execution is briefly one-legged by design. 0 = at once. Default 3000.
    /// </summary>
    [ConfigurationKeyName("delta_breach_grace_ms")]
    public int DeltaBreachGraceMs { get; set; } = RiskConstants.DefaultDeltaBreachGraceMs;

    /// <summary>Maintenance-margin headroom (<c>risk:margin_headroom</c>).</summary>
    [ConfigurationKeyName("margin_headroom")]
    public MarginHeadroomOptions MarginHeadroom { get; set; } = new();

    /// <summary>Guards (<c>guards</c>, a top-level section of the YAML).</summary>
    [ConfigurationKeyName("guards")]
    public GuardsOptions Guards { get; set; } = new();

    /// <summary>Funding avoid window (<c>derivatives:funding</c>).</summary>
    [ConfigurationKeyName("funding")]
    public FundingGuardOptions Funding { get; set; } = new();

    /// <summary>
    /// Venues and their venue-native symbols (<c>derivatives:venues</c>, only <c>id</c> and <c>symbols</c> are read).
    /// The cancel-on-disconnect supervisor heartbeats the dead-man switch of every symbol listed here.
    /// </summary>
    [ConfigurationKeyName("venues")]
    public IList<RiskVenueOptions> Venues { get; set; } = [];
}

/// <summary>Notional caps in USD at mark price (<c>risk:notional_caps</c>).</summary>
public sealed class NotionalCapsOptions
{
    /// <summary>
    /// Largest notional of one order (one leg) in USD (<c>risk:notional_caps:per_order_usd</c>). Null (the default)
    /// means the per-symbol cap bounds single orders.
    /// </summary>
    [ConfigurationKeyName("per_order_usd")]
    public decimal? PerOrderUsd { get; set; }

    /// <summary>Largest absolute notional of one instrument on one venue (<c>risk:notional_caps:per_symbol_usd</c>). Default 2000.</summary>
    [ConfigurationKeyName("per_symbol_usd")]
    public decimal PerSymbolUsd { get; set; } = RiskConstants.DefaultPerSymbolUsd;

    /// <summary>Largest sum of absolute notionals on one venue (<c>risk:notional_caps:per_venue_usd</c>). Default 5000.</summary>
    [ConfigurationKeyName("per_venue_usd")]
    public decimal PerVenueUsd { get; set; } = RiskConstants.DefaultPerVenueUsd;

    /// <summary>Largest sum of absolute notionals on all venues (<c>risk:notional_caps:total_usd</c>). Default 8000.</summary>
    [ConfigurationKeyName("total_usd")]
    public decimal TotalUsd { get; set; } = RiskConstants.DefaultTotalUsd;
}

/// <summary>Maintenance-margin headroom (<c>risk:margin_headroom</c>).</summary>
public sealed class MarginHeadroomOptions
{
    /// <summary>
    /// Share of the margin balance that must stay above the maintenance margin
    /// (<c>risk:margin_headroom:buffer</c>), 0 to 1. A venue whose maintenance-margin ratio exceeds
    /// <c>1 − buffer</c> puts trading in Reducing (no new opens). Default 0.5.
    /// </summary>
    [ConfigurationKeyName("buffer")]
    public decimal Buffer { get; set; } = RiskConstants.DefaultMarginBuffer;

    /// <summary>Largest maintenance-margin ratio still allowing opens: <c>1 − Buffer</c>.</summary>
    public decimal MaxMaintenanceMarginRatio => 1m - Buffer;
}

/// <summary>Guards (<c>guards</c>).</summary>
public sealed class GuardsOptions
{
    /// <summary>Keep both venues' dead-man switches armed while both feeds are healthy (<c>guards:cancel_on_disconnect</c>). Default true.</summary>
    [ConfigurationKeyName("cancel_on_disconnect")]
    public bool CancelOnDisconnect { get; set; } = true;

    /// <summary>Largest tolerated absolute clock skew per venue, ms (<c>guards:clock_skew_guard_ms</c>). Default 150.</summary>
    [ConfigurationKeyName("clock_skew_guard_ms")]
    public int ClockSkewGuardMs { get; set; } = RiskConstants.DefaultClockSkewGuardMs;

    /// <summary>Compare venue positions with our own ledger (<c>guards:snapshot_diff_check</c>). Default true.</summary>
    [ConfigurationKeyName("snapshot_diff_check")]
    public bool SnapshotDiffCheck { get; set; } = true;

    /// <summary>
    /// Largest tolerated difference between venue position and ledger per instrument, USD at mark
    /// (<c>guards:snapshot_diff_tolerance_usd</c>). Default 1.
    /// </summary>
    [ConfigurationKeyName("snapshot_diff_tolerance_usd")]
    public decimal SnapshotDiffToleranceUsd { get; set; } = RiskConstants.DefaultSnapshotDiffToleranceUsd;

    /// <summary>
    /// How long a snapshot mismatch must persist before it sets Reducing, ms (<c>guards:snapshot_diff_grace_ms</c>):
    /// a venue's position report can lag our own fills by a poll. 0 = at once. Default 5000.
    /// </summary>
    [ConfigurationKeyName("snapshot_diff_grace_ms")]
    public int SnapshotDiffGraceMs { get; set; } = RiskConstants.DefaultSnapshotDiffGraceMs;

    /// <summary>
    /// Interval at which the hosted exposure monitor polls every venue's positions and account margin and runs the
    /// snapshot-diff, delta and margin checks, ms (<c>guards:position_poll_interval_ms</c>). 0 disables the loop
    /// (call <see cref="ExposureMonitor.RefreshAsync"/> yourself). Default 5000.
    /// </summary>
    [ConfigurationKeyName("position_poll_interval_ms")]
    public int PositionPollIntervalMs { get; set; } = RiskConstants.DefaultPositionPollIntervalMs;

    /// <summary>Largest age of a book used for an entry, receive time to now, ms (<c>guards:max_book_age_ms</c>). Default 1000.</summary>
    [ConfigurationKeyName("max_book_age_ms")]
    public int MaxBookAgeMs { get; set; } = RiskConstants.DefaultMaxBookAgeMs;

    /// <summary>
    /// Largest difference between the two legs' book venue times, ms (<c>guards:max_cross_venue_skew_ms</c>).
    /// Default 250.
    /// </summary>
    [ConfigurationKeyName("max_cross_venue_skew_ms")]
    public int MaxCrossVenueSkewMs { get; set; } = RiskConstants.DefaultMaxCrossVenueSkewMs;

    /// <summary>
    /// Largest age of a feed stream's last message for the feed to count as fresh (cancel-on-disconnect supervisor),
    /// ms (<c>guards:max_feed_age_ms</c>). Default 5000.
    /// </summary>
    [ConfigurationKeyName("max_feed_age_ms")]
    public int MaxFeedAgeMs { get; set; } = RiskConstants.DefaultMaxFeedAgeMs;

    /// <summary>Dead-man switch countdown sent with each heartbeat, ms (<c>guards:dead_man_timeout_ms</c>), 10000 to 120000. Default 15000.</summary>
    [ConfigurationKeyName("dead_man_timeout_ms")]
    public int DeadManTimeoutMs { get; set; } = RiskConstants.DefaultDeadManTimeoutMs;

    /// <summary>Interval between heartbeats, ms (<c>guards:heartbeat_interval_ms</c>), at most half the timeout. Default 5000.</summary>
    [ConfigurationKeyName("heartbeat_interval_ms")]
    public int HeartbeatIntervalMs { get; set; } = RiskConstants.DefaultHeartbeatIntervalMs;

    /// <summary>Runaway breaker (<c>guards:runaway_breaker</c>).</summary>
    [ConfigurationKeyName("runaway_breaker")]
    public RunawayBreakerOptions RunawayBreaker { get; set; } = new();
}

/// <summary>Runaway breaker limits per sliding minute (<c>guards:runaway_breaker</c>). Tripping halts trading.</summary>
public sealed class RunawayBreakerOptions
{
    /// <summary>Orders placed per minute (<c>guards:runaway_breaker:place_per_min</c>). Default 120.</summary>
    [ConfigurationKeyName("place_per_min")]
    public int PlacePerMin { get; set; } = RiskConstants.DefaultPlacePerMin;

    /// <summary>Cancels per minute (<c>guards:runaway_breaker:cancel_per_min</c>). Default 240.</summary>
    [ConfigurationKeyName("cancel_per_min")]
    public int CancelPerMin { get; set; } = RiskConstants.DefaultCancelPerMin;

    /// <summary>Rescues (hedge-outs after a failed leg) per minute (<c>guards:runaway_breaker:rescues_per_min</c>). Default 3.</summary>
    [ConfigurationKeyName("rescues_per_min")]
    public int RescuesPerMin { get; set; } = RiskConstants.DefaultRescuesPerMin;

    /// <summary>
    /// Largest share of two-leg executions within a minute whose legs filled different quantities
    /// (<c>guards:runaway_breaker:max_fill_mismatch_ratio</c>), 0 to 1. Default 0.5.
    /// </summary>
    [ConfigurationKeyName("max_fill_mismatch_ratio")]
    public decimal MaxFillMismatchRatio { get; set; } = RiskConstants.DefaultMaxFillMismatchRatio;

    /// <summary>
    /// Executions needed within the minute before the mismatch ratio is judged
    /// (<c>guards:runaway_breaker:min_fill_samples</c>). Default 4.
    /// </summary>
    [ConfigurationKeyName("min_fill_samples")]
    public int MinFillSamples { get; set; } = RiskConstants.DefaultMinFillSamples;
}

/// <summary>Funding guard (<c>derivatives:funding</c>).</summary>
public sealed class FundingGuardOptions
{
    /// <summary>
    /// Whether the next funding window is priced into the edge (<c>derivatives:funding:include_next_window</c>);
    /// read by the engine, carried here so the section binds in one place. Default true.
    /// </summary>
    [ConfigurationKeyName("include_next_window")]
    public bool IncludeNextWindow { get; set; } = true;

    /// <summary>No opens this many minutes before a venue's next funding (<c>derivatives:funding:avoid_window_minutes</c>). Default 5.</summary>
    [ConfigurationKeyName("avoid_window_minutes")]
    public int AvoidWindowMinutes { get; set; } = RiskConstants.DefaultAvoidWindowMinutes;
}

/// <summary>One venue of <c>derivatives:venues</c> as the risk package needs it.</summary>
public sealed class RiskVenueOptions
{
    /// <summary>Venue id (<c>derivatives:venues:N:id</c>), e.g. <c>binance_um</c>.</summary>
    [ConfigurationKeyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>Venue-native symbols (<c>derivatives:venues:N:symbols</c>).</summary>
    [ConfigurationKeyName("symbols")]
    public IList<string> Symbols { get; set; } = [];
}
