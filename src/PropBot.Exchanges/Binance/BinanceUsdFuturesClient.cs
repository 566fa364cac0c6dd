using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges.Binance.Wire;
using PropBot.Exchanges.RateLimiting;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Binance;

/// <summary>Binance USD-M futures client on <see cref="HttpClient"/> and <see cref="System.Net.WebSockets.ClientWebSocket"/>.</summary>
internal sealed class BinanceUsdFuturesClient : IBinanceUsdFuturesClient, IAsyncDisposable
{
    private static readonly VenueId Venue_ = VenueId.BinanceUsdFutures;
    private static readonly TimeSpan DefaultFundingInterval = TimeSpan.FromHours(8);
    private readonly BinanceUsdFuturesOptions _options;
    private readonly BinanceRestTransport _rest;
    private readonly VenueClock _clock;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _filtersLock = new(1, 1);
    private readonly BinanceMarketDataFeed _feed;
    private volatile FiltersCache? _filters;
    private volatile FundingIntervals? _fundingIntervals;

    public BinanceUsdFuturesClient(BinanceUsdFuturesOptions options, HttpClient httpClient, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = timeProvider;
        Environment = BinanceEnvironment.Resolve(options);
        _clock = new VenueClock(timeProvider);
        var governor = new RateLimitGovernor(Venue_, timeProvider, options.ReservedRateLimitShare, BinanceRestTransport.DefaultWindows());
        _rest = new BinanceRestTransport(httpClient, Environment, options, _clock, governor, timeProvider, loggerFactory.CreateLogger<BinanceUsdFuturesClient>());
        _feed = new BinanceMarketDataFeed(Environment, options, _clock, timeProvider);
    }

    public VenueId Venue => Venue_;

    public BinanceEnvironment Environment { get; }

    public ISymbolMapper SymbolMapper => BinanceSymbolMapper.Instance;

    public ClockState Clock => _clock.State;

    public IMarketDataFeed MarketData => _feed;

