using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Fakes;

/// <summary>What the fake does with the next order.</summary>
public enum FakeOrderBehavior
{
    /// <summary>Fill against the book (IOC/market: walk levels within the limit; post-only: rest or refuse).</summary>
    Normal,

    /// <summary>Reject with <see cref="FakeDerivClient.RejectReason"/>.</summary>
    Reject,

    /// <summary>Fill only <see cref="FakeOrderScript.Quantity"/>.</summary>
    Partial,

    /// <summary>Return OutcomeUnknown, but the order exists and filled (as Normal).</summary>
    UnknownButFilled,

    /// <summary>Return OutcomeUnknown and the order never reached the venue.</summary>
    UnknownAbsent,

    /// <summary>Never answer (until the caller's token fires); the order exists and filled.</summary>
    HangButFilled,

    /// <summary>Rest (New); fills completely after <see cref="FakeOrderScript.Quantity"/> queries.</summary>
    RestThenFill,
}

/// <summary>A scripted order behaviour.</summary>
public sealed record FakeOrderScript(FakeOrderBehavior Behavior, decimal Quantity = 0m, VenueErrorReason Reason = VenueErrorReason.InsufficientMargin);

/// <summary>Scriptable in-memory venue: books, filters, fees, funding, positions and orders.</summary>
public sealed class FakeDerivClient : IDerivClient
{
    private readonly FakeTimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OrderReport> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, PositionSide Side), decimal> _positions = [];
    private readonly Queue<FakeOrderScript> _scripts = new();
    private readonly Dictionary<string, int> _restQueries = new(StringComparer.Ordinal);
    private int _orderIds;

    public FakeDerivClient(VenueId venue, string symbol, FakeTimeProvider time, decimal step, decimal minQuantity)
    {
        Venue = venue;
        Symbol = symbol;
        _time = time;
        Filters = new InstrumentFilters
        {
            Instrument = new InstrumentId(venue, symbol),
            BaseAsset = "BTC",
            QuoteAsset = "USDT",
            TickSize = 0.1m,
            StepSize = step,
            MinQuantity = minQuantity,
            MaxQuantity = 1000m,
            MinNotional = 5m,
        };
        SymbolMapper = new FakeMapper(venue, symbol);
        MarketData = new FakeFeed(venue);
    }

    public VenueId Venue { get; }

    public string Symbol { get; }

    public ISymbolMapper SymbolMapper { get; }

    public ClockState Clock { get; } = new() { Offset = TimeSpan.Zero };

    public IMarketDataFeed MarketData { get; }

    public InstrumentFilters Filters { get; set; }

    public FeeRates Fees { get; set; } = new(2m, 4m, FeeSource.Venue);

    public List<BookLevel> Bids { get; set; } = [];

    public List<BookLevel> Asks { get; set; } = [];

    public TimeSpan BookAge { get; set; }

    public decimal FundingRate { get; set; } = 0.0001m;

    public TimeSpan FundingInterval { get; set; } = TimeSpan.FromHours(8);

    public DateTimeOffset NextFundingTime { get; set; }

    public TimeSpan PingRoundTrip { get; set; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan ClockOffset { get; set; }

    public PositionMode PositionMode { get; set; } = PositionMode.Hedge;

    public bool PositionsUnreadable { get; set; }

    public VenueErrorReason RejectReason { get; set; } = VenueErrorReason.InsufficientMargin;

    /// <summary>Called when an order is placed (before it is processed).</summary>
    public Action<OrderRequest>? OnPlace { get; set; }

    public List<OrderRequest> Placed { get; } = [];

    public List<OrderRequest> Tested { get; } = [];

    public List<OrderLookup> Cancels { get; } = [];

    public List<OrderLookup> Queries { get; } = [];

    public void Script(params FakeOrderScript[] scripts)
    {
        foreach (var s in scripts)
        {
            _scripts.Enqueue(s);
        }
    }

    public decimal PositionOf(PositionSide side)
    {
        lock (_gate)
        {
            return _positions.GetValueOrDefault((Symbol, side));
        }
    }

    public decimal NetPosition()
    {
        lock (_gate)
        {
            return _positions.Where(p => p.Key.Symbol == Symbol).Sum(p => p.Value);
        }
    }

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() => [];

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return Ok(new ServerTimeInfo { ServerTime = now + ClockOffset, LocalTime = now, RoundTrip = PingRoundTrip });
    }

    public Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default) => Ok(PingRoundTrip);

    public Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default) => Ok(Filters);

    public Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default) => Ok(Fees);

    public Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return Ok(new MarkPriceInfo { Instrument = Filters.Instrument, MarkPrice = Mid, VenueTime = now, ReceiveTime = now });
    }

    public Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return Ok(new BookTop
        {
            Instrument = Filters.Instrument,
            BidPrice = Bids[0].Price,
            BidSize = Bids[0].Quantity,
            AskPrice = Asks[0].Price,
            AskSize = Asks[0].Quantity,
            VenueTime = now - BookAge,
            ReceiveTime = now - BookAge,
        });
    }

    public Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return Ok(new OrderBookSnapshot
        {
            Instrument = Filters.Instrument,
            Bids = [.. Bids.Take(depth)],
            Asks = [.. Asks.Take(depth)],
            VenueTime = now - BookAge,
            ReceiveTime = now - BookAge,
        });
    }

    public Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default) =>
        Ok(new FundingInfo { Instrument = Filters.Instrument, Rate = FundingRate, NextFundingTime = NextFundingTime, Interval = FundingInterval });

    public Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default) => Ok(PositionMode);

    public Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default) => Ok(PositionMode = mode);

    public Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) => Ok(marginType);

    public Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default) =>
        Ok(new LeverageSetting { Instrument = Filters.Instrument, Leverage = request.Leverage, MarginType = request.MarginType });

    public Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) =>
        Ok<IReadOnlyList<LeverageSetting>>([new LeverageSetting { Instrument = Filters.Instrument, Leverage = 10, MarginType = marginType }]);

    public async Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        OnPlace?.Invoke(request);
        FakeOrderScript script;
        lock (_gate)
        {
            Placed.Add(request);
            script = _scripts.Count > 0 ? _scripts.Dequeue() : new FakeOrderScript(FakeOrderBehavior.Normal);
        }

        switch (script.Behavior)
        {
            case FakeOrderBehavior.Reject:
                return Error(VenueErrorKind.Rejected, script.Reason);
            case FakeOrderBehavior.UnknownAbsent:
                return Error(VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout);
            case FakeOrderBehavior.UnknownButFilled:
                Execute(request, null);
                return Error(VenueErrorKind.OutcomeUnknown, VenueErrorReason.ServerError);
            case FakeOrderBehavior.HangButFilled:
                Execute(request, null);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                return Error(VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout);
            case FakeOrderBehavior.Partial:
                return Execute(request, script.Quantity);
            case FakeOrderBehavior.RestThenFill:
                lock (_gate)
                {
                    _restQueries[request.ClientOrderId.Value] = (int)script.Quantity;
                }

                return Store(Report(request, OrderStatus.New, 0m, null));
            default:
                if (request.TimeInForce == TimeInForce.PostOnly && Crosses(request))
                {
                    return Store(Report(request, OrderStatus.Canceled, 0m, null) with { PostOnlyRejected = true });
                }

                return Execute(request, null);
        }
    }

    public Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Tested.Add(request);
        }

        return Ok(Report(request, OrderStatus.New, 0m, null));
    }

    public Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Cancels.Add(order);
            if (order.ClientOrderId is { } id && _orders.TryGetValue(id.Value, out var r))
            {
                if (!r.Status.IsTerminal())
                {
                    r = r with { Status = OrderStatus.Canceled };
                    _orders[id.Value] = r;
                }

                return Ok(r);
            }
        }

        return Task.FromResult(Error(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound));
    }

    public Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        OrderRequest? fillNow = null;
        lock (_gate)
        {
            Queries.Add(order);
            if (order.ClientOrderId is not { } id || !_orders.TryGetValue(id.Value, out var r))
            {
                return Task.FromResult(Error(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound));
            }

            if (_restQueries.TryGetValue(id.Value, out var left) && !r.Status.IsTerminal())
            {
                if (left <= 1)
                {
                    _restQueries.Remove(id.Value);
                    fillNow = Placed.Last(p => p.ClientOrderId == id);
                }
                else
                {
                    _restQueries[id.Value] = left - 1;
                    return Ok(r);
                }
            }
            else
            {
                return Ok(r);
            }
        }

        var filled = fillNow!.Quantity;
        Apply(fillNow, filled);
        return Ok(Store(Report(fillNow, OrderStatus.Filled, filled, fillNow.Price)).Data!);
    }

    public Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Ok<IReadOnlyList<OrderReport>>([.. _orders.Values.Where(o => !o.Status.IsTerminal())]);
        }
    }

    public Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        if (PositionsUnreadable)
        {
            return Task.FromResult<VenueResult<IReadOnlyList<Position>>>(new VenueError { Kind = VenueErrorKind.Transient, Venue = Venue, Message = "positions unavailable" });
        }

        lock (_gate)
        {
            return Ok<IReadOnlyList<Position>>([.. _positions.Where(p => p.Value != 0m).Select(p => new Position
            {
                Instrument = new InstrumentId(Venue, p.Key.Symbol),
                PositionSide = p.Key.Side,
                Quantity = p.Value,
                MarkPrice = Mid,
            })]);
        }
    }

    public Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default) =>
        Ok(new AccountMargin { Venue = Venue, WalletBalance = 100_000m, MarginBalance = 100_000m, AvailableBalance = 100_000m });

    public Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.FromResult<VenueResult<DeadManSwitchStatus>>(new VenueError { Kind = VenueErrorKind.InvalidRequest, Reason = VenueErrorReason.NotSupported, Venue = Venue, Message = "n/a" });

    private decimal Mid => Bids.Count > 0 && Asks.Count > 0 ? (Bids[0].Price + Asks[0].Price) / 2m : 0m;

    private bool Crosses(OrderRequest r) =>
        r.Price is { } p && (r.Side == OrderSide.Buy ? Asks.Count > 0 && p >= Asks[0].Price : Bids.Count > 0 && p <= Bids[0].Price);

    private VenueResult<OrderReport> Execute(OrderRequest request, decimal? cap)
    {
        var levels = request.Side == OrderSide.Buy ? Asks : Bids;
        var (filled, cost) = BookLiquidity.Take(levels, request.Side, Math.Min(request.Quantity, cap ?? request.Quantity), request.Type == OrderType.Limit ? request.Price : null);

        if (request.ReduceOnly)
        {
            var side = request.PositionSide;
            var open = Math.Abs(PositionOf(side == PositionSide.Both ? PositionSide.Both : side));
            filled = Math.Min(filled, open);
        }

        Apply(request, filled);
        var status = filled >= request.Quantity ? OrderStatus.Filled : OrderStatus.Expired;
        return Store(Report(request, status, filled, filled > 0m ? cost / Math.Max(filled, 1e-18m) : null));
    }

    private void Apply(OrderRequest request, decimal filled)
    {
        if (filled <= 0m)
        {
            return;
        }

        lock (_gate)
        {
            var key = (request.Symbol, request.PositionSide);
            _positions[key] = _positions.GetValueOrDefault(key) + (request.Side == OrderSide.Buy ? filled : -filled);
        }
    }

    private VenueResult<OrderReport> Store(OrderReport report)
    {
        lock (_gate)
        {
            _orders[report.ClientOrderId.Value] = report;
        }

        return report;
    }

    private OrderReport Report(OrderRequest request, OrderStatus status, decimal filled, decimal? price) => new()
    {
        Instrument = new InstrumentId(Venue, request.Symbol),
        ClientOrderId = request.ClientOrderId,
        VenueOrderId = new VenueOrderId(Interlocked.Increment(ref _orderIds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Side = request.Side,
        Type = request.Type,
        TimeInForce = request.TimeInForce,
        PositionSide = request.PositionSide,
        ReduceOnly = request.ReduceOnly,
        Status = status,
        Quantity = request.Quantity,
        Price = request.Price,
        FilledQuantity = filled,
        AveragePrice = price,
        UpdateTime = _time.GetUtcNow(),
    };

    private VenueResult<OrderReport> Error(VenueErrorKind kind, VenueErrorReason reason) =>
        new VenueError { Kind = kind, Reason = reason, Venue = Venue, Message = $"fake {kind} {reason}" };

    private static Task<VenueResult<T>> Ok<T>(T value) => Task.FromResult(VenueResult<T>.Ok(value));

    private sealed class FakeMapper(VenueId venue, string symbol) : ISymbolMapper
    {
        public VenueId Venue => venue;

        public string ToVenueSymbol(UnifiedSymbol unified) => symbol;

        public bool TryToUnified(string venueSymbol, out UnifiedSymbol unified)
        {
            unified = new UnifiedSymbol("BTC", "USDT");
            return venueSymbol == symbol;
        }
    }

    private sealed class FakeFeed(VenueId venue) : IMarketDataFeed
    {
        public VenueId Venue => venue;

        public event Action<BookTop>? BookTopUpdated
        {
            add { }
            remove { }
        }

        public event Action<MarkPriceInfo>? MarkPriceUpdated
        {
            add { }
            remove { }
        }

        public Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public bool TryGetBookTop(string symbol, out BookTop bookTop)
        {
            bookTop = default;
            return false;
        }

        public bool TryGetMarkPrice(string symbol, out MarkPriceInfo markPrice)
        {
            markPrice = default;
            return false;
        }

        public IReadOnlyList<StreamHealth> GetHealth() => [];

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
