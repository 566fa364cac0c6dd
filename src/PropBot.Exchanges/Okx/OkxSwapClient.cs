using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges.Okx.Wire;
using PropBot.Exchanges.RateLimiting;

namespace PropBot.Exchanges.Okx;

/// <summary>The OKX v5 perpetual swap client. See <see cref="IOkxSwapClient"/>.</summary>
internal sealed class OkxSwapClient : IOkxSwapClient
{
    private static readonly KeyValuePair<string, string?> SwapType = new("instType", OkxConstants.InstType);

    private readonly OkxRestClient _rest;
    private readonly OkxSwapOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OkxMarketDataFeed _feed;
    private readonly ConcurrentDictionary<string, (OkxInstrumentInfo Info, DateTimeOffset FetchedAt, string? GroupId, string? Family)> _instruments = new(StringComparer.Ordinal);
    private readonly HttpClient? _ownedHttp;
    private int _positionMode = -1;
    private int _disposed;

    public OkxSwapClient(HttpClient http, OkxSwapOptions options, TimeProvider time, ILoggerFactory loggerFactory, bool ownsHttpClient = false)
    {
        _ownedHttp = ownsHttpClient ? http : null;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("PropBot.Exchanges.Okx");
        Environment = options.ResolveEnvironment();
        var governor = new RateLimitGovernor(VenueId.OkxSwap, time, options.ReservedRateLimitShare);
        _rest = new OkxRestClient(http, options, Environment, time, governor, _logger);
        _feed = new OkxMarketDataFeed(options, Environment, time, this, () => _rest.Offset, _logger);
    }

    public VenueId Venue => VenueId.OkxSwap;

    public OkxEnvironment Environment { get; }

    public ISymbolMapper SymbolMapper => OkxSymbolMapper.Instance;

    public ClockState Clock => _rest.Clock;

    public IMarketDataFeed MarketData => _feed;

