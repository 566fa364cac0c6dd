using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Everything read from one venue for one leg during preflight.</summary>
internal sealed class LegMarket
{
    public required LegDirection Direction { get; init; }

    public required InstrumentId Instrument { get; init; }

    public required IDerivClient Client { get; init; }

    public VenueResult<OrderBookSnapshot>? Book { get; set; }

    public VenueResult<InstrumentFilters>? Filters { get; set; }

    public FeeRates? Fees { get; set; }

    public VenueError? FeesError { get; set; }

    public VenueResult<FundingInfo>? Funding { get; set; }

    public VenueResult<TimeSpan>? Ping { get; set; }

    public VenueResult<ServerTimeInfo>? ServerTime { get; set; }

    public VenueResult<PositionMode>? PositionMode { get; set; }

    public VenueResult<IReadOnlyList<LeverageSetting>>? Leverage { get; set; }

    public VenueResult<IReadOnlyList<Position>>? Positions { get; set; }

    public BookTop? FeedTop { get; set; }

    public MarginType MarginType { get; set; } = MarginType.Isolated;

    public VenuePostureOptions? Posture { get; set; }

    public UnifiedSymbol? Underlying { get; set; }
}

/// <summary>
/// Short-lived cache of slow-changing, expensive reads (fees, position mode, leverage): Binance weighs
/// <c>positionSide/dual</c> at 30 and <c>commissionRate</c> at 20, so reading them before every execution would spend
/// the request budget. Only successes are cached.
/// </summary>
internal sealed class ReadCache(TimeProvider time, TimeSpan ttl)
{
    /// <summary>How recent a client's own clock synchronisation must be to skip a server-time request.</summary>
    public static readonly TimeSpan ClockFreshness = TimeSpan.FromSeconds(30);

    public TimeProvider Time => time;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset At, object Value)> _entries = new(StringComparer.Ordinal);

    public async Task<VenueResult<T>> GetAsync<T>(string key, Func<Task<VenueResult<T>>> read)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var e) && now - e.At < ttl && e.Value is T cached)
        {
            return VenueResult<T>.Ok(cached);
        }

        var r = await read().ConfigureAwait(false);
        if (r.Success)
        {
            _entries[key] = (now, r.Data!);
        }

        return r;
    }

    public void Clear() => _entries.Clear();
}

/// <summary>Reads both venues concurrently for preflight and preview.</summary>
internal static class MarketReader
{
    public static async Task<LegMarket> ReadAsync(LegMarket leg, ArbitrageOptions options, ReadCache cache, CancellationToken cancellationToken)
    {
        var client = leg.Client;
        var symbol = leg.Instrument.Symbol;
        leg.Posture = options.Venues.FirstOrDefault(v => v.Id == leg.Instrument.Venue.Value);
        leg.MarginType = leg.Posture?.MarginType == "cross" ? MarginType.Cross : MarginType.Isolated;

        var book = client.GetOrderBookAsync(symbol, options.OrderBookDepth, cancellationToken);
        var filters = client.GetFiltersAsync(symbol, cancellationToken);
        var funding = client.GetFundingInfoAsync(symbol, cancellationToken);
        var ping = client.PingAsync(cancellationToken);
        // The adapters keep their clock in sync; only ask the venue when the last synchronisation is not recent.
        var now = cache.Time.GetUtcNow();
        var clock = client.Clock;
        var serverTime = clock.LastSync is { } synced && now - synced < ReadCache.ClockFreshness
            ? Task.FromResult(VenueResult<ServerTimeInfo>.Ok(new ServerTimeInfo { ServerTime = now + clock.Offset, LocalTime = now, RoundTrip = clock.RoundTrip }))
            : client.GetServerTimeAsync(cancellationToken);
        var venueKey = leg.Instrument.Venue.Value;
        var instrumentKey = leg.Instrument.ToString();
        var mode = cache.GetAsync("mode:" + venueKey, () => client.GetPositionModeAsync(cancellationToken));
        var positions = client.GetPositionsAsync(cancellationToken);
        Task<VenueResult<IReadOnlyList<LeverageSetting>>>? leverage = leg.Posture is { Leverage: > 0 }
            ? cache.GetAsync($"leverage:{instrumentKey}:{leg.MarginType}", () => client.GetLeverageAsync(symbol, leg.MarginType, cancellationToken))
            : null;
        Task<VenueResult<FeeRates>>? fees = options.Fees.Source == "manual" ? null : cache.GetAsync("fees:" + instrumentKey, () => client.GetFeesAsync(symbol, cancellationToken));

        leg.Book = await book.ConfigureAwait(false);
        leg.Filters = await filters.ConfigureAwait(false);
        leg.Funding = await funding.ConfigureAwait(false);
        leg.Ping = await ping.ConfigureAwait(false);
        leg.ServerTime = await serverTime.ConfigureAwait(false);
        leg.PositionMode = await mode.ConfigureAwait(false);
        leg.Positions = await positions.ConfigureAwait(false);
        if (leverage is not null)
        {
            leg.Leverage = await leverage.ConfigureAwait(false);
        }

        if (fees is not null)
        {
            var f = await fees.ConfigureAwait(false);
            if (f.Success)
            {
                leg.Fees = f.Data;
            }
            else
            {
                leg.FeesError = f.Error;
            }
        }

        if (leg.Fees is null && options.Fees.Manual.TryGetValue(leg.Instrument.Venue.Value, out var manual))
        {
            leg.Fees = new FeeRates(manual.MakerBps, manual.TakerBps, FeeSource.Manual);
        }

        if (client.SymbolMapper is { } mapper && mapper.TryToUnified(symbol, out var unified))
        {
            leg.Underlying = unified;
        }

        if (client.MarketData is { } feed && feed.TryGetBookTop(symbol, out var top))
        {
            leg.FeedTop = top;
        }

        return leg;
    }
}
