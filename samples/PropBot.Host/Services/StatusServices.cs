using PropBot.Arbitrage;
using PropBot.Host.Configuration;
using PropBot.Host.Live;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

internal sealed record Setting<T>(T? Actual, T Desired, bool Ok);

internal sealed record ClockView(double OffsetMs, double SkewMs, double GuardMs, bool WithinGuard, DateTimeOffset? LastSync);

internal sealed record FeedView(string Name, bool Connected, double? AgeMs, bool Stale, long Messages, long Malformed, int Reconnects);

internal sealed record RateLimitView(string Name, int Used, int Limit, int Reserved, double WindowSeconds, int Rejected, DateTimeOffset? BlockedUntil);

internal sealed record SymbolStatusView(string Symbol, Setting<int> Leverage, Setting<string> MarginType, bool FeedStale, double? FeedAgeMs);

internal sealed record VenueStatusView(
    string Venue,
    string Routing,
    bool Connected,
    double? PingMs,
    string? Error,
    bool KeysPresent,
    ClockView Clock,
    Setting<string> PositionMode,
    IReadOnlyList<SymbolStatusView> Symbols,
    IReadOnlyList<FeedView> Feeds,
    IReadOnlyList<RateLimitView> RateLimits);

internal sealed record DerivStatusReport(DateTimeOffset AsOf, string Profile, bool SafeMode, IReadOnlyList<VenueStatusView> Venues);

/// <summary><c>GET /api/deriv/status</c>: connectivity, clock skew, posture, feed staleness and rate-limit usage.</summary>
internal sealed class DerivStatusService(HostSettings settings, VenueDirectory venues, PreflightService preflight, TimeProvider timeProvider)
{
    public async Task<DerivStatusReport> GetAsync(CancellationToken cancellationToken)
    {
        var list = new List<VenueStatusView>();
        var stale = TimeSpan.FromMilliseconds(settings.Guards.FeedStaleMs);
        foreach (var venue in venues.All)
        {
            var posture = await preflight.PostureAsync(venue, cancellationToken).ConfigureAwait(false);
            var health = venue.Client.MarketData?.GetHealth() ?? [];
            var clock = venue.Client.Clock;
            var symbols = venue.Settings.Symbols.Select(symbol =>
            {
                posture.Symbols.TryGetValue(symbol, out var s);
                var feeds = health.Where(h => h.Name.Contains(symbol, StringComparison.OrdinalIgnoreCase)).ToList();
                if (feeds.Count == 0)
                {
                    feeds = [.. health]; // combined streams carry every symbol
                }

                var feedStale = feeds.Count == 0 || feeds.Any(f => f.IsStale(stale));
                return new SymbolStatusView(
                    symbol,
                    new Setting<int>(s?.Leverage ?? 0, venue.Settings.Leverage, s?.Leverage == venue.Settings.Leverage),
                    new Setting<string>(s is null ? null : Wire.Of(s.MarginType), Wire.Of(venue.DesiredMarginType), s?.MarginType == venue.DesiredMarginType),
                    feedStale,
                    feeds.Count == 0 ? null : feeds.Max(f => f.Age?.TotalMilliseconds));
            }).ToList();
            list.Add(new VenueStatusView(
                venue.Id.Value,
                venue.RoutingKind,
                posture.Connected,
                posture.PingMs,
                posture.Error,
                venue.KeysPresent,
                new ClockView(clock.Offset.TotalMilliseconds, clock.Skew.TotalMilliseconds, settings.Guards.ClockSkewGuardMs, preflight.SkewOk(clock), clock.LastSync),
                new Setting<string>(posture.PositionMode is { } m ? Wire.Of(m) : null, Wire.Of(venue.DesiredPositionMode), posture.PositionModeOk),
                symbols,
                health.Select(h => new FeedView(h.Name, h.IsConnected, h.Age?.TotalMilliseconds, h.IsStale(stale), h.Messages, h.Malformed, h.Reconnects)).ToList(),
                venue.Client.GetRateLimitUsage().Select(r => new RateLimitView(r.Name, r.Used, r.Limit, r.Reserved, r.Window.TotalSeconds, r.Rejected, r.BlockedUntil)).ToList()));
        }

        return new DerivStatusReport(timeProvider.GetUtcNow(), settings.Profile, settings.SafeMode, list);
    }
}

