using System.Collections.Concurrent;
using PropBot.Exchanges;

namespace PropBot.Host.Venues;

/// <summary>
/// An in-process venue for the paper profile and the host tests: deterministic books from <see cref="SimulatedMarket"/>,
/// IOC/market fills at the top of book, positions, account settings. Used when the routing is <c>simulated</c>
/// (or <c>emulator</c> while the wire-level emulator is not wired in).
/// </summary>
internal sealed class SimulatedDerivClient : IDerivClient
{
    private readonly SimulatedMarket _market;
    private readonly object _gate = new();
    private readonly Dictionary<(string Symbol, PositionSide Side), PositionState> _positions = [];
    private readonly Dictionary<string, (int Leverage, MarginType Margin)> _settings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OrderReport> _orders = new(StringComparer.Ordinal);
    private readonly SimulatedFeed _feed;
    private PositionMode _positionMode = PositionMode.OneWay;
    private long _orderSeq = 1000;
    private decimal _realized;

    public SimulatedDerivClient(VenueId venue, SimulatedMarket market)
    {
        Venue = venue;
        _market = market;
        SymbolMapper = new SimulatedSymbolMapper(venue);
        _feed = new SimulatedFeed(venue, market);
    }

    public VenueId Venue { get; }

    public ISymbolMapper SymbolMapper { get; }

    public ClockState Clock { get; private set; } = new();

