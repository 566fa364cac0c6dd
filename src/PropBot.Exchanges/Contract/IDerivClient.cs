namespace PropBot.Exchanges;

/// <summary>
/// The venue-neutral client contract for one derivatives venue (spec section D). Quantities are base-asset units;
/// symbols are venue-native (use <see cref="SymbolMapper"/> to go from <see cref="UnifiedSymbol"/>). Every call is
/// async, takes a <see cref="CancellationToken"/> and returns a <see cref="VenueResult{T}"/>: expected failures are
/// values with a stable reason, never exceptions.
/// </summary>
public interface IDerivClient
{
    /// <summary>The venue this client talks to.</summary>
    VenueId Venue { get; }

    /// <summary>Maps unified symbols to this venue's symbols.</summary>
    ISymbolMapper SymbolMapper { get; }

    /// <summary>Clock synchronisation state (offset and skew) for the status page and the clock-skew guard.</summary>
    ClockState Clock { get; }

    /// <summary>Client-side rate-limit usage for System Status.</summary>
    IReadOnlyList<RateLimitUsage> GetRateLimitUsage();

    /// <summary>Live market-data feed (book top and mark price over WebSocket) with staleness information.</summary>
    IMarketDataFeed MarketData { get; }

    /// <summary>Reads the venue clock and updates <see cref="Clock"/>.</summary>
    Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks connectivity; returns the round-trip time.</summary>
    Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Trading rules of a symbol (cached with a TTL; refreshed after a precision reject).</summary>
    Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Maker/taker fee rates for a symbol, from the venue or the configured manual table.</summary>
    Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Mark price of a symbol.</summary>
    Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Best bid/ask over REST (the feed is the primary source).</summary>
    Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Depth snapshot with up to <paramref name="depth"/> levels per side.</summary>
    Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default);

    /// <summary>Current funding rate, next funding time and the symbol's funding interval.</summary>
    Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Account position mode.</summary>
    Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the account position mode; "no need to change" counts as success.</summary>
    Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default);

    /// <summary>Sets the margin type of a symbol; "no need to change" counts as success.</summary>
    Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default);

    /// <summary>Sets leverage of a symbol.</summary>
    Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads leverage and margin settings of a symbol.</summary>
    Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Places an order. A timeout, dropped connection or 5xx yields <see cref="VenueErrorKind.OutcomeUnknown"/>:
    /// resolve it with <see cref="GetOrderAsync"/> by client order id; never re-send blindly.
    /// </summary>
    Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates an order without sending it to the matching engine (Binance <c>/fapi/v1/order/test</c>; local
    /// validation against filters where the venue has no test route). Returns the order as it would be sent.
    /// </summary>
    Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels an order.</summary>
    Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default);

    /// <summary>Queries an order (by client order id preferably); <see cref="VenueErrorKind.NotFound"/> when absent.</summary>
    Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default);

    /// <summary>Open orders, for one symbol or all.</summary>
    Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default);

    /// <summary>Open positions (non-zero), base-asset quantities.</summary>
    Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Account margin (balance, maintenance margin).</summary>
    Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Arms (or with <see cref="TimeSpan.Zero"/> disarms) the venue's dead-man switch, which cancels open orders if
    /// not heart-beaten again within <paramref name="timeout"/>. Binance arms per symbol; OKX account-wide (then
    /// <paramref name="symbol"/> is ignored).
    /// </summary>
    Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <summary>Maps unified symbols to venue symbols and back.</summary>
public interface ISymbolMapper
{
    /// <summary>The venue.</summary>
    VenueId Venue { get; }

    /// <summary>Venue symbol of a unified symbol (e.g. <c>BTC-USDT-PERP</c> → <c>BTCUSDT</c>).</summary>
    string ToVenueSymbol(UnifiedSymbol symbol);

    /// <summary>Unified symbol of a venue symbol; false when the symbol is not a linear perpetual this mapper knows.</summary>
    bool TryToUnified(string venueSymbol, out UnifiedSymbol symbol);
}

/// <summary>Clock synchronisation with a venue.</summary>
public sealed record ClockState
{
    /// <summary>Venue clock minus local clock (positive: venue ahead).</summary>
    public TimeSpan Offset { get; init; }

    /// <summary>Round trip of the last synchronisation.</summary>
    public TimeSpan RoundTrip { get; init; }

    /// <summary>When the clock was last synchronised (local time), if ever.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary>Absolute skew, the value the clock-skew guard compares.</summary>
    public TimeSpan Skew => Offset.Duration();
}

/// <summary>Usage of one client-side rate-limit window.</summary>
public sealed record RateLimitUsage
{
    /// <summary>Window name (e.g. <c>REQUEST_WEIGHT 1m</c>, <c>ORDERS 10s</c>, <c>trade/order BTC-USDT-SWAP 2s</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Units used in the current window.</summary>
    public required int Used { get; init; }

    /// <summary>Window limit.</summary>
    public required int Limit { get; init; }

    /// <summary>Units kept back for risk-reducing orders.</summary>
    public int Reserved { get; init; }

    /// <summary>Window length.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Requests refused locally in this window.</summary>
    public int Rejected { get; init; }

    /// <summary>End of a venue ban (HTTP 418) or a Retry-After, if one is in force.</summary>
    public DateTimeOffset? BlockedUntil { get; init; }
}