    internal OkxRestClient Rest => _rest;

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() => _rest.Governor.Snapshot();

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default) =>
        _rest.SyncTimeAsync(cancellationToken);

    public async Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default)
    {
        var r = await _rest.SyncTimeAsync(cancellationToken).ConfigureAwait(false);
        return r.Map(t => t.RoundTrip);
    }

    // ---------------------------------------------------------------- instruments

    public async Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var r = await GetInstrumentAsync(symbol, cancellationToken).ConfigureAwait(false);
        return r.Map(i => i.Filters);
    }

    internal async Task<VenueResult<OkxInstrumentInfo>> GetInstrumentAsync(string instId, CancellationToken cancellationToken, bool forceRefresh = false)
    {
        if (string.IsNullOrWhiteSpace(instId))
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, "Symbol must not be empty.");
        }

        var now = _time.GetUtcNow();
        var hasCached = _instruments.TryGetValue(instId, out var cached);
        if (!forceRefresh && hasCached && now - cached.FetchedAt < _options.InstrumentsCacheTtl)
        {
            return cached.Info;
        }

        var r = await _rest.SendAsync(OkxEndpoints.Instruments, null, [SwapType, new("instId", instId)], null, OkxJsonContext.Default.ListOkxInstrument, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            // Serve a stale entry rather than nothing when the refresh fails transiently.
            return hasCached && error.IsTransient ? cached.Info : error;
        }

        foreach (var row in r.Data!)
        {
            if (OkxContractMath.TryCreate(row, out var info))
            {
                _instruments[info.InstId] = (info, now, row.GroupId, !string.IsNullOrEmpty(row.InstFamily) ? row.InstFamily : row.Uly);
            }
        }

        return _instruments.TryGetValue(instId, out var fresh)
            ? fresh.Info
            : Local(VenueErrorKind.NotFound, VenueErrorReason.InvalidSymbol, $"OKX has no SWAP instrument '{instId}'.");
    }

    internal void InvalidateInstrument(string instId) => _instruments.TryRemove(instId, out _);

    // ---------------------------------------------------------------- fees and market data

    public async Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var manual = new FeeRates(_options.ManualMakerFeeBps, _options.ManualTakerFeeBps, FeeSource.Manual);
        if (string.Equals(_options.FeeSource, "manual", StringComparison.OrdinalIgnoreCase) || !_options.HasCredentials)
        {
            return manual;
        }

        var venue = await GetVenueFeesAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (venue.Error is { } error)
        {
            _logger.LogWarning("OKX trade-fee for {Symbol} unavailable ({Code}); using the manual fee table.", symbol, error.Code);
            return manual;
        }

        return venue;
    }

    /// <summary>Fee rates from <c>GET /api/v5/account/trade-fee</c> (sign flipped: OKX negative = you pay).</summary>
    internal async Task<VenueResult<FeeRates>> GetVenueFeesAsync(string symbol, CancellationToken cancellationToken)
    {
        var inst = await GetInstrumentAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (inst.Error is { } ie)
        {
            return ie;
        }

        _instruments.TryGetValue(symbol, out var entry);
        var family = entry.Family ?? FamilyOf(symbol);
        var r = await _rest.SendAsync(OkxEndpoints.TradeFee, null, [SwapType, new("instFamily", family)], null, OkxJsonContext.Default.ListOkxTradeFee, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        if (r.Data is not { Count: > 0 })
        {
            return OkxRestClient.MalformedError("trade-fee returned no rows.");
        }

        var row = r.Data[0];
        string? maker = null, taker = null;
        if (row.FeeGroup is { Count: > 0 } groups)
        {
            var g = groups.FirstOrDefault(x => entry.GroupId is not null && x.GroupId == entry.GroupId) ?? (groups.Count == 1 ? groups[0] : null);
            (maker, taker) = (g?.Maker, g?.Taker);
        }

        if (OkxParse.DecimalOrNull(maker) is null || OkxParse.DecimalOrNull(taker) is null)
        {
            (maker, taker) = OkxParse.DecimalOrNull(row.MakerU) is not null ? (row.MakerU, row.TakerU) : (row.Maker, row.Taker);
        }

        if (OkxParse.DecimalOrNull(maker) is not { } m || OkxParse.DecimalOrNull(taker) is not { } t)
        {
            return OkxRestClient.MalformedError("trade-fee has no maker/taker rates.");
        }

        return OkxFees.ToFeeRates(m, t);
    }

    public async Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.MarkPrice, symbol, [SwapType, new("instId", symbol)], null, OkxJsonContext.Default.ListOkxMarkPrice, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault(x => x.InstId == symbol);
        if (row is null || OkxParse.DecimalOrNull(row.MarkPx) is not { } px)
        {
            return OkxRestClient.MalformedError($"mark-price has no row for {symbol}.");
        }

        return new MarkPriceInfo
        {
            Instrument = Instrument(symbol),
            MarkPrice = px,
            VenueTime = OkxParse.MillisOrNull(row.Ts) ?? r.ReceivedAt,
            ReceiveTime = r.ReceivedAt,
        };
    }

    public async Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var book = await GetOrderBookAsync(symbol, 1, cancellationToken).ConfigureAwait(false);
        if (book.Error is { } error)
        {
            return error;
        }

        var b = book.Data!;
        if (b.Bids.Count == 0 || b.Asks.Count == 0)
        {
            return Local(VenueErrorKind.Transient, VenueErrorReason.MalformedResponse, $"Book of {symbol} has an empty side.");
        }

        return new BookTop
        {
            Instrument = b.Instrument,
            BidPrice = b.Bids[0].Price,
            BidSize = b.Bids[0].Quantity,
            AskPrice = b.Asks[0].Price,
            AskSize = b.Asks[0].Quantity,
            VenueTime = b.VenueTime,
            ReceiveTime = b.ReceiveTime,
            UpdateId = b.UpdateId,
        };
    }

    public async Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default)
    {
        if (depth is < 1 or > 400)
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, $"Depth must be between 1 and 400, was {depth}.");
        }

        var inst = await GetInstrumentAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (inst.Error is { } ie)
        {
            return ie;
        }

        var r = await _rest.SendAsync(OkxEndpoints.Books, null, [new("instId", symbol), new("sz", depth.ToString(CultureInfo.InvariantCulture))], null, OkxJsonContext.Default.ListOkxBook, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        if (r.Data is not { Count: > 0 })
        {
            return OkxRestClient.MalformedError($"books returned no rows for {symbol}.");
        }

        var row = r.Data[0];
        var info = inst.Data!;
        return new OrderBookSnapshot
        {
            Instrument = Instrument(symbol),
            Bids = Levels(row.Bids, info),
            Asks = Levels(row.Asks, info),
            VenueTime = OkxParse.MillisOrNull(row.Ts) ?? r.ReceivedAt,
            ReceiveTime = r.ReceivedAt,
            UpdateId = OkxParse.LongOrNull(row.SeqId) ?? 0,
        };
    }

    public async Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.FundingRate, symbol, [new("instId", symbol)], null, OkxJsonContext.Default.ListOkxFundingRate, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault(x => x.InstId == symbol);
        if (row is null)
        {
            return OkxRestClient.MalformedError($"funding-rate has no row for {symbol}.");
        }

        return OkxFunding.ToFundingInfo(row, Instrument(symbol)) is { } info
            ? info
            : OkxRestClient.MalformedError($"funding-rate of {symbol} lacks fundingRate, fundingTime or a later nextFundingTime.");
    }

    // ---------------------------------------------------------------- account settings

    public async Task<VenueResult<OkxAccountConfiguration>> GetAccountConfigurationAsync(CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.AccountConfig, null, null, null, OkxJsonContext.Default.ListOkxAccountConfig, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        if (r.Data is not { Count: > 0 } || OkxWireMapping.ParsePositionMode(r.Data[0].PosMode) is not { } mode)
        {
            return OkxRestClient.MalformedError("account/config without posMode.");
        }

        var row = r.Data[0];
        Volatile.Write(ref _positionMode, (int)mode);
        return new OkxAccountConfiguration
        {
            AccountLevel = (int)(OkxParse.LongOrNull(row.AcctLv) ?? 0),
            PositionMode = mode,
            Permissions = (row.Perm ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            FeeLevel = row.Level,
        };
    }

    public async Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default)
    {
        var r = await GetAccountConfigurationAsync(cancellationToken).ConfigureAwait(false);
        return r.Map(c => c.PositionMode);
    }

    public async Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default)
    {
        var current = await GetPositionModeAsync(cancellationToken).ConfigureAwait(false);
        if (current.Success && current.Data == mode)
        {
            return mode;
        }

        var body = new OkxSetPositionModeRequest { PosMode = OkxWireMapping.PosModeWire(mode) };
        var r = await _rest.SendAsync(OkxEndpoints.SetPositionMode, null, null, body, OkxJsonContext.Default.ListOkxPositionModeResult, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        Volatile.Write(ref _positionMode, (int)mode);
        return mode;
    }

    /// <summary>OKX has no per-symbol margin-type setting: the margin mode travels with each order (<c>tdMode</c>) and leverage call (<c>mgnMode</c>).</summary>
    public Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) =>
        Task.FromResult<VenueResult<MarginType>>(marginType);

    public async Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leverage < 1 || request.Leverage > 125)
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidLeverage, $"Leverage must be between 1 and 125, was {request.Leverage}.");
        }

        string? posSide = null;
        if (request.MarginType == MarginType.Isolated && request.PositionSide != PositionSide.Both)
        {
            var mode = await EnsurePositionModeAsync(cancellationToken).ConfigureAwait(false);
            if (mode.Error is { } me)
            {
                return me;
            }

            posSide = mode.Data == PositionMode.Hedge ? OkxWireMapping.PosSideWire(request.PositionSide) : null;
        }

        var body = new OkxSetLeverageRequest
        {
            InstId = request.Symbol,
            Lever = OkxParse.Wire(request.Leverage),
            MgnMode = OkxWireMapping.MarginWire(request.MarginType),
            PosSide = posSide,
        };
        var r = await _rest.SendAsync(OkxEndpoints.SetLeverage, null, null, body, OkxJsonContext.Default.ListOkxLeverage, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault();
        return new LeverageSetting
        {
            Instrument = Instrument(request.Symbol),
            Leverage = (int)(OkxParse.DecimalOrNull(row?.Lever) ?? request.Leverage),
            MarginType = OkxWireMapping.ParseMargin(row?.MgnMode) ?? request.MarginType,
            PositionSide = OkxWireMapping.ParsePosSide(row?.PosSide),
        };
    }

    public async Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.LeverageInfo, null, [new("instId", symbol), new("mgnMode", OkxWireMapping.MarginWire(marginType))], null, OkxJsonContext.Default.ListOkxLeverage, false, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var list = new List<LeverageSetting>();
        foreach (var row in r.Data!)
        {
            list.Add(new LeverageSetting
            {
                Instrument = Instrument(row.InstId ?? symbol),
                Leverage = (int)(OkxParse.DecimalOrNull(row.Lever) ?? 0m),
                MarginType = OkxWireMapping.ParseMargin(row.MgnMode) ?? marginType,
                PositionSide = OkxWireMapping.ParsePosSide(row.PosSide),
            });
        }

        return list;
    }

    // ---------------------------------------------------------------- orders

    public async Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        if (prepared.Error is { } pe)
        {
            return pe;
        }

        var (body, info) = prepared.Data!.Value;
        var r = await _rest.SendAsync(OkxEndpoints.PlaceOrder, request.Symbol, null, body, OkxJsonContext.Default.ListOkxOrderAck, request.Purpose.IsRiskReducing(), cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            if (error.Reason is VenueErrorReason.InvalidLotSize or VenueErrorReason.QuantityBelowMinimum && error.VenueCode is not null)
            {
                _logger.LogInformation("OKX refused the size of {ClientOrderId} on {Symbol} ({Code}); refreshing instrument rules.", request.ClientOrderId.Value, request.Symbol, error.VenueCode);
                InvalidateInstrument(request.Symbol);
            }

            return error;
        }

        var ack = r.Data?.FirstOrDefault();
        if (ack is null || string.IsNullOrEmpty(ack.OrdId))
        {
            return new VenueError
            {
                Kind = VenueErrorKind.OutcomeUnknown,
                Reason = VenueErrorReason.MalformedResponse,
                Venue = VenueId.OkxSwap,
                Message = $"Place-order acknowledgement for {request.ClientOrderId.Value} has no ordId; resolve by clOrdId.",
            };
        }

        return WouldBe(request, info) with
        {
            VenueOrderId = new VenueOrderId(ack.OrdId),
            UpdateTime = OkxParse.MillisOrNull(ack.Ts) ?? r.ReceivedAt,
        };
    }

    public async Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = await PrepareAsync(request, cancellationToken, dryRun: true).ConfigureAwait(false);
        if (prepared.Error is { } pe)
        {
            return pe;
        }

        return WouldBe(request, prepared.Data!.Value.Info) with { UpdateTime = _time.GetUtcNow() };
    }

    /// <summary>Validates an order locally against the instrument rules and builds the wire body (nothing is sent).</summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="dryRun">Test order: when the account's position mode cannot be read (e.g. no credentials), infer it from the request.</param>
    internal async Task<VenueResult<(OkxPlaceOrderRequest Body, OkxInstrumentInfo Info)?>> PrepareAsync(OrderRequest request, CancellationToken cancellationToken, bool dryRun = false)
    {
        var inst = await GetInstrumentAsync(request.Symbol, cancellationToken).ConfigureAwait(false);
        if (inst.Error is { } ie)
        {
            return ie;
        }

        var info = inst.Data!;
        if (!info.IsLive)
        {
            return Local(VenueErrorKind.Rejected, VenueErrorReason.InstrumentNotTrading, $"{request.Symbol} is not trading (state '{info.State}').");
        }

        if (!OkxContractMath.TryToContracts(request.Quantity, info, request.Type, out var contracts, out var sizeError))
        {
            return sizeError!;
        }

        string? px = null;
        if (request.Type == OrderType.Limit)
        {
            if (request.Price is not { } price || price <= 0m)
            {
                return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, $"A limit order needs a positive price, was {request.Price?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
            }

            if (!Quantizer.IsMultipleOf(price, info.TickSz))
            {
                return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidPrecision, $"Price {Quantizer.ToWire(price)} is not a multiple of the tick {Quantizer.ToWire(info.TickSz)} on {request.Symbol}.");
            }

            px = OkxParse.Wire(price);
        }

        var modeResult = await EnsurePositionModeAsync(cancellationToken).ConfigureAwait(false);
        if (modeResult.Error is { } me && !dryRun)
        {
            return me;
        }

        var hedge = modeResult.Success ? modeResult.Data == PositionMode.Hedge : request.PositionSide != PositionSide.Both;
        string posSide;
        if (hedge)
        {
            var side = request.PositionSide != PositionSide.Both
                ? request.PositionSide
                : (request.Side == OrderSide.Buy) ^ request.ReduceOnly ? PositionSide.Long : PositionSide.Short;
            posSide = OkxWireMapping.PosSideWire(side);
        }
        else
        {
            if (request.PositionSide != PositionSide.Both)
            {
                return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.PositionSideMismatch, $"The OKX account is in net mode; position side {request.PositionSide} is not allowed.");
            }

            posSide = "net";
        }

        var body = new OkxPlaceOrderRequest
        {
            InstId = request.Symbol,
            TdMode = OkxWireMapping.MarginWire(request.MarginType),
            Side = request.Side == OrderSide.Buy ? "buy" : "sell",
            PosSide = posSide,
            OrdType = OkxWireMapping.OrdTypeWire(request.Type, request.TimeInForce),
            Px = px,
            Sz = OkxParse.Wire(contracts),
            ReduceOnly = !hedge && request.ReduceOnly ? true : null,
            ClOrdId = request.ClientOrderId.Value,
        };
        return (body, info);
    }

    private OrderReport WouldBe(OrderRequest request, OkxInstrumentInfo info) => new()
    {
        Instrument = Instrument(info.InstId),
        ClientOrderId = request.ClientOrderId,
        Side = request.Side,
        Type = request.Type,
        TimeInForce = request.Type == OrderType.Market ? TimeInForce.ImmediateOrCancel : request.TimeInForce,
        PositionSide = request.PositionSide,
        ReduceOnly = request.ReduceOnly,
        Status = OrderStatus.New,
        Quantity = request.Quantity,
        Price = request.Type == OrderType.Limit ? request.Price : null,
    };

    public async Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.ClientOrderId is null && order.VenueOrderId is null)
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, "Cancel needs a client order id or a venue order id.");
        }

        var body = new OkxCancelOrderRequest
        {
            InstId = order.Symbol,
            OrdId = order.VenueOrderId?.Value,
            ClOrdId = order.VenueOrderId is null ? order.ClientOrderId?.Value : null,
        };
        var r = await _rest.SendAsync(OkxEndpoints.CancelOrder, order.Symbol, null, body, OkxJsonContext.Default.ListOkxOrderAck, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        // sCode 0 only means the cancel was accepted: read the order's state.
        return await GetOrderAsync(order, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.ClientOrderId is null && order.VenueOrderId is null)
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, "Order query needs a client order id or a venue order id.");
        }

        var inst = await GetInstrumentAsync(order.Symbol, cancellationToken).ConfigureAwait(false);
        if (inst.Error is { } ie)
        {
            return ie;
        }

        var query = new List<KeyValuePair<string, string?>> { new("instId", order.Symbol) };
        query.Add(order.ClientOrderId is { } c ? new("clOrdId", c.Value) : new("ordId", order.VenueOrderId!.Value.Value));
        var r = await _rest.SendAsync(OkxEndpoints.OrderDetails, order.Symbol, query, null, OkxJsonContext.Default.ListOkxOrder, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault();
        if (row is null)
        {
            return Local(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound, $"No order {order.ClientOrderId?.Value ?? order.VenueOrderId?.Value} on {order.Symbol}.");
        }

        return OkxWireMapping.ToOrderReport(row, inst.Data!, order.ClientOrderId) is { } report
            ? report
            : OkxRestClient.MalformedError("Order row could not be mapped.");
    }

    public async Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.OrdersPending, null, [SwapType, new("instId", symbol)], null, OkxJsonContext.Default.ListOkxOrder, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var list = new List<OrderReport>();
        foreach (var row in r.Data!)
        {
            if (string.IsNullOrEmpty(row.InstId))
            {
                continue;
            }

            var inst = await GetInstrumentAsync(row.InstId, cancellationToken).ConfigureAwait(false);
            if (inst.Error is { } ie)
            {
                return ie;
            }

            if (OkxWireMapping.ToOrderReport(row, inst.Data!, null) is { } report)
            {
                list.Add(report);
            }
        }

        return list;
    }

    public async Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.Positions, null, [SwapType], null, OkxJsonContext.Default.ListOkxPosition, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var list = new List<Position>();
        foreach (var row in r.Data!)
        {
            if (string.IsNullOrEmpty(row.InstId) || OkxParse.DecimalOrNull(row.Pos) is not { } pos || pos == 0m)
            {
                continue;
            }

            var inst = await GetInstrumentAsync(row.InstId, cancellationToken).ConfigureAwait(false);
            if (inst.Error is { } ie)
            {
                return ie;
            }

            list.Add(OkxWireMapping.ToPosition(row, pos, inst.Data!));
        }

        return list;
    }

    public async Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default)
    {
        var r = await _rest.SendAsync(OkxEndpoints.Balance, null, [new("ccy", "USDT")], null, OkxJsonContext.Default.ListOkxBalance, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault();
        if (row is null)
        {
            return new AccountMargin { Venue = VenueId.OkxSwap };
        }

        return OkxWireMapping.ToAccountMargin(row);
    }

    public async Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seconds = timeout.TotalSeconds;
        if (seconds != Math.Floor(seconds) || (seconds != 0 && (seconds < OkxConstants.DeadManMinSeconds || seconds > OkxConstants.DeadManMaxSeconds)))
        {
            return Local(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter, $"OKX cancel-all-after timeout must be 0 or 10-120 whole seconds, was {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        var body = new OkxCancelAllAfterRequest { TimeOut = ((int)seconds).ToString(CultureInfo.InvariantCulture) };
        var r = await _rest.SendAsync(OkxEndpoints.CancelAllAfter, null, null, body, OkxJsonContext.Default.ListOkxCancelAllAfter, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        var row = r.Data?.FirstOrDefault();
        var trigger = OkxParse.EpochAutoOrNull(row?.TriggerTime);
        return new DeadManSwitchStatus
        {
            Venue = VenueId.OkxSwap,
            Symbol = null,
            Timeout = TimeSpan.FromSeconds(seconds),
            TriggerTime = seconds == 0 ? null : trigger ?? (_rest.VenueNow + TimeSpan.FromSeconds(seconds)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _feed.DisposeAsync().ConfigureAwait(false);
        _ownedHttp?.Dispose();
    }

    // ---------------------------------------------------------------- helpers

    private async Task<VenueResult<PositionMode>> EnsurePositionModeAsync(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _positionMode);
        return cached >= 0 ? (PositionMode)cached : await GetPositionModeAsync(cancellationToken).ConfigureAwait(false);
    }

    private static InstrumentId Instrument(string instId) => new(VenueId.OkxSwap, instId);

    private static string FamilyOf(string instId) =>
        instId.EndsWith("-SWAP", StringComparison.Ordinal) ? instId[..^5] : instId;

    private static List<BookLevel> Levels(List<List<string?>>? rows, OkxInstrumentInfo info)
    {
        var list = new List<BookLevel>(rows?.Count ?? 0);
        if (rows is null)
        {
            return list;
        }

        foreach (var level in rows)
        {
            if (level.Count >= 2 && OkxParse.DecimalOrNull(level[0]) is { } px && OkxParse.DecimalOrNull(level[1]) is { } sz)
            {
                list.Add(new BookLevel(px, OkxContractMath.ToBase(sz, info)));
            }
        }

        return list;
    }

    private static VenueError Local(VenueErrorKind kind, VenueErrorReason reason, string message) => new()
    {
        Kind = kind,
        Reason = reason,
        Venue = VenueId.OkxSwap,
        Message = message,
    };
}
