using System.Collections.Concurrent;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Journal;

/// <summary>
/// An in-memory venue for recovery tests: orders by client order id, one-way positions per symbol, market orders fill
/// completely at <see cref="Price"/>. Calls are counted; failures can be scripted.
/// </summary>
internal sealed class FakeVenue(VenueId venue) : IDerivClient
{
    public ConcurrentDictionary<string, OrderReport> Orders { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<(string Symbol, PositionSide Side), decimal> Positions { get; } = new();

    public List<OrderRequest> Placed { get; } = [];

    public decimal Price { get; set; } = 100m;

    public VenueError? GetOrderError { get; set; }

    public VenueError? PlaceError { get; set; }

    /// <summary>GetOrderAsync answers a transient error this many times first.</summary>
    public int TransientGetOrderFailures { get; set; }

    public int Calls { get; private set; }

    /// <summary>Net signed position of a symbol over all position sides.</summary>
    public decimal Net(string symbol) => Positions.Where(p => p.Key.Symbol == symbol).Sum(p => p.Value);

    /// <summary>Sets a position directly.</summary>
    public void SetPosition(string symbol, decimal quantity, PositionSide side = PositionSide.Both) => Positions[(symbol, side)] = quantity;

    /// <summary>Loads an order report as the venue's record of it (no position effect).</summary>
    public void Load(OrderReport report) => Orders[report.ClientOrderId.Value] = report;

    public VenueId Venue { get; } = venue;

    public ISymbolMapper SymbolMapper => throw new NotSupportedException();

    public ClockState Clock { get; } = new();

    public IMarketDataFeed MarketData => throw new NotSupportedException();

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() => [];

    /// <summary>Records an order the (crashed) engine had sent, with its effect on the position.</summary>
    public void Seed(OrderRequest order, decimal filled, OrderStatus status)
    {
        Orders[order.ClientOrderId.Value] = Report(order, filled, status);
        Positions[(order.Symbol, order.PositionSide)] = Positions.GetValueOrDefault((order.Symbol, order.PositionSide)) + (filled * order.Side.Sign());
    }

    public Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        Calls++;
        Placed.Add(request);
        if (PlaceError is not null)
        {
            return Task.FromResult<VenueResult<OrderReport>>(PlaceError);
        }

        var position = request.PositionSide == PositionSide.Both ? Net(request.Symbol) : Positions.GetValueOrDefault((request.Symbol, request.PositionSide));
        var quantity = request.Quantity;
        if (request.ReduceOnly && (position == 0m || Math.Sign(position) == request.Side.Sign()))
        {
            return Task.FromResult<VenueResult<OrderReport>>(new VenueError { Kind = VenueErrorKind.Rejected, Reason = VenueErrorReason.ReduceOnlyRejected, Venue = Venue, Message = "reduce only" });
        }

        Seed(request, quantity, OrderStatus.Filled);
        return Task.FromResult<VenueResult<OrderReport>>(Orders[request.ClientOrderId.Value]);
    }

    public Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (GetOrderError is not null)
        {
            return Task.FromResult<VenueResult<OrderReport>>(GetOrderError);
        }

        if (TransientGetOrderFailures > 0)
        {
            TransientGetOrderFailures--;
            return Task.FromResult<VenueResult<OrderReport>>(new VenueError { Kind = VenueErrorKind.RateLimited, Venue = Venue, Message = "slow down" });
        }

        return Task.FromResult<VenueResult<OrderReport>>(
            Orders.TryGetValue(order.ClientOrderId!.Value.Value, out var report)
                ? report
                : new VenueError { Kind = VenueErrorKind.NotFound, Reason = VenueErrorReason.OrderNotFound, Venue = Venue, Message = "no such order" });
    }

    public Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (!Orders.TryGetValue(order.ClientOrderId!.Value.Value, out var report))
        {
            return Task.FromResult<VenueResult<OrderReport>>(new VenueError { Kind = VenueErrorKind.NotFound, Venue = Venue, Message = "no such order" });
        }

        var canceled = report with { Status = OrderStatus.Canceled };
        Orders[order.ClientOrderId!.Value.Value] = canceled;
        return Task.FromResult<VenueResult<OrderReport>>(canceled);
    }

    public Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        IReadOnlyList<Position> positions = Positions.Where(p => p.Value != 0m)
            .Select(p => new Position { Instrument = new InstrumentId(Venue, p.Key.Symbol), PositionSide = p.Key.Side, Quantity = p.Value, MarkPrice = Price })
            .ToList();
        return Task.FromResult(VenueResult<IReadOnlyList<Position>>.Ok(positions));
    }

    public Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default) =>
        Task.FromResult<VenueResult<InstrumentFilters>>(new InstrumentFilters
        {
            Instrument = new InstrumentId(Venue, symbol),
            BaseAsset = "BTC",
            QuoteAsset = "USDT",
            TickSize = 0.1m,
            StepSize = 0.001m,
            MinQuantity = 0.001m,
            MaxQuantity = 1000m,
        });

    public Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default) =>
        Task.FromResult<VenueResult<MarkPriceInfo>>(new MarkPriceInfo { Instrument = new InstrumentId(Venue, symbol), MarkPrice = Price, VenueTime = default, ReceiveTime = default });

    private OrderReport Report(OrderRequest order, decimal filled, OrderStatus status) => new()
    {
        Instrument = new InstrumentId(Venue, order.Symbol),
        ClientOrderId = order.ClientOrderId,
        VenueOrderId = new VenueOrderId($"v{Orders.Count + 1}"),
        Side = order.Side,
        Type = order.Type,
        Status = status,
        Quantity = order.Quantity,
        FilledQuantity = filled,
        AveragePrice = filled > 0m ? Price : null,
        ReduceOnly = order.ReduceOnly,
    };

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
