using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges.Okx.Wire;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Okx;

/// <summary>
/// OKX public market data over one reconnecting WebSocket on <c>/ws/v5/public</c>: <c>bbo-tbt</c> (or <c>books5</c>)
/// for the book top, <c>mark-price</c> and <c>funding-rate</c>. Text <c>ping</c> keep-alive, resubscribe after every
/// reconnect, allocation-free parsing, contract sizes converted to base units, per-channel staleness (venue <c>ts</c>
/// versus local receive time). Malformed pushes are counted, never fatal.
/// </summary>
internal sealed class OkxMarketDataFeed : MarketDataFeedBase
{
    private static readonly byte[] PingBytes = "ping"u8.ToArray();

    private readonly OkxSwapOptions _options;
    private readonly OkxEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly OkxSwapClient? _client;
    private readonly Func<TimeSpan> _clockOffset;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<MarketDataSlot, SymbolState> _states = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private ReconnectingWebSocket? _socket;
    private long _events;
    private long _errorEvents;
    private int _disposed;

    public OkxMarketDataFeed(OkxSwapOptions options, OkxEnvironment environment, TimeProvider time, OkxSwapClient? client, Func<TimeSpan> clockOffset, ILogger logger)
        : base(VenueId.OkxSwap)
    {
        _options = options;
        _environment = environment;
        _time = time;
        _client = client;
        _clockOffset = clockOffset;
        _logger = logger;
    }

    /// <summary>Book channel subscribed (<c>bbo-tbt</c> or <c>books5</c>).</summary>
    public string BookChannel => _options.BookChannel;

    /// <summary>Control events received (subscribe acks, notices).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Error events received (e.g. a refused subscription).</summary>
    public long ErrorEvents => Interlocked.Read(ref _errorEvents);

    public override async Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var added = new List<string>();
        foreach (var symbol in symbols.Distinct(StringComparer.Ordinal))
        {
            var slot = Cache.GetOrAdd(symbol);
            var state = new SymbolState(symbol);
            if (_states.TryAdd(slot, state))
            {
                slot.FeedState = state;
                added.Add(symbol);
            }
        }

        foreach (var symbol in added)
        {
            await LoadContractSizeAsync(symbol, cancellationToken).ConfigureAwait(false);
        }

        ReconnectingWebSocket? socket;
        var created = false;
        lock (_gate)
        {
            if (_socket is null)
            {
                _socket = new ReconnectingWebSocket(
                    new ReconnectingWebSocketOptions
                    {
                        Name = "okx:public",
                        UrlFactory = () => _environment.PublicWebSocketUrl,
                        OnMessage = OnMessage,
                        OnConnected = (ws, ct) => SubscribeAsync(ws, [.. _states.Values.Select(s => s.Symbol)], "subscribe", ct),
                        KeepAlive = static (ws, ct) => ws.SendTextAsync(PingBytes, ct),
                        KeepAliveInterval = _options.PingInterval,
                        IdleTimeout = _options.PingInterval + TimeSpan.FromSeconds(10),
                        MaxConnectAttempts = _options.MaxReconnectAttempts,
                    },
                    _time);
                created = true;
            }

            socket = _socket;
        }