    internal RateLimitGovernor Governor => _rest.Governor;

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() => _rest.Governor.Snapshot();

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default) => _rest.SyncClockAsync(cancellationToken);

    public async Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var result = await _rest.SendRawAsync(BinanceEndpoint.Ping, [], cancellationToken).ConfigureAwait(false);
        return result.Success ? _time.GetElapsedTime(started) : result.Error;
    }

    public async Task<VenueResult<IReadOnlyList<InstrumentFilters>>> GetExchangeFiltersAsync(CancellationToken cancellationToken = default)
    {
        var result = await LoadFiltersAsync(force: true, cancellationToken).ConfigureAwait(false);
        return result.Success ? VenueResult<IReadOnlyList<InstrumentFilters>>.Ok([.. result.Data.BySymbol.Values]) : result.Error;
    }

    public async Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var result = await LoadFiltersAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error;
        }

        return result.Data.BySymbol.TryGetValue(symbol, out var filters)
            ? filters
            : LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, $"Unknown Binance USD-M symbol '{symbol}'.");
    }

    public async Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var manual = new FeeRates(_options.ManualMakerFeeBps, _options.ManualTakerFeeBps, FeeSource.Manual);
        if (string.Equals(_options.FeeSource, "manual", StringComparison.OrdinalIgnoreCase) || !_rest.HasCredentials)
        {
            return manual;
        }

        var result = await _rest.SendAsync(BinanceEndpoint.CommissionRate, [new("symbol", symbol)], BinanceJsonContext.Default.BinanceCommissionRate, cancellationToken).ConfigureAwait(false);
        return result.Success
            ? new FeeRates(result.Data.MakerCommissionRate * 10_000m, result.Data.TakerCommissionRate * 10_000m, FeeSource.Venue)
            : manual;
    }

    public async Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.PremiumIndex, [new("symbol", symbol)], BinanceJsonContext.Default.BinancePremiumIndex, cancellationToken).ConfigureAwait(false);
        return result.Map(p => new MarkPriceInfo
        {
            Instrument = new InstrumentId(Venue_, p.Symbol.Length > 0 ? p.Symbol : symbol),
            MarkPrice = p.MarkPrice,
            IndexPrice = p.IndexPrice,
            FundingRate = p.LastFundingRate,
            NextFundingTime = p.NextFundingTime > 0 ? Ms(p.NextFundingTime) : null,
            VenueTime = Ms(p.Time),
            ReceiveTime = _time.GetUtcNow(),
        });
    }

    public async Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.BookTicker, [new("symbol", symbol)], BinanceJsonContext.Default.BinanceBookTicker, cancellationToken).ConfigureAwait(false);
        return result.Map(b => new BookTop
        {
            Instrument = new InstrumentId(Venue_, b.Symbol.Length > 0 ? b.Symbol : symbol),
            BidPrice = b.BidPrice,
            BidSize = b.BidQty,
            AskPrice = b.AskPrice,
            AskSize = b.AskQty,
            VenueTime = Ms(b.Time),
            ReceiveTime = _time.GetUtcNow(),
        });
    }

    public async Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default)
    {
        int[] valid = [5, 10, 20, 50, 100, 500, 1000];
        var limit = valid.FirstOrDefault(v => v >= depth, 1000);
        var result = await _rest.SendAsync(BinanceEndpoint.Depth(limit), [new("symbol", symbol), new("limit", limit.ToString(CultureInfo.InvariantCulture))], BinanceJsonContext.Default.BinanceDepth, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error;
        }

        static List<BookLevel> Levels(List<List<decimal>> raw) => [.. raw.Where(l => l.Count >= 2).Select(l => new BookLevel(l[0], l[1]))];
        var d = result.Data;
        return new OrderBookSnapshot
        {
            Instrument = new InstrumentId(Venue_, symbol),
            Bids = [.. Levels(d.Bids).OrderByDescending(l => l.Price).Take(depth)],
            Asks = [.. Levels(d.Asks).OrderBy(l => l.Price).Take(depth)],
            VenueTime = Ms(d.TransactionTime > 0 ? d.TransactionTime : d.EventTime),
            ReceiveTime = _time.GetUtcNow(),
            UpdateId = d.LastUpdateId,
        };
    }

    public async Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var premium = await _rest.SendAsync(BinanceEndpoint.PremiumIndex, [new("symbol", symbol)], BinanceJsonContext.Default.BinancePremiumIndex, cancellationToken).ConfigureAwait(false);
        if (!premium.Success)
        {
            return premium.Error;
        }

        var intervals = _fundingIntervals;
        if (intervals is null || intervals.Expires <= _time.GetUtcNow())
        {
            var list = await _rest.SendAsync(BinanceEndpoint.FundingInfo, [], BinanceJsonContext.Default.ListBinanceFundingInfo, cancellationToken).ConfigureAwait(false);
            if (!list.Success)
            {
                return list.Error;
            }

            intervals = new FundingIntervals(
                list.Data.Where(f => f.FundingIntervalHours > 0).GroupBy(f => f.Symbol, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => TimeSpan.FromHours(g.First().FundingIntervalHours), StringComparer.OrdinalIgnoreCase),
                _time.GetUtcNow() + _options.FiltersCacheTtl);
            _fundingIntervals = intervals;
        }

        var p = premium.Data;
        return new FundingInfo
        {
            Instrument = new InstrumentId(Venue_, symbol),
            Rate = p.LastFundingRate ?? 0m,
            NextFundingTime = Ms(p.NextFundingTime),
            Interval = intervals.BySymbol.TryGetValue(symbol, out var interval) ? interval : DefaultFundingInterval,
            EventTime = p.Time > 0 ? Ms(p.Time) : null,
        };
    }

    public async Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.GetPositionMode, [], BinanceJsonContext.Default.BinancePositionMode, cancellationToken).ConfigureAwait(false);
        return result.Map(m => m.DualSidePosition ? PositionMode.Hedge : PositionMode.OneWay);
    }

    public async Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendRawAsync(BinanceEndpoint.SetPositionMode, [new("dualSidePosition", mode == PositionMode.Hedge ? "true" : "false")], cancellationToken).ConfigureAwait(false);
        return result.Success || IsNoChange(result.Error) ? mode : result.Error;
    }

    public async Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendRawAsync(BinanceEndpoint.MarginType, [new("symbol", symbol), new("marginType", marginType == MarginType.Isolated ? "ISOLATED" : "CROSSED")], cancellationToken).ConfigureAwait(false);
        return result.Success || IsNoChange(result.Error) ? marginType : result.Error;
    }

    public async Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leverage < 1)
        {
            return LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidLeverage, $"Leverage must be >= 1, was {request.Leverage}.");
        }

        var result = await _rest.SendAsync(BinanceEndpoint.Leverage, [new("symbol", request.Symbol), new("leverage", request.Leverage.ToString(CultureInfo.InvariantCulture))], BinanceJsonContext.Default.BinanceLeverageResponse, cancellationToken).ConfigureAwait(false);
        return result.Map(l => new LeverageSetting
        {
            Instrument = new InstrumentId(Venue_, request.Symbol),
            Leverage = l.Leverage,
            MarginType = request.MarginType,
            MaxNotional = l.MaxNotionalValue,
        });
    }

    public async Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.SymbolConfig, [new("symbol", symbol)], BinanceJsonContext.Default.ListBinanceSymbolConfig, cancellationToken).ConfigureAwait(false);
        return result.Map<IReadOnlyList<LeverageSetting>>(list => [.. list.Select(c => new LeverageSetting
        {
            Instrument = new InstrumentId(Venue_, c.Symbol),
            Leverage = c.Leverage,
            MarginType = BinanceWireMapping.ParseMarginType(c.MarginType, marginType),
            MaxNotional = c.MaxNotionalValue,
        })]);
    }

    public Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        SendOrderAsync(request, BinanceEndpoint.NewOrder, cancellationToken);

    public Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        SendOrderAsync(request, BinanceEndpoint.TestOrder, cancellationToken);

    public async Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!TryLookupParameters(order, out var parameters, out var error))
        {
            return error;
        }

        var result = await _rest.SendAsync(BinanceEndpoint.CancelOrder, parameters, BinanceJsonContext.Default.BinanceOrder, cancellationToken).ConfigureAwait(false);
        return result.Map(BinanceWireMapping.ToReport);
    }

    public async Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!TryLookupParameters(order, out var parameters, out var error))
        {
            return error;
        }

        var result = await _rest.SendAsync(BinanceEndpoint.QueryOrder, parameters, BinanceJsonContext.Default.BinanceOrder, cancellationToken).ConfigureAwait(false);
        return result.Map(BinanceWireMapping.ToReport);
    }

    public async Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        var result = symbol is null
            ? await _rest.SendAsync(BinanceEndpoint.OpenOrdersAll, [], BinanceJsonContext.Default.ListBinanceOrder, cancellationToken).ConfigureAwait(false)
            : await _rest.SendAsync(BinanceEndpoint.OpenOrders, [new("symbol", symbol)], BinanceJsonContext.Default.ListBinanceOrder, cancellationToken).ConfigureAwait(false);
        return result.Map<IReadOnlyList<OrderReport>>(list => [.. list.Select(BinanceWireMapping.ToReport)]);
    }

    public async Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.PositionRisk, [], BinanceJsonContext.Default.ListBinancePositionRisk, cancellationToken).ConfigureAwait(false);
        return result.Map<IReadOnlyList<Position>>(list => [.. list.Where(p => p.PositionAmt != 0m).Select(BinanceWireMapping.ToPosition)]);
    }

    public async Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rest.SendAsync(BinanceEndpoint.Account, [], BinanceJsonContext.Default.BinanceAccount, cancellationToken).ConfigureAwait(false);
        return result.Map(a => new AccountMargin
        {
            Venue = Venue_,
            WalletBalance = a.TotalWalletBalance,
            MarginBalance = a.TotalMarginBalance,
            AvailableBalance = a.AvailableBalance,
            InitialMargin = a.TotalInitialMargin,
            MaintenanceMargin = a.TotalMaintMargin,
            UpdateTime = a.Assets.Count > 0 && a.Assets.Max(x => x.UpdateTime) is > 0 and var t ? Ms(t) : null,
        });
    }

    public async Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, "Binance countdownCancelAll is per symbol: a symbol is required.");
        }

        if (timeout < TimeSpan.Zero)
        {
            return LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, $"Dead-man switch timeout must be >= 0, was {timeout}.");
        }

        var ms = (long)timeout.TotalMilliseconds;
        var result = await _rest.SendAsync(BinanceEndpoint.CountdownCancelAll, [new("symbol", symbol), new("countdownTime", ms.ToString(CultureInfo.InvariantCulture))], BinanceJsonContext.Default.BinanceCountdown, cancellationToken).ConfigureAwait(false);
        return result.Map(c =>
        {
            var armed = TimeSpan.FromMilliseconds(c.CountdownTime > 0 || ms == 0 ? c.CountdownTime : ms);
            return new DeadManSwitchStatus
            {
                Venue = Venue_,
                Symbol = symbol,
                Timeout = armed,
                TriggerTime = armed > TimeSpan.Zero ? _clock.VenueNow + armed : null,
            };
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _feed.DisposeAsync().ConfigureAwait(false);
        _filtersLock.Dispose();
    }

    internal static bool TryBuildOrderParameters(OrderRequest request, InstrumentFilters filters, out List<KeyValuePair<string, string>> parameters, out VenueError? error)
    {
        parameters = [];
        error = null;
        var hedge = request.PositionSide != PositionSide.Both;
        var closing = hedge && ((request.PositionSide == PositionSide.Long && request.Side == OrderSide.Sell) || (request.PositionSide == PositionSide.Short && request.Side == OrderSide.Buy));
        if (hedge && request.ReduceOnly && !closing)
        {
            error = LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.PositionSideMismatch, $"A reduce-only {request.Side} on the {request.PositionSide} side opens exposure in hedge mode; close with SELL+LONG or BUY+SHORT.");
            return false;
        }

        decimal? price = null;
        if (request.Type == OrderType.Limit)
        {
            if (request.Price is not { } p || p <= 0m)
            {
                error = LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, "A limit order needs a positive price.");
                return false;
            }

            price = Quantizer.RoundPricePassive(p, filters.TickSize, request.Side);
        }

        var exemptFromNotional = request.ReduceOnly || closing;
        var quantity = Quantizer.Quantize(request.Quantity, filters, request.Type, exemptFromNotional ? null : price);
        if (!quantity.IsTradable)
        {
            var reason = quantity.Rejection switch
            {
                QuantityRejection.BelowMinimumNotional => VenueErrorReason.NotionalBelowMinimum,
                QuantityRejection.NotTrading => VenueErrorReason.InstrumentNotTrading,
                _ => VenueErrorReason.QuantityBelowMinimum,
            };
            error = LocalError(VenueErrorKind.InvalidRequest, reason, quantity.Detail ?? "Quantity is not tradable.");
            return false;
        }

        parameters.Add(new("symbol", request.Symbol));
        parameters.Add(new("side", request.Side == OrderSide.Buy ? "BUY" : "SELL"));
        if (hedge)
        {
            parameters.Add(new("positionSide", request.PositionSide == PositionSide.Long ? "LONG" : "SHORT"));
        }

        parameters.Add(new("type", request.Type == OrderType.Market ? "MARKET" : "LIMIT"));
        if (request.Type == OrderType.Limit)
        {
            parameters.Add(new("timeInForce", BinanceWireMapping.ToWire(request.TimeInForce)));
        }

        parameters.Add(new("quantity", Quantizer.ToWire(quantity.Quantity)));
        if (price is { } limit)
        {
            parameters.Add(new("price", Quantizer.ToWire(limit)));
        }

        if (!hedge && request.ReduceOnly)
        {
            parameters.Add(new("reduceOnly", "true"));
        }

        parameters.Add(new("newClientOrderId", request.ClientOrderId.Value));
        parameters.Add(new("newOrderRespType", "RESULT"));
        return true;
    }

    private async Task<VenueResult<OrderReport>> SendOrderAsync(OrderRequest request, BinanceEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = await GetFiltersAsync(request.Symbol, cancellationToken).ConfigureAwait(false);
        if (!filters.Success)
        {
            return filters.Error;
        }

        if (!TryBuildOrderParameters(request, filters.Data, out var parameters, out var invalid))
        {
            return invalid!;
        }

        var raw = await _rest.SendRawAsync(endpoint, parameters, cancellationToken, request.Purpose).ConfigureAwait(false);
        if (!raw.Success)
        {
            if (raw.Error.Reason is VenueErrorReason.InvalidPrecision or VenueErrorReason.InvalidLotSize or VenueErrorReason.QuantityBelowMinimum
                or VenueErrorReason.QuantityAboveMaximum or VenueErrorReason.NotionalBelowMinimum)
            {
                _filters = null;
            }

            return raw.Error;
        }

        var sentQuantity = decimal.Parse(parameters.First(p => p.Key == "quantity").Value, CultureInfo.InvariantCulture);
        var sentPrice = parameters.FirstOrDefault(p => p.Key == "price").Value is { } sp ? decimal.Parse(sp, CultureInfo.InvariantCulture) : (decimal?)null;
        if (endpoint == BinanceEndpoint.TestOrder)
        {
            return new OrderReport
            {
                Instrument = new InstrumentId(Venue_, request.Symbol),
                ClientOrderId = request.ClientOrderId,
                Side = request.Side,
                Type = request.Type,
                TimeInForce = request.TimeInForce,
                PositionSide = request.PositionSide,
                ReduceOnly = request.ReduceOnly,
                Status = OrderStatus.New,
                Quantity = sentQuantity,
                Price = sentPrice,
                UpdateTime = _time.GetUtcNow(),
            };
        }

        try
        {
            var order = JsonSerializer.Deserialize(raw.Data.Body, BinanceJsonContext.Default.BinanceOrder);
            if (order is not null)
            {
                return BinanceWireMapping.ToReport(order);
            }
        }
        catch (JsonException)
        {
            // Accepted (2xx) but unreadable: the order exists; report unknown so the caller resolves it by query.
        }

        return new VenueError
        {
            Kind = VenueErrorKind.OutcomeUnknown,
            Reason = VenueErrorReason.MalformedResponse,
            Venue = Venue_,
            HttpStatus = raw.Data.StatusCode,
            Message = $"Order {request.ClientOrderId} was accepted but the response could not be read; query it by client order id.",
        };
    }

    private async Task<VenueResult<FiltersCache>> LoadFiltersAsync(bool force, CancellationToken cancellationToken)
    {
        var cached = _filters;
        if (!force && cached is not null && cached.Expires > _time.GetUtcNow())
        {
            return cached;
        }

        await _filtersLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _filters;
            if (!force && cached is not null && cached.Expires > _time.GetUtcNow())
            {
                return cached;
            }

            var result = await _rest.SendAsync(BinanceEndpoint.ExchangeInfo, [], BinanceJsonContext.Default.BinanceExchangeInfo, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                return result.Error;
            }

            foreach (var limit in result.Data.RateLimits)
            {
                if (BinanceWireMapping.ToWindow(limit) is { } window)
                {
                    _rest.Governor.Configure(window);
                }
            }

            var bySymbol = new ConcurrentDictionary<string, InstrumentFilters>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in result.Data.Symbols)
            {
                if (BinanceWireMapping.ToFilters(s) is { } f)
                {
                    bySymbol[s.Symbol] = f;
                }
            }

            var fresh = new FiltersCache(bySymbol, _time.GetUtcNow() + _options.FiltersCacheTtl);
            _filters = fresh;
            return fresh;
        }
        finally
        {
            _filtersLock.Release();
        }
    }

    private static bool TryLookupParameters(OrderLookup order, out List<KeyValuePair<string, string>> parameters, out VenueError error)
    {
        parameters = [new("symbol", order.Symbol)];
        error = null!;
        if (order.ClientOrderId is { } clientId)
        {
            parameters.Add(new("origClientOrderId", clientId.Value));
        }
        else if (order.VenueOrderId is { } venueId)
        {
            parameters.Add(new("orderId", venueId.Value));
        }
        else
        {
            error = LocalError(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, "An order lookup needs a client order id or a venue order id.");
            return false;
        }

        return true;
    }

    private static bool IsNoChange(VenueError error) =>
        error.VenueCode is { } code && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && BinanceErrorMap.IsNoChange(c);

    private static VenueError LocalError(VenueErrorKind kind, VenueErrorReason reason, string message) => new()
    {
        Kind = kind,
        Reason = reason,
        Venue = Venue_,
        Message = message,
    };

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed record FiltersCache(ConcurrentDictionary<string, InstrumentFilters> BySymbol, DateTimeOffset Expires);

    private sealed record FundingIntervals(Dictionary<string, TimeSpan> BySymbol, DateTimeOffset Expires);
}