internal sealed record TradingView(string State, string Reason, string? Code, DateTimeOffset Since, string? ChangedBy, IReadOnlyList<string> Conditions);

internal sealed record LiveView(bool Armed, bool LiveOrdersEnabled, string? DryRunReason, int Approvals, IReadOnlyList<string> Reasons);

internal sealed record VenueSummaryView(string Venue, string Routing, bool FeedConnected, bool FeedStale, double ClockSkewMs, bool ClockWithinGuard, int RateLimitRejected);

internal sealed record GuardsView(bool CancelOnDisconnect, int ClockSkewGuardMs, bool SnapshotDiffCheck, int FeedStaleMs, int RunawayPlacePerMin, int RunawayCancelPerMin, decimal PerSymbolUsd, decimal PerVenueUsd, decimal TotalUsd, decimal CrossVenueDeltaAbsMaxUsd);

/// <summary>Execution metrics, from the engine's statistics only (<c>IArbitrageEngine.GetStats()</c>).</summary>
internal sealed record EngineMetricsView(long Executions, IReadOnlyDictionary<string, long> ByOutcome, double SuccessRate, decimal? RealizedEdgeBpsAvg, double? P95CycleMs, long Rescues, bool Halted, string? HaltReason);

internal sealed record SystemStatus(
    string Profile,
    bool SafeMode,
    TradingView Trading,
    LiveView Live,
    IReadOnlyList<VenueSummaryView> Venues,
    GuardsView Guards,
    EngineMetricsView Metrics,
    DateTimeOffset AsOf);

/// <summary>System Status: profile, SAFE_MODE, trading state and reason, venues, guards, metrics. Never touches the venues.</summary>
internal sealed class SystemStatusService(
    HostSettings settings,
    VenueDirectory venues,
    TradingStateService tradingState,
    LiveGate liveGate,
    IArbitrageEngine engine,
    TimeProvider timeProvider)
{
    public SystemStatus Get()
    {
        var trading = tradingState.Current;
        var gate = liveGate.Peek();
        var stale = TimeSpan.FromMilliseconds(settings.Guards.FeedStaleMs);
        var venueViews = venues.All.Select(v =>
        {
            var health = v.Client.MarketData?.GetHealth() ?? [];
            var clock = v.Client.Clock;
            return new VenueSummaryView(v.Id.Value, v.RoutingKind, health.Count > 0 && health.All(h => h.IsConnected), health.Count == 0 || health.Any(h => h.IsStale(stale)),
                clock.Skew.TotalMilliseconds, clock.Skew <= TimeSpan.FromMilliseconds(settings.Guards.ClockSkewGuardMs), v.Client.GetRateLimitUsage().Sum(r => r.Rejected));
        }).ToList();
        var g = settings.Guards;
        var caps = settings.Risk.NotionalCaps;
        var e = engine.GetStats();
        return new SystemStatus(
            settings.Profile,
            settings.SafeMode,
            new TradingView(trading.State.ToString().ToLowerInvariant(), trading.Reason, trading.Code, trading.Since, trading.ChangedBy, trading.Conditions),
            new LiveView(gate.Armed, gate.LiveOrdersEnabled, liveGate.DryRunReason, gate.Approvals.Count(a => a.Valid), gate.Reasons),
            venueViews,
            new GuardsView(g.CancelOnDisconnect, g.ClockSkewGuardMs, g.SnapshotDiffCheck, g.FeedStaleMs, g.RunawayBreaker.PlacePerMin, g.RunawayBreaker.CancelPerMin, caps.PerSymbolUsd, caps.PerVenueUsd, caps.TotalUsd, settings.Risk.CrossVenueDeltaAbsMaxUsd),
            new EngineMetricsView(
                e.Executions,
                e.ExecutionsByOutcome.ToDictionary(kv => kv.Key.Code(), kv => kv.Value),
                Math.Round(e.SuccessRate, 4),
                e.AverageRealizedEdgeBps,
                e.P95CycleTime is { } p ? Math.Round(p.TotalMilliseconds, 1) : null,
                e.RescueCount,
                engine.IsHalted,
                e.HaltReason),
            timeProvider.GetUtcNow());
    }
}
