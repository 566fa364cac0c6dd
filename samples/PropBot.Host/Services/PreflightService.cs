using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

/// <summary>One named preflight check.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Detail);

/// <summary>Posture of one venue: connectivity, clock, position mode and per-symbol leverage / margin type.</summary>
internal sealed record VenuePosture(
    VenueConnection Venue,
    bool Connected,
    double? PingMs,
    string? Error,
    ClockState Clock,
    PositionMode? PositionMode,
    IReadOnlyDictionary<string, LeverageSetting?> Symbols)
{
    public bool PositionModeOk => PositionMode == Venue.DesiredPositionMode;

    public bool SymbolOk(string symbol) =>
        Symbols.TryGetValue(symbol, out var s) && s is not null && s.Leverage == Venue.Settings.Leverage && s.MarginType == Venue.DesiredMarginType;

    public bool PostureOk => Connected && PositionModeOk && Venue.Settings.Symbols.All(SymbolOk);
}

/// <summary>Venue-level checks shared by the engine preflight, the live gate and the status pages.</summary>
internal sealed class PreflightService(HostSettings settings, VenueDirectory venues, TimeProvider timeProvider)
{
    /// <summary>
    /// Posture reads are expensive on the venues (Binance <c>positionSide/dual</c> weighs 30): they are cached this long
    /// and dropped after a setup.
    /// </summary>
    public static readonly TimeSpan PostureCacheTtl = TimeSpan.FromSeconds(10);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset At, VenuePosture Posture)> _cache = new(StringComparer.Ordinal);

    public void Invalidate() => _cache.Clear();

    public async Task<VenuePosture> PostureAsync(VenueConnection venue, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(venue.Id.Value, out var hit) && now - hit.At < PostureCacheTtl && hit.Posture.Connected)
        {
            return hit.Posture with { Clock = venue.Client.Clock };
        }

        var posture = await ReadPostureAsync(venue, cancellationToken).ConfigureAwait(false);
        _cache[venue.Id.Value] = (now, posture);
        return posture;
    }

    private static async Task<VenuePosture> ReadPostureAsync(VenueConnection venue, CancellationToken cancellationToken)
    {
        var client = venue.Client;
        var ping = await client.PingAsync(cancellationToken).ConfigureAwait(false);
        if (!ping.Success)
        {
            return new VenuePosture(venue, false, null, Wire.Of(ping.Error), client.Clock, null, new Dictionary<string, LeverageSetting?>());
        }

        _ = await client.GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
        var mode = await client.GetPositionModeAsync(cancellationToken).ConfigureAwait(false);
        var symbols = new Dictionary<string, LeverageSetting?>(StringComparer.Ordinal);
        foreach (var symbol in venue.Settings.Symbols)
        {
            var leverage = await client.GetLeverageAsync(symbol, venue.DesiredMarginType, cancellationToken).ConfigureAwait(false);
            symbols[symbol] = leverage.Success ? leverage.Data.FirstOrDefault() : null;
        }

        return new VenuePosture(venue, true, ping.Data.TotalMilliseconds, null, client.Clock, mode.Success ? mode.Data : null, symbols);
    }

    public async Task<IReadOnlyList<VenuePosture>> PostureAllAsync(CancellationToken cancellationToken)
    {
        var list = new List<VenuePosture>();
        foreach (var venue in venues.All)
        {
            list.Add(await PostureAsync(venue, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    public bool SkewOk(ClockState clock) => clock.Skew <= TimeSpan.FromMilliseconds(settings.Guards.ClockSkewGuardMs);

    /// <summary>Checks of the venues themselves (used by the live gate and the engine preflight).</summary>
    public List<CheckResult> VenueChecks(IReadOnlyList<VenuePosture> postures)
    {
        var checks = new List<CheckResult>();
        var disconnected = postures.Where(p => !p.Connected).Select(p => p.Venue.Id.Value).ToList();
        checks.Add(new CheckResult("venues_connected", disconnected.Count == 0, disconnected.Count == 0 ? "all venues answer" : $"unreachable: {string.Join(", ", disconnected)}"));
        var skewed = postures.Where(p => p.Connected && !SkewOk(p.Clock)).Select(p => $"{p.Venue.Id} {p.Clock.Skew.TotalMilliseconds:0}ms").ToList();
        checks.Add(new CheckResult("clock_skew", skewed.Count == 0 && disconnected.Count == 0, skewed.Count == 0 ? $"within {settings.Guards.ClockSkewGuardMs} ms" : $"over guard: {string.Join(", ", skewed)}"));
        var notSet = postures.Where(p => !p.PostureOk).Select(p => p.Venue.Id.Value).ToList();
        checks.Add(new CheckResult("posture_verified", notSet.Count == 0, notSet.Count == 0 ? "position mode, margin type and leverage match configuration" : $"not as configured on {string.Join(", ", notSet)} (run POST /api/deriv/setup)"));
        return checks;
    }

    /// <summary>Whether the configured limits make sense together (they are also validated at start).</summary>
    public CheckResult RiskLimitsCheck()
    {
        var caps = settings.Risk.NotionalCaps;
        var ok = caps.PerSymbolUsd > 0m && caps.PerSymbolUsd <= caps.PerVenueUsd && caps.PerVenueUsd <= caps.TotalUsd
            && settings.Risk.CrossVenueDeltaAbsMaxUsd > 0m && settings.Risk.CrossVenueDeltaAbsMaxUsd <= caps.PerSymbolUsd;
        return new CheckResult("risk_limits_sane", ok, ok
            ? $"per_symbol {caps.PerSymbolUsd} <= per_venue {caps.PerVenueUsd} <= total {caps.TotalUsd}; delta max {settings.Risk.CrossVenueDeltaAbsMaxUsd}"
            : "risk caps must satisfy 0 < per_symbol_usd <= per_venue_usd <= total_usd and 0 < cross_venue_delta_abs_max_usd <= per_symbol_usd");
    }

    /// <summary>Keys configured for every venue, and the venue accepts a test order with them (trade permission).</summary>
    public async Task<List<CheckResult>> KeyChecksAsync(CancellationToken cancellationToken)
    {
        var missing = venues.All.Where(v => !v.KeysPresent).Select(v => v.Id.Value).ToList();
        var checks = new List<CheckResult>
        {
            new("keys_present", missing.Count == 0, missing.Count == 0 ? "API keys configured for every venue" : $"missing keys for {string.Join(", ", missing)}"),
        };
        var denied = new List<string>();
        foreach (var venue in venues.All.Where(v => v.KeysPresent))
        {
            var symbol = venue.Settings.Symbols[0];
            var filters = await venue.Client.GetFiltersAsync(symbol, cancellationToken).ConfigureAwait(false);
            var book = await venue.Client.GetBookTopAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (!filters.Success || !book.Success)
            {
                denied.Add($"{venue.Id} (no market data)");
                continue;
            }

            var mode = await venue.Client.GetPositionModeAsync(cancellationToken).ConfigureAwait(false);
            var hedge = mode.Success && mode.Data == PositionMode.Hedge;
            var qty = Math.Max(filters.Data.MinQuantity, Quantizer.RoundQuantityDown(10m / book.Data.BidPrice, filters.Data.StepSize) + filters.Data.StepSize);
            var test = await venue.Client.TestOrderAsync(new OrderRequest
            {
                Symbol = symbol,
                Side = OrderSide.Buy,
                Type = OrderType.Limit,
                Quantity = qty,
                Price = Quantizer.RoundPriceToTick(book.Data.BidPrice * 0.9m, filters.Data.TickSize),
                TimeInForce = TimeInForce.GoodTillCanceled,
                PositionSide = hedge ? PositionSide.Long : PositionSide.Both,
                ClientOrderId = new ClientOrderId("pbpreflight0"),
            }, cancellationToken).ConfigureAwait(false);
            if (!test.Success && test.Error.Kind is VenueErrorKind.Unauthorized or VenueErrorKind.Banned)
            {
                denied.Add($"{venue.Id} ({test.Error.Code})");
            }
        }

        checks.Add(new CheckResult("trade_permission", missing.Count == 0 && denied.Count == 0, denied.Count == 0 ? (missing.Count == 0 ? "test orders accepted" : "not checked without keys") : $"refused: {string.Join(", ", denied)}"));
        return checks;
    }
}