    public IMarketDataFeed MarketData => _feed;

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() =>
    [
        new RateLimitUsage { Name = Venue == VenueId.BinanceUsdFutures ? "REQUEST_WEIGHT 1m" : "trade/order 2s", Used = 0, Limit = Venue == VenueId.BinanceUsdFutures ? 2400 : 60, Window = Venue == VenueId.BinanceUsdFutures ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(2) },
    ];

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default)
    {
        var now = _market.TimeProvider.GetUtcNow();
        Clock = new ClockState { Offset = TimeSpan.Zero, RoundTrip = TimeSpan.Zero, LastSync = now };
        return Ok(new ServerTimeInfo { ServerTime = now, LocalTime = now, RoundTrip = TimeSpan.Zero });
    }

    public Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default) => Ok(TimeSpan.Zero);

    public Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default)
    {
        if (!Known(symbol))
        {
            return Fail<InstrumentFilters>(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, $"Unknown symbol {symbol}.");
        }

        var (asset, tick, step, contract) = SimulatedMarket.Describe(Venue, symbol);
        return Ok(new InstrumentFilters
        {
            Instrument = new InstrumentId(Venue, symbol),
            BaseAsset = asset,
            QuoteAsset = "USDT",
            TickSize = tick,
            StepSize = step,
            MinQuantity = step,
            MaxQuantity = step * 1_000_000m,
            MinNotional = Venue == VenueId.BinanceUsdFutures ? 5m : 0m,
            ContractSize = contract,
        });
    }

    public Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default) =>
        Ok(Venue == VenueId.BinanceUsdFutures ? new FeeRates(2.0m, 5.0m, FeeSource.Venue) : new FeeRates(2.0m, 5.0m, FeeSource.Venue));

    public Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default)
    {
        if (!Known(symbol))
        {
            return Fail<MarkPriceInfo>(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, $"Unknown symbol {symbol}.");
        }

        return Ok(Mark(symbol));
    }

    public Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default) =>
        Known(symbol) ? Ok(_market.BookTop(Venue, symbol)) : Fail<BookTop>(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, $"Unknown symbol {symbol}.");

    public Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default)
    {
        var top = _market.BookTop(Venue, symbol);
        var tick = SimulatedMarket.Describe(Venue, symbol).Tick;
        var bids = Enumerable.Range(0, Math.Max(1, depth)).Select(i => new BookLevel(top.BidPrice - (i * tick), top.BidSize * (i + 1))).ToList();
        var asks = Enumerable.Range(0, Math.Max(1, depth)).Select(i => new BookLevel(top.AskPrice + (i * tick), top.AskSize * (i + 1))).ToList();
        return Ok(new OrderBookSnapshot { Instrument = top.Instrument, Bids = bids, Asks = asks, VenueTime = top.VenueTime, ReceiveTime = top.ReceiveTime, UpdateId = top.UpdateId });
    }

    public Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var now = _market.TimeProvider.GetUtcNow();
        var interval = TimeSpan.FromHours(8);
        var next = new DateTimeOffset((now.UtcTicks / interval.Ticks + 1) * interval.Ticks, TimeSpan.Zero);
        return Ok(new FundingInfo { Instrument = new InstrumentId(Venue, symbol), Rate = _market.FundingRate(Venue, symbol), NextFundingTime = next, Interval = interval, EventTime = now });
    }

    public Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Ok(_positionMode);
        }
    }

    public Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (mode != _positionMode && _positions.Values.Any(p => p.Quantity != 0m))
            {
                return Fail<PositionMode>(VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions, "Position mode cannot change while positions are open.");
            }

            _positionMode = mode;
            return Ok(mode);
        }
    }

    public Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var current = Setting(symbol);
            _settings[symbol] = (current.Leverage, marginType);
            return Ok(marginType);
        }
    }

    public Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Leverage is < 1 or > 125)
        {
            return Fail<LeverageSetting>(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidLeverage, $"Leverage must be 1-125, was {request.Leverage}.");
        }

        lock (_gate)
        {
            var current = Setting(request.Symbol);
            _settings[request.Symbol] = (request.Leverage, current.Margin);
            return Ok(new LeverageSetting { Instrument = new InstrumentId(Venue, request.Symbol), Leverage = request.Leverage, MarginType = current.Margin });
        }
    }

    public Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var s = Setting(symbol);
            IReadOnlyList<LeverageSetting> list = [new LeverageSetting { Instrument = new InstrumentId(Venue, symbol), Leverage = s.Leverage, MarginType = s.Margin }];
            return Ok(list);
        }
    }

    public Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => Task.FromResult(Execute(request, test: false));

    public Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => Task.FromResult(Execute(request, test: true));

    public Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default) =>
        order.ClientOrderId is { } id && _orders.TryGetValue(id.Value, out var report)
            ? Fail<OrderReport>(VenueErrorKind.Rejected, VenueErrorReason.OrderNotFound, $"Order {report.ClientOrderId} is not open.")
            : Fail<OrderReport>(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound, "Order not found.");

    public Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default) =>
        order.ClientOrderId is { } id && _orders.TryGetValue(id.Value, out var report)
            ? Ok(report)
            : Fail<OrderReport>(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound, "Order not found.");

    public Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default) =>
        Ok<IReadOnlyList<OrderReport>>([]);

    public Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Position> list = _positions
                .Where(p => p.Value.Quantity != 0m)
                .OrderBy(p => p.Key.Symbol, StringComparer.Ordinal).ThenBy(p => p.Key.Side)
                .Select(p =>
                {
                    var mark = Mark(p.Key.Symbol).MarkPrice;
                    var s = Setting(p.Key.Symbol);
                    var notional = Math.Abs(p.Value.Quantity * mark);
                    return new Position
                    {
                        Instrument = new InstrumentId(Venue, p.Key.Symbol),
                        PositionSide = p.Key.Side,
                        Quantity = p.Value.Quantity,
                        EntryPrice = p.Value.EntryPrice,
                        MarkPrice = mark,
                        UnrealizedPnl = Math.Round((mark - p.Value.EntryPrice) * p.Value.Quantity, 8),
                        Leverage = s.Leverage,
                        MarginType = s.Margin,
                        Margin = Math.Round(notional / s.Leverage, 8),
                        MaintenanceMargin = Math.Round(notional * 0.004m, 8),
                        UpdateTime = _market.TimeProvider.GetUtcNow(),
                    };
                })
                .ToList();
            return Ok(list);
        }
    }

    public async Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default)
    {
        var positions = (await GetPositionsAsync(cancellationToken).ConfigureAwait(false)).Data ?? [];
        decimal wallet;
        lock (_gate)
        {
            wallet = 100_000m + _realized;
        }

        var upnl = positions.Sum(p => p.UnrealizedPnl);
        return new AccountMargin
        {
            Venue = Venue,
            WalletBalance = wallet,
            MarginBalance = wallet + upnl,
            AvailableBalance = wallet + upnl - positions.Sum(p => p.Margin),
            InitialMargin = positions.Sum(p => p.Margin),
            MaintenanceMargin = positions.Sum(p => p.MaintenanceMargin),
            UpdateTime = _market.TimeProvider.GetUtcNow(),
        };
    }

    public Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Ok(new DeadManSwitchStatus { Venue = Venue, Symbol = Venue == VenueId.OkxSwap ? null : symbol, Timeout = timeout, TriggerTime = timeout > TimeSpan.Zero ? _market.TimeProvider.GetUtcNow() + timeout : null });

    private VenueResult<OrderReport> Execute(OrderRequest request, bool test)
    {
        if (!Known(request.Symbol))
        {
            return Error(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, $"Unknown symbol {request.Symbol}.");
        }

        var (_, tick, step, _) = SimulatedMarket.Describe(Venue, request.Symbol);
        if (request.Quantity <= 0m || request.Quantity % step != 0m)
        {
            return Error(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidLotSize, $"Quantity {request.Quantity} is not a positive multiple of {step}.");
        }

        if (request.Type == OrderType.Limit && (request.Price is not { } p || p <= 0m || p % tick != 0m))
        {
            return Error(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidPrecision, $"Limit price must be a positive multiple of {tick}.");
        }

        lock (_gate)
        {
            var hedge = _positionMode == PositionMode.Hedge;
            if (hedge == (request.PositionSide == PositionSide.Both))
            {
                return Error(VenueErrorKind.InvalidRequest, VenueErrorReason.PositionSideMismatch, $"Position side {request.PositionSide} does not match the {_positionMode} position mode.");
            }

            var book = _market.BookTop(Venue, request.Symbol);
            var price = request.Side == OrderSide.Buy ? book.AskPrice : book.BidPrice;
            var crosses = request.Type == OrderType.Market || (request.Side == OrderSide.Buy ? request.Price >= price : request.Price <= price);
            if (request.TimeInForce == TimeInForce.PostOnly && request.Type == OrderType.Limit && crosses)
            {
                return Report(request, OrderStatus.Canceled, 0m, null, postOnlyRejected: true, test);
            }

            var key = (request.Symbol, hedge ? request.PositionSide : PositionSide.Both);
            _positions.TryGetValue(key, out var position);
            position ??= new PositionState();
            var signed = request.Side.Sign() * request.Quantity;
            var qty = request.Quantity;
            if (request.ReduceOnly)
            {
                var reducible = Math.Sign(position.Quantity) == -Math.Sign(signed) ? Math.Abs(position.Quantity) : 0m;
                if (reducible == 0m)
                {
                    return Error(VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected, "Reduce-only order would not reduce the position.");
                }

                qty = Math.Min(qty, reducible);
                signed = request.Side.Sign() * qty;
            }

            if (!crosses)
            {
                return Report(request, OrderStatus.Expired, 0m, null, postOnlyRejected: false, test);
            }

            if (!test)
            {
                Apply(position, signed, price);
                _positions[key] = position;
            }

            return Report(request, qty == request.Quantity ? OrderStatus.Filled : OrderStatus.PartiallyFilled, qty, price, postOnlyRejected: false, test, fee: Math.Round(qty * price * 0.0005m, 8));
        }
    }

    private void Apply(PositionState position, decimal signed, decimal price)
    {
        var old = position.Quantity;
        var next = old + signed;
        if (old == 0m || Math.Sign(old) == Math.Sign(signed))
        {
            position.EntryPrice = next == 0m ? 0m : ((position.EntryPrice * Math.Abs(old)) + (price * Math.Abs(signed))) / Math.Abs(next);
        }
        else
        {
            var closed = Math.Min(Math.Abs(old), Math.Abs(signed));
            _realized += closed * (price - position.EntryPrice) * Math.Sign(old);
            if (Math.Sign(next) != Math.Sign(old) && next != 0m)
            {
                position.EntryPrice = price;
            }
        }

        position.Quantity = next;
    }

    private VenueResult<OrderReport> Report(OrderRequest request, OrderStatus status, decimal filled, decimal? average, bool postOnlyRejected, bool test, decimal? fee = null)
    {
        var report = new OrderReport
        {
            Instrument = new InstrumentId(Venue, request.Symbol),
            ClientOrderId = request.ClientOrderId,
            VenueOrderId = test ? null : new VenueOrderId((++_orderSeq).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Side = request.Side,
            Type = request.Type,
            TimeInForce = request.TimeInForce,
            PositionSide = request.PositionSide,
            ReduceOnly = request.ReduceOnly,
            Status = status,
            Quantity = request.Quantity,
            Price = request.Price,
            FilledQuantity = filled,
            AveragePrice = average,
            Fee = fee,
            PostOnlyRejected = postOnlyRejected,
            UpdateTime = _market.TimeProvider.GetUtcNow(),
        };
        if (!test)
        {
            _orders[request.ClientOrderId.Value] = report;
        }

        return report;
    }

    private (int Leverage, MarginType Margin) Setting(string symbol) =>
        _settings.TryGetValue(symbol, out var s) ? s : (20, MarginType.Cross);

    private MarkPriceInfo Mark(string symbol)
    {
        var top = _market.BookTop(Venue, symbol);
        return new MarkPriceInfo { Instrument = top.Instrument, MarkPrice = top.Mid, FundingRate = _market.FundingRate(Venue, symbol), VenueTime = top.VenueTime, ReceiveTime = top.ReceiveTime };
    }

    private bool Known(string symbol) => Venue == VenueId.OkxSwap
        ? symbol.EndsWith("-USDT-SWAP", StringComparison.Ordinal)
        : symbol.EndsWith("USDT", StringComparison.Ordinal) && !symbol.Contains('-', StringComparison.Ordinal);

    private VenueError ErrorOf(VenueErrorKind kind, VenueErrorReason reason, string message) =>
        new() { Kind = kind, Reason = reason, Venue = Venue, Message = message };

    private VenueResult<OrderReport> Error(VenueErrorKind kind, VenueErrorReason reason, string message) => ErrorOf(kind, reason, message);

    private static Task<VenueResult<T>> Ok<T>(T value) => Task.FromResult(VenueResult<T>.Ok(value));

    private Task<VenueResult<T>> Fail<T>(VenueErrorKind kind, VenueErrorReason reason, string message) =>
        Task.FromResult(VenueResult<T>.Fail(ErrorOf(kind, reason, message)));

    private sealed class PositionState
    {
        public decimal Quantity { get; set; }

        public decimal EntryPrice { get; set; }
    }

    private sealed class SimulatedSymbolMapper(VenueId venue) : ISymbolMapper
    {
        public VenueId Venue { get; } = venue;

        public string ToVenueSymbol(UnifiedSymbol symbol) => Venue == VenueId.OkxSwap
            ? $"{symbol.BaseAsset}-{symbol.QuoteAsset}-SWAP"
            : $"{symbol.BaseAsset}{symbol.QuoteAsset}";

        public bool TryToUnified(string venueSymbol, out UnifiedSymbol symbol)
        {
            symbol = default;
            if (Venue == VenueId.OkxSwap)
            {
                var parts = venueSymbol.Split('-');
                if (parts.Length != 3 || parts[2] != "SWAP")
                {
                    return false;
                }

                return UnifiedSymbol.TryParse($"{parts[0]}-{parts[1]}-PERP", out symbol);
            }

            return venueSymbol.EndsWith("USDT", StringComparison.Ordinal) && UnifiedSymbol.TryParse($"{venueSymbol[..^4]}-USDT-PERP", out symbol);
        }
    }

    private sealed class SimulatedFeed(VenueId venue, SimulatedMarket market) : IMarketDataFeed
    {
        private readonly ConcurrentDictionary<string, bool> _symbols = new(StringComparer.Ordinal);

        public VenueId Venue { get; } = venue;

        public event Action<BookTop>? BookTopUpdated;

        public event Action<MarkPriceInfo>? MarkPriceUpdated;

        public Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default)
        {
            foreach (var s in symbols)
            {
                _symbols[s] = true;
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken = default)
        {
            _symbols.Clear();
            return Task.CompletedTask;
        }

        public bool TryGetBookTop(string symbol, out BookTop bookTop)
        {
            bookTop = _symbols.ContainsKey(symbol) ? market.BookTop(Venue, symbol) : default;
            if (_symbols.ContainsKey(symbol))
            {
                BookTopUpdated?.Invoke(bookTop);
            }

            return _symbols.ContainsKey(symbol);
        }

        public bool TryGetMarkPrice(string symbol, out MarkPriceInfo markPrice)
        {
            markPrice = default;
            if (!_symbols.ContainsKey(symbol))
            {
                return false;
            }

            var top = market.BookTop(Venue, symbol);
            markPrice = new MarkPriceInfo { Instrument = top.Instrument, MarkPrice = top.Mid, VenueTime = top.VenueTime, ReceiveTime = top.ReceiveTime };
            MarkPriceUpdated?.Invoke(markPrice);
            return true;
        }

        public IReadOnlyList<StreamHealth> GetHealth()
        {
            var now = market.TimeProvider.GetUtcNow();
            return _symbols.Keys.Order(StringComparer.Ordinal)
                .Select(s => new StreamHealth { Name = $"simulated:{s}", IsConnected = true, LastReceiveTime = now, LastVenueEventTime = now, Age = TimeSpan.Zero, Latency = TimeSpan.Zero, AsOf = now })
                .ToList();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
