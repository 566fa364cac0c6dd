using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Sends orders for an execution: live to the venues, or simulated (SAFE_MODE dry run).</summary>
internal interface IOrderExecutor
{
    /// <summary>Time spent inside venue calls so far.</summary>
    TimeSpan VenueTime { get; }

    Task<VenueResult<OrderReport>> PlaceAsync(IDerivClient client, OrderRequest request, CancellationToken cancellationToken);

    Task<VenueResult<OrderReport>> GetOrderAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken);

    Task<VenueResult<OrderReport>> CancelAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken);

    Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(IDerivClient client, CancellationToken cancellationToken);
}

/// <summary>Sends orders to the venues and measures the time spent in venue calls.</summary>
internal sealed class LiveOrderExecutor(TimeProvider time) : IOrderExecutor
{
    private long _venueTicks;

    public TimeSpan VenueTime => TimeSpan.FromTicks(Interlocked.Read(ref _venueTicks));

    public Task<VenueResult<OrderReport>> PlaceAsync(IDerivClient client, OrderRequest request, CancellationToken cancellationToken) =>
        Measure(() => client.PlaceOrderAsync(request, cancellationToken));

    public Task<VenueResult<OrderReport>> GetOrderAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken) =>
        Measure(() => client.GetOrderAsync(lookup, cancellationToken));

    public Task<VenueResult<OrderReport>> CancelAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken) =>
        Measure(() => client.CancelOrderAsync(lookup, cancellationToken));

    public Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(IDerivClient client, CancellationToken cancellationToken) =>
        Measure(() => client.GetPositionsAsync(cancellationToken));

    private async Task<T> Measure<T>(Func<Task<T>> call)
    {
        var start = time.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _venueTicks, time.GetElapsedTime(start).Ticks);
        }
    }
}

/// <summary>
/// SAFE_MODE executor: validates each order with the venue's test route (<see cref="IDerivClient.TestOrderAsync"/>),
/// then simulates the fill against the latest book of the execution (IOC/market orders walk the levels up to the
/// limit; post-only orders that would cross are refused, others are assumed filled at their price). Positions are the
/// venue's real positions plus the simulated fills, so the rescue's flat check works the same way.
/// </summary>
internal sealed class DryRunOrderExecutor(TimeProvider time, IReadOnlyDictionary<InstrumentId, OrderBookSnapshot> books, IReadOnlyDictionary<InstrumentId, FeeRates> fees) : IOrderExecutor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ClientOrderId, OrderReport> _orders = [];
    private readonly Dictionary<(InstrumentId, PositionSide), decimal> _simulated = [];
    private long _venueTicks;
    private int _tradeId;

    public TimeSpan VenueTime => TimeSpan.FromTicks(Interlocked.Read(ref _venueTicks));

    public async Task<VenueResult<OrderReport>> PlaceAsync(IDerivClient client, OrderRequest request, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var test = await client.TestOrderAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _venueTicks, time.GetElapsedTime(start).Ticks);
        if (!test.Success && test.Error.Reason != VenueErrorReason.NotSupported)
        {
            return test.Error;
        }

        var instrument = new InstrumentId(client.Venue, request.Symbol);
        var report = Simulate(instrument, request);
        lock (_gate)
        {
            _orders[request.ClientOrderId] = report;
            if (report.FilledQuantity > 0m)
            {
                var key = (instrument, request.PositionSide);
                var signed = request.Side == OrderSide.Buy ? report.FilledQuantity : -report.FilledQuantity;
                _simulated[key] = _simulated.GetValueOrDefault(key) + signed;
            }
        }

        return report;
    }

    public Task<VenueResult<OrderReport>> GetOrderAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (lookup.ClientOrderId is { } id && _orders.TryGetValue(id, out var report))
            {
                return Task.FromResult<VenueResult<OrderReport>>(report);
            }
        }

        return Task.FromResult<VenueResult<OrderReport>>(new VenueError
        {
            Kind = VenueErrorKind.NotFound,
            Reason = VenueErrorReason.OrderNotFound,
            Venue = client.Venue,
            Message = "Simulated order not found.",
        });
    }

    public Task<VenueResult<OrderReport>> CancelAsync(IDerivClient client, OrderLookup lookup, CancellationToken cancellationToken) =>
        GetOrderAsync(client, lookup, cancellationToken);

    public async Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(IDerivClient client, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var real = await client.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _venueTicks, time.GetElapsedTime(start).Ticks);
        if (!real.Success)
        {
            return real;
        }

        var list = real.Data.ToList();
        lock (_gate)
        {
            foreach (var ((instrument, side), qty) in _simulated)
            {
                if (instrument.Venue != client.Venue || qty == 0m)
                {
                    continue;
                }

                var index = list.FindIndex(p => p.Instrument == instrument && p.PositionSide == side);
                if (index >= 0)
                {
                    list[index] = list[index] with { Quantity = list[index].Quantity + qty };
                }
                else
                {
                    list.Add(new Position { Instrument = instrument, PositionSide = side, Quantity = qty });
                }
            }
        }

        return list;
    }

    private OrderReport Simulate(InstrumentId instrument, OrderRequest request)
    {
        var now = time.GetUtcNow();
        books.TryGetValue(instrument, out var book);
        var levels = request.Side == OrderSide.Buy ? book?.Asks : book?.Bids;
        var fee = fees.GetValueOrDefault(instrument);
        var report = new OrderReport
        {
            Instrument = instrument,
            ClientOrderId = request.ClientOrderId,
            VenueOrderId = new VenueOrderId("sim" + Interlocked.Increment(ref _tradeId).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Side = request.Side,
            Type = request.Type,
            TimeInForce = request.TimeInForce,
            PositionSide = request.PositionSide,
            ReduceOnly = request.ReduceOnly,
            Status = OrderStatus.Expired,
            Quantity = request.Quantity,
            Price = request.Price,
            UpdateTime = now,
        };

        if (levels is null || levels.Count == 0)
        {
            return report;
        }

        var crosses = request.Price is not { } p || (request.Side == OrderSide.Buy ? p >= levels[0].Price : p <= levels[0].Price);
        if (request.Type == OrderType.Limit && request.TimeInForce is TimeInForce.PostOnly or TimeInForce.GoodTillCanceled)
        {
            if (request.TimeInForce == TimeInForce.PostOnly && crosses)
            {
                return report with { Status = OrderStatus.Canceled, PostOnlyRejected = true };
            }

            if (!crosses)
            {
                var makerFee = request.Quantity * request.Price!.Value * (fee?.MakerBps ?? 0m) / ArbitrageConstants.BasisPoints;
                return report with { Status = OrderStatus.Filled, FilledQuantity = request.Quantity, AveragePrice = request.Price, Fee = makerFee };
            }
        }

        var (filled, cost) = BookLiquidity.Take(levels, request.Side, request.Quantity, request.Type == OrderType.Limit ? request.Price : null);
        var remaining = request.Quantity - filled;
        if (filled <= 0m)
        {
            return report;
        }

        return report with
        {
            Status = remaining > 0m ? OrderStatus.Expired : OrderStatus.Filled,
            FilledQuantity = filled,
            AveragePrice = cost / filled,
            Fee = cost * (fee?.TakerBps ?? 0m) / ArbitrageConstants.BasisPoints,
        };
    }
}