        if (created)
        {
            socket.Start();
        }
        else if (added.Count > 0 && socket.IsConnected)
        {
            await SubscribeAsync(socket, added, "subscribe", cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ReconnectingWebSocket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }

        if (socket is not null)
        {
            if (socket.IsConnected && !_states.IsEmpty)
            {
                await SubscribeAsync(socket, [.. _states.Values.Select(s => s.Symbol)], "unsubscribe", cancellationToken).ConfigureAwait(false);
            }

            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override IReadOnlyList<StreamHealth> GetHealth()
    {
        var list = new List<StreamHealth>();
        ReconnectingWebSocket? socket;
        lock (_gate)
        {
            socket = _socket;
        }

        var offset = _clockOffset();
        var now = _time.GetUtcNow();
        var connected = socket?.IsConnected ?? false;
        if (socket is not null)
        {
            list.Add(socket.GetHealth(offset));
        }

        foreach (var (slot, state) in _states.OrderBy(kv => kv.Value.Symbol, StringComparer.Ordinal))
        {
            DateTimeOffset? bookReceive = null, bookVenue = null, markReceive = null, markVenue = null;
            if (slot.TryGetBookTop(out var top))
            {
                (bookReceive, bookVenue) = (top.ReceiveTime, top.VenueTime);
            }

            if (slot.TryGetMarkPrice(out var mark))
            {
                (markReceive, markVenue) = (mark.ReceiveTime, mark.VenueTime);
            }

            list.Add(Channel($"okx:{BookChannel}:{state.Symbol}", connected, bookReceive, bookVenue, state.BookMessages, state.Malformed, socket, now, offset));
            list.Add(Channel($"okx:mark-price:{state.Symbol}", connected, markReceive, markVenue, state.MarkMessages, 0, socket, now, offset));
        }

        return list;
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Handles one message on the receive loop (no allocation on the data path).</summary>
    internal MessageOutcome OnMessage(ReadOnlySpan<byte> message) => OnMessage(message, _time.GetUtcNow());

    /// <summary>Handles one message received at <paramref name="receive"/>.</summary>
    internal MessageOutcome OnMessage(ReadOnlySpan<byte> message, DateTimeOffset receive)
    {
        var kind = OkxPushParser.Parse(message, out var push);
        switch (kind)
        {
            case OkxPushKind.Pong:
                return MessageOutcome.Ignored;
            case OkxPushKind.Event:
                Interlocked.Increment(ref _events);
                if (push.IsErrorEvent)
                {
                    Interlocked.Increment(ref _errorEvents);
                }

                if (push.IsReconnectNotice)
                {
                    ReconnectingWebSocket? s;
                    lock (_gate)
                    {
                        s = _socket;
                    }

                    s?.ForceReconnect();
                }

                return MessageOutcome.Ignored;
            case OkxPushKind.Malformed:
                return MessageOutcome.Malformed;
        }

        if (!Cache.TryGetSlot(OkxPushParser.InstId(message, push), out var slot) || slot.FeedState is not SymbolState state)
        {
            return MessageOutcome.Ignored;
        }

        var venueTime = push.TimestampMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(push.TimestampMs) : receive;
        switch (push.Channel)
        {
            case OkxChannel.BboTbt or OkxChannel.Books5:
                if (!push.HasBid || !push.HasAsk || push.TimestampMs <= 0)
                {
                    state.CountMalformed();
                    return MessageOutcome.Malformed;
                }

                var multiplier = state.Multiplier;
                if (multiplier is not { Size: > 0m })
                {
                    if (Volatile.Read(ref _disposed) == 0)
                    {
                        _ = LoadContractSizeAsync(state.Symbol, _stop.Token);
                    }

                    return MessageOutcome.Ignored;
                }

                state.CountBook();
                PublishBookTop(slot, new BookTop
                {
                    Instrument = slot.Instrument,
                    BidPrice = push.BidPrice,
                    BidSize = multiplier.ToBase(push.BidSize),
                    AskPrice = push.AskPrice,
                    AskSize = multiplier.ToBase(push.AskSize),
                    VenueTime = venueTime,
                    ReceiveTime = receive,
                    UpdateId = push.SeqId,
                });
                return MessageOutcome.Handled(venueTime);

            case OkxChannel.MarkPrice:
                if (!push.HasMarkPrice)
                {
                    state.CountMalformed();
                    return MessageOutcome.Malformed;
                }

                state.CountMark();
                var funding = state.Funding;
                PublishMarkPrice(slot, new MarkPriceInfo
                {
                    Instrument = slot.Instrument,
                    MarkPrice = push.MarkPrice,
                    FundingRate = funding.HasValue ? funding.Value.Rate : null,
                    NextFundingTime = funding.HasValue ? funding.Value.FundingTime : null,
                    VenueTime = venueTime,
                    ReceiveTime = receive,
                });
                return MessageOutcome.Handled(venueTime);

            case OkxChannel.FundingRate:
                if (!push.HasFundingRate || push.FundingTimeMs <= 0)
                {
                    return MessageOutcome.Malformed;
                }

                state.Funding = (push.FundingRate, DateTimeOffset.FromUnixTimeMilliseconds(push.FundingTimeMs));
                return MessageOutcome.Handled(venueTime);

            default:
                return MessageOutcome.Ignored;
        }
    }

    internal static string BuildSubscription(string op, IReadOnlyList<string> symbols, string bookChannel)
    {
        var args = new List<OkxWsArg>(symbols.Count * 3);
        foreach (var s in symbols)
        {
            args.Add(new OkxWsArg { Channel = bookChannel, InstId = s });
            args.Add(new OkxWsArg { Channel = "mark-price", InstId = s });
            args.Add(new OkxWsArg { Channel = "funding-rate", InstId = s });
        }

        return JsonSerializer.Serialize(new OkxWsRequest { Op = op, Args = args }, OkxJsonContext.Default.OkxWsRequest);
    }

    /// <summary>Sets the contract size of a symbol directly (tests and callers that already hold the rules).</summary>
    internal void SetContractSize(string symbol, decimal contractSize)
    {
        var slot = Cache.GetOrAdd(symbol);
        var state = _states.GetOrAdd(slot, static (_, s) => new SymbolState(s), symbol);
        slot.FeedState = state;
        state.ContractSize = contractSize;
    }

    private async Task SubscribeAsync(ReconnectingWebSocket socket, IReadOnlyList<string> symbols, string op, CancellationToken cancellationToken)
    {
        if (symbols.Count == 0)
        {
            return;
        }

        var ok = await socket.SendTextAsync(BuildSubscription(op, symbols, BookChannel), cancellationToken).ConfigureAwait(false);
        if (!ok && op == "subscribe")
        {
            _logger.LogWarning("OKX {Op} for {Count} symbols could not be sent; the connection will be re-established.", op, symbols.Count);
        }
    }

    private async Task LoadContractSizeAsync(string symbol, CancellationToken cancellationToken)
    {
        if (_client is null || !Cache.TryGetSlot(symbol, out var slot) || !_states.TryGetValue(slot, out var state) || state.ContractSize > 0m)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (!state.TryBeginLoad(now))
        {
            return;
        }

        try
        {
            var r = await _client.GetInstrumentAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (r.Data is { } info)
            {
                state.ContractSize = info.ContractSize;
            }
            else
            {
                _logger.LogWarning("OKX instrument rules of {Symbol} unavailable ({Error}); book sizes held back until they load.", symbol, r.Error?.Code);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static StreamHealth Channel(string name, bool connected, DateTimeOffset? receive, DateTimeOffset? venue, long messages, long malformed, ReconnectingWebSocket? socket, DateTimeOffset now, TimeSpan offset) => new()
    {
        Name = name,
        IsConnected = connected,
        LastReceiveTime = receive,
        LastVenueEventTime = venue,
        Age = receive is { } r ? now - r : null,
        Latency = receive is { } rr && venue is { } v ? rr - (v - offset) : null,
        Messages = messages,
        Malformed = malformed,
        Reconnects = socket?.Reconnects ?? 0,
        AsOf = now,
    };

    private sealed class SymbolState(string symbol)
    {
        private long _bookMessages;
        private long _markMessages;
        private long _malformed;
        private long _lastLoadTicks;

        public string Symbol { get; } = symbol;

        public decimal ContractSize
        {
            get => Multiplier?.Size ?? 0m;
            set => Multiplier = new ContractMultiplier(value);
        }

        /// <summary>Contracts → base units (set with <see cref="ContractSize"/>; swapped as one reference).</summary>
        public ContractMultiplier? Multiplier { get; private set; }

        public (decimal Rate, DateTimeOffset FundingTime)? Funding { get; set; }

        public long BookMessages => Interlocked.Read(ref _bookMessages);

        public long MarkMessages => Interlocked.Read(ref _markMessages);

        public long Malformed => Interlocked.Read(ref _malformed);

        public void CountBook() => Interlocked.Increment(ref _bookMessages);

        public void CountMark() => Interlocked.Increment(ref _markMessages);

        public void CountMalformed() => Interlocked.Increment(ref _malformed);

        public bool TryBeginLoad(DateTimeOffset now)
        {
            var last = Interlocked.Read(ref _lastLoadTicks);
            if (last != 0 && now.UtcTicks - last < TimeSpan.TicksPerSecond * 5)
            {
                return false;
            }

            return Interlocked.CompareExchange(ref _lastLoadTicks, now.UtcTicks, last) == last;
        }
    }
}
