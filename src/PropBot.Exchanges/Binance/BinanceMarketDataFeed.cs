using System.Text;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Binance;

/// <summary>
/// Binance USD-M market data over the 2026 routed WebSocket paths: <c>/public</c> for <c>@bookTicker</c> (and
/// <c>@depth5@100ms</c>), <c>/market</c> for <c>@markPrice@1s</c>. A stream on the wrong path connects and silently
/// delivers nothing, so the routing lives in <see cref="PublicUrl"/> / <see cref="MarketUrl"/> and is pinned by tests.
/// </summary>
internal sealed class BinanceMarketDataFeed : MarketDataFeedBase
{
    private readonly BinanceEnvironment _environment;
    private readonly BinanceUsdFuturesOptions _options;
    private readonly VenueClock _clock;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _symbols = new(StringComparer.OrdinalIgnoreCase);
    private ReconnectingWebSocket? _public;
    private ReconnectingWebSocket? _market;

    public BinanceMarketDataFeed(BinanceEnvironment environment, BinanceUsdFuturesOptions options, VenueClock clock, TimeProvider timeProvider)
        : base(VenueId.BinanceUsdFutures)
    {
        _environment = environment;
        _options = options;
        _clock = clock;
        _time = timeProvider;
    }

    /// <summary>Builds the <c>/public</c> combined-stream URL (book streams).</summary>
    public static Uri PublicUrl(Uri webSocketBase, IEnumerable<string> symbols, bool depth5)
    {
        var streams = symbols.SelectMany(s => depth5
            ? new[] { $"{s.ToLowerInvariant()}@bookTicker", $"{s.ToLowerInvariant()}@depth5@100ms" }
            : [$"{s.ToLowerInvariant()}@bookTicker"]);
        return Build(webSocketBase, "public", streams);
    }

    /// <summary>Builds the <c>/market</c> combined-stream URL (mark price).</summary>
    public static Uri MarketUrl(Uri webSocketBase, IEnumerable<string> symbols) =>
        Build(webSocketBase, "market", symbols.Select(s => $"{s.ToLowerInvariant()}@markPrice@1s"));

    public override Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        lock (_gate)
        {
            var added = false;
            foreach (var symbol in symbols)
            {
                Cache.GetOrAdd(symbol.ToUpperInvariant());
                added |= _symbols.Add(symbol.ToUpperInvariant());
            }

            if (_public is null)
            {
                _public = Create("binance_um/public", () => PublicUrl(_environment.WebSocketBaseUrl, Snapshot(), _options.SubscribeDepth5));
                _market = Create("binance_um/market", () => MarketUrl(_environment.WebSocketBaseUrl, Snapshot()));
                _public.Start();
                _market!.Start();
            }
            else if (added)
            {
                _public.ForceReconnect();
                _market?.ForceReconnect();
            }
        }

        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ReconnectingWebSocket? p, m;
        lock (_gate)
        {
            (p, m) = (_public, _market);
            (_public, _market) = (null, null);
        }

        if (p is not null)
        {
            await p.DisposeAsync().ConfigureAwait(false);
        }

        if (m is not null)
        {
            await m.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override IReadOnlyList<StreamHealth> GetHealth()
    {
        ReconnectingWebSocket? p, m;
        lock (_gate)
        {
            (p, m) = (_public, _market);
        }

        var offset = _clock.Offset;
        var now = _time.GetUtcNow();
        var list = new List<StreamHealth>(2 + (2 * _symbols.Count));
        if (p is not null)
        {
            var connection = p.GetHealth(offset);
            list.Add(connection);
            foreach (var symbol in Snapshot())
            {
                BookTop top = default;
                var has = Cache.TryGetSlot(symbol, out var slot) && slot.TryGetBookTop(out top);
                list.Add(StreamEntry($"{connection.Name}:{symbol.ToLowerInvariant()}@bookTicker", connection, has ? top.ReceiveTime : null, has ? top.VenueTime : null, offset, now));
            }
        }

        if (m is not null)
        {
            var connection = m.GetHealth(offset);
            list.Add(connection);
            foreach (var symbol in Snapshot())
            {
                MarkPriceInfo mark = default;
                var has = Cache.TryGetSlot(symbol, out var slot) && slot.TryGetMarkPrice(out mark);
                list.Add(StreamEntry($"{connection.Name}:{symbol.ToLowerInvariant()}@markPrice@1s", connection, has ? mark.ReceiveTime : null, has ? mark.VenueTime : null, offset, now));
            }
        }

        return list;
    }

    /// <summary>Health of one stream from the latest value it delivered (per-stream staleness), on its connection.</summary>
    private static StreamHealth StreamEntry(string name, StreamHealth connection, DateTimeOffset? received, DateTimeOffset? venueTime, TimeSpan offset, DateTimeOffset now) => new()
    {
        Name = name,
        IsConnected = connection.IsConnected,
        LastReceiveTime = received,
        LastVenueEventTime = venueTime,
        Age = received is { } r ? now - r : null,
        Latency = received is { } rr && venueTime is { } v ? rr - (v - offset) : null,
        Reconnects = connection.Reconnects,
        AsOf = now,
    };

    /// <summary>Handles one frame (the socket's message handler; exposed for tests and benchmarks).</summary>
    internal MessageOutcome OnMessage(ReadOnlySpan<byte> frame)
    {
        var kind = BinanceStreamParser.Parse(frame, Cache, _time.GetUtcNow(), out var slot, out var bookTop, out var markPrice);
        switch (kind)
        {
            case BinanceFrameKind.BookTicker:
                PublishBookTop(slot!, bookTop);
                return MessageOutcome.Handled(bookTop.VenueTime);
            case BinanceFrameKind.MarkPrice:
                PublishMarkPrice(slot!, markPrice);
                return MessageOutcome.Handled(markPrice.VenueTime);
            case BinanceFrameKind.Malformed:
                return MessageOutcome.Malformed;
            default:
                return MessageOutcome.Ignored;
        }
    }

    protected override async ValueTask DisposeCoreAsync() => await StopAsync().ConfigureAwait(false);

    private static Uri Build(Uri webSocketBase, string route, IEnumerable<string> streams)
    {
        var sb = new StringBuilder(webSocketBase.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        sb.Append('/').Append(route).Append("/stream?streams=").Append(string.Join('/', streams));
        return new Uri(sb.ToString());
    }

    private string[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _symbols];
        }
    }

    private ReconnectingWebSocket Create(string name, Func<Uri> url) => new(
        new ReconnectingWebSocketOptions
        {
            Name = name,
            UrlFactory = url,
            OnMessage = OnMessage,
            IdleTimeout = _options.StreamIdleTimeout,
            MaxConnectionLifetime = _options.StreamMaxLifetime,
            MaxConnectAttempts = 10,
            ConnectAttemptWindow = TimeSpan.FromMinutes(1),
        },
        _time);
}
