namespace PropBot.Exchanges;

/// <summary>
/// Live market data of one venue over WebSocket: latest book top and mark price per symbol, kept current by the
/// feed's own reconnecting connections, with health per stream. Reads are lock-free snapshots of the latest value.
/// </summary>
public interface IMarketDataFeed : IAsyncDisposable
{
    /// <summary>The venue.</summary>
    VenueId Venue { get; }

    /// <summary>
    /// Starts streaming book top and mark price for <paramref name="symbols"/> (venue-native). Returns once the
    /// connections are started; data arrives asynchronously. Calling again adds symbols.
    /// </summary>
    Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default);

    /// <summary>Stops all streams.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Latest book top for a symbol, if any has been received.</summary>
    bool TryGetBookTop(string symbol, out BookTop bookTop);

    /// <summary>Latest mark price for a symbol, if any has been received.</summary>
    bool TryGetMarkPrice(string symbol, out MarkPriceInfo markPrice);

    /// <summary>Health of every stream connection.</summary>
    IReadOnlyList<StreamHealth> GetHealth();

    /// <summary>Raised on every book-top update (on the receive loop: keep handlers short, never block).</summary>
    event Action<BookTop>? BookTopUpdated;

    /// <summary>Raised on every mark-price update.</summary>
    event Action<MarkPriceInfo>? MarkPriceUpdated;
}

/// <summary>Health of one stream connection.</summary>
public sealed record StreamHealth
{
    /// <summary>Stream or connection name (e.g. <c>public:btcusdt@bookTicker</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Whether the socket is open.</summary>
    public required bool IsConnected { get; init; }

    /// <summary>Local time of the last message, if any.</summary>
    public DateTimeOffset? LastReceiveTime { get; init; }

    /// <summary>Venue event time of the last message, if any.</summary>
    public DateTimeOffset? LastVenueEventTime { get; init; }

    /// <summary>Age of the last message at <see cref="AsOf"/> (null if none yet).</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>Receive time minus venue event time, corrected by the clock offset (transport + venue latency).</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>Messages received.</summary>
    public long Messages { get; init; }

    /// <summary>Messages that could not be parsed (counted, never fatal).</summary>
    public long Malformed { get; init; }

    /// <summary>Reconnects so far.</summary>
    public int Reconnects { get; init; }

    /// <summary>When this health snapshot was taken.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Whether the stream is stale against a maximum age.</summary>
    public bool IsStale(TimeSpan maxAge) => !IsConnected || Age is null || Age > maxAge;
}
