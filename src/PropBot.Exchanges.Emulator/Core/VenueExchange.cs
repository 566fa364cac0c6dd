namespace PropBot.Exchanges.Emulator.Core;

/// <summary>Why the core refused an order (venue facades map these to wire codes).</summary>
internal enum PlaceError
{
    None,
    DuplicateClientId,
    InsufficientMargin,
    PostOnlyWouldTake,
    FokNotFilled,
}

/// <summary>A new order as understood by the core (base units).</summary>
internal sealed class NewOrder
{
    public required Instrument Instrument { get; init; }

    public required EmulatorOrderSide Side { get; init; }

    public required EmulatorPositionSide PositionSide { get; init; }

    public required EmulatorOrderType Type { get; init; }

    public required EmulatorTimeInForce TimeInForce { get; init; }

    public decimal? Price { get; init; }

    public required decimal Quantity { get; init; }

    public bool ReduceOnly { get; init; }

    public string? ClientId { get; init; }

    public string WireType { get; init; } = "";

    public string Tag { get; init; } = "";

    public string MarginMode { get; init; } = "cross";
}

/// <summary>
/// The exchange of one venue: the single account (balance, mode, leverage, positions), orders, fills, matching against
/// the synthetic book, funding settlement and dead-man timers. All members must be called under <see cref="EmulatorCore.Sync"/>.
/// </summary>
internal sealed class VenueExchange
{
    public const decimal MakerRate = 0.0002m;
    public const decimal TakerRate = 0.0005m;

    private readonly EmulatorCore core;
    private readonly List<OrderState> orders = [];
    private readonly Dictionary<long, OrderState> ordersById = [];
    private readonly Dictionary<string, OrderState> latestByClientId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderState> openByClientId = new(StringComparer.Ordinal);
    private readonly List<OrderState> openOrders = [];
    private readonly List<OrderState> pausedOrders = [];
    private readonly List<EmulatorFill> fills = [];
    private readonly List<EmulatorFundingPayment> fundingPayments = [];
    private readonly Dictionary<(string Symbol, EmulatorPositionSide Side), PositionState> positions = [];
    private readonly Dictionary<string, SymbolSettings> settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> symbolDeadMan = new(StringComparer.Ordinal);
    private long nextOrderId;
    private long nextTradeId;
    private long nextPositionId;
    private DateTimeOffset nextFunding;

    public VenueExchange(EmulatorCore core, EmulatorVenue venue, decimal initialBalance, DateTimeOffset now)
    {
        this.core = core;
        Venue = venue;
        Wallet = initialBalance;
        nextOrderId = venue == EmulatorVenue.Binance ? 4_100_000_000L : 2_900_000_000_000_000_000L;
        nextTradeId = venue == EmulatorVenue.Binance ? 610_000_000L : 1_400_000_000L;
        nextPositionId = 1_750_000_000_000_000_000L;
        foreach (var instrument in Instruments.For(venue))
        {
            settings[instrument.Symbol] = new SymbolSettings();
        }

        nextFunding = NextFundingAfter(now);
    }

    public EmulatorVenue Venue { get; }

    public FaultState Faults { get; } = new();

    public decimal Wallet { get; private set; }

    public bool HedgeMode { get; set; }

    public bool MatchingPaused { get; private set; }

    /// <summary>OKX account-level cancel-all-after deadline.</summary>
    public DateTimeOffset? AccountDeadMan { get; set; }

    public List<FundingHistoryEntry> FundingHistory { get; } = [];

    public DateTimeOffset NextFundingTime => nextFunding;

    public DateTimeOffset LastFundingTime => nextFunding - core.Options.Market.FundingInterval;

    public TimeSpan FundingInterval => core.Options.Market.FundingInterval;

    public DateTimeOffset UpdateTime { get; private set; }

    public IReadOnlyList<OrderState> OpenOrders => openOrders;

    /// <summary>Receives order and account events when a private-stream hub is attached (null = none are produced).</summary>
    public System.Threading.Channels.ChannelWriter<UserEvent>? EventSink { get; set; }

    /// <summary>The active user-data listen key and its expiry (Binance).</summary>
    public string? ListenKey { get; set; }

    public DateTimeOffset ListenKeyExpires { get; set; }

    /// <summary>Every retained order in creation order (oldest closed orders are pruned beyond <see cref="MaxRetainedOrders"/>).</summary>
    public IReadOnlyList<OrderState> AllOrders => orders;

    public IReadOnlyList<EmulatorFill> Fills => fills;

    public IReadOnlyList<EmulatorFundingPayment> FundingPayments => fundingPayments;

    public const int MaxRetainedOrders = 200_000;

    public SymbolSettings Settings(Instrument instrument) => settings[instrument.Symbol];

    public BookSnapshot Book(Instrument instrument) => core.Market.Book(Venue, Instruments.AssetIndex(instrument.Asset));

    public decimal Mark(Instrument instrument) => core.Market.Mark(Venue, Instruments.AssetIndex(instrument.Asset));

    public decimal Index(Instrument instrument) => core.Market.Index(Instruments.AssetIndex(instrument.Asset));

    public decimal FundingRate(Instrument instrument) => core.Market.FundingRate(Venue, Instruments.AssetIndex(instrument.Asset));

    public bool HasOpenOrders(Instrument? instrument = null)
    {
        foreach (var order in openOrders)
        {
            if (instrument is null || ReferenceEquals(order.Instrument, instrument))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasPositions(Instrument? instrument = null)
    {
        foreach (var (key, position) in positions)
        {
            if (position.Quantity != 0 && (instrument is null || key.Symbol == instrument.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    public PositionState? Position(Instrument instrument, EmulatorPositionSide side) =>
        positions.TryGetValue((instrument.Symbol, side), out var p) ? p : null;

    public decimal PositionQuantity(Instrument instrument, EmulatorPositionSide side) => Position(instrument, side)?.Quantity ?? 0m;

    public IEnumerable<(Instrument Instrument, EmulatorPositionSide Side, PositionState Position)> Positions()
    {
        foreach (var instrument in Instruments.For(Venue))
        {
            foreach (var side in new[] { EmulatorPositionSide.Net, EmulatorPositionSide.Long, EmulatorPositionSide.Short })
            {
                if (positions.TryGetValue((instrument.Symbol, side), out var p) && p.Quantity != 0)
                {
                    yield return (instrument, side, p);
                }
            }
        }
    }

    /// <summary>Quantity of open reduce-only / closing orders on the same side of a position bucket.</summary>
    public decimal OpenReducingQuantity(Instrument instrument, EmulatorPositionSide side, EmulatorOrderSide orderSide)
    {
        var total = 0m;
        foreach (var order in openOrders)
        {
            if (ReferenceEquals(order.Instrument, instrument) && order.PositionSide == side && order.Side == orderSide && order.ReduceOnly)
            {
                total += order.Remaining;
            }
        }

        return total;
    }

    public OrderState? FindOrder(long? orderId, string? clientId)
    {
        if (orderId is { } id)
        {
            return ordersById.TryGetValue(id, out var byId) ? byId : null;
        }

        if (!string.IsNullOrEmpty(clientId))
        {
            return latestByClientId.TryGetValue(clientId, out var byClient) ? byClient : null;
        }

        return null;
    }

    public decimal UnrealizedPnl()
    {
        var total = 0m;
        foreach (var (instrument, _, p) in Positions())
        {
            total += p.Quantity * (Mark(instrument) - p.EntryPrice);
        }

        return total;
    }

    public decimal PositionInitialMargin()
    {
        var total = 0m;
        foreach (var (instrument, _, p) in Positions())
        {
            total += Math.Abs(p.Quantity) * Mark(instrument) / settings[instrument.Symbol].Leverage;
        }

        return total;
    }

    public decimal MaintenanceMargin()
    {
        var total = 0m;
        foreach (var (instrument, _, p) in Positions())
        {
            total += Math.Abs(p.Quantity) * Mark(instrument) * instrument.MaintenanceMarginRate;
        }

        return total;
    }

    public decimal OpenOrderInitialMargin(Instrument? only = null)
    {
        var total = 0m;
        foreach (var order in openOrders)
        {
            if (!order.ReduceOnly && (only is null || ReferenceEquals(only, order.Instrument)))
            {
                total += order.Remaining * (order.Price ?? Mark(order.Instrument)) / settings[order.Instrument.Symbol].Leverage;
            }
        }

        return total;
    }

    public decimal Available() => Wallet + UnrealizedPnl() - PositionInitialMargin() - OpenOrderInitialMargin();

    public PlaceError Place(NewOrder request, DateTimeOffset now, out OrderState? placed)
    {
        placed = null;
        if (request.ClientId is { } cid && openByClientId.ContainsKey(cid))
        {
            return PlaceError.DuplicateClientId;
        }

        var leverage = settings[request.Instrument.Symbol].Leverage;
        if (!request.ReduceOnly)
        {
            var required = request.Quantity * (request.Price ?? Mark(request.Instrument)) / leverage;
            if (required > Available())
            {
                return PlaceError.InsufficientMargin;
            }
        }

        var id = ++nextOrderId;
        var order = new OrderState
        {
            Id = id,
            ClientId = request.ClientId ?? (Venue == EmulatorVenue.Binance ? "emu" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            Instrument = request.Instrument,
            Side = request.Side,
            PositionSide = request.PositionSide,
            Type = request.Type,
            TimeInForce = request.TimeInForce,
            Price = request.Price,
            Quantity = request.Quantity,
            ReduceOnly = request.ReduceOnly,
            WireType = request.WireType,
            Tag = request.Tag,
            MarginMode = request.MarginMode,
            Leverage = leverage,
            Created = now,
            Updated = now,
            Status = EmulatorOrderStatus.New,
        };

        if (MatchingPaused)
        {
            Register(order);
            pausedOrders.Add(order);
            placed = order;
            return PlaceError.None;
        }

        var error = Execute(order, now, registered: false);
        if (error == PlaceError.None)
        {
            placed = order;
        }

        return error;
    }

    public bool Cancel(OrderState order, DateTimeOffset now, string cancelSource)
    {
        if (!order.IsOpen)
        {
            return false;
        }

        order.Status = EmulatorOrderStatus.Canceled;
        order.CancelSource = cancelSource;
        order.Updated = now;
        Close(order);
        EmitOrder(order, "CANCELED", now);
        return true;
    }

    public int CancelAll(Instrument? instrument, DateTimeOffset now, string cancelSource)
    {
        var count = 0;
        foreach (var order in openOrders.ToArray())
        {
            if (instrument is null || ReferenceEquals(order.Instrument, instrument))
            {
                count += Cancel(order, now, cancelSource) ? 1 : 0;
            }
        }

        return count;
    }

    public void ArmSymbolDeadMan(Instrument instrument, TimeSpan countdown, DateTimeOffset now)
    {
        if (countdown <= TimeSpan.Zero)
        {
            symbolDeadMan.Remove(instrument.Symbol);
        }
        else
        {
            symbolDeadMan[instrument.Symbol] = now + countdown;
        }
    }

    public void PauseMatching() => MatchingPaused = true;

    public void ResumeMatching(DateTimeOffset now)
    {
        MatchingPaused = false;
        var pending = pausedOrders.ToArray();
        pausedOrders.Clear();
        foreach (var order in pending)
        {
            if (order.IsOpen)
            {
                Execute(order, now, registered: true);
            }
        }
    }

    /// <summary>Market tick: resting-order matching, dead-man timers, funding.</summary>
    public void OnTick(DateTimeOffset now)
    {
        if (!MatchingPaused)
        {
            MatchResting(now);
        }

        if (symbolDeadMan.Count > 0)
        {
            foreach (var (symbol, deadline) in symbolDeadMan.ToArray())
            {
                if (now >= deadline)
                {
                    symbolDeadMan.Remove(symbol);
                    CancelAll(Instruments.BySymbol(Venue, symbol), now, "0");
                }
            }
        }

        if (AccountDeadMan is { } accountDeadline && now >= accountDeadline)
        {
            AccountDeadMan = null;
            CancelAll(null, now, "20");
        }

        var interval = FundingInterval;
        if (now - nextFunding > interval * 4)
        {
            nextFunding = NextFundingAfter(now - interval);
        }

        while (now >= nextFunding)
        {
            SettleFunding(nextFunding);
            nextFunding += interval;
        }
    }

    /// <summary>Moves the funding schedule when the venue clock is shifted.</summary>
    public void ResetFundingSchedule(DateTimeOffset now) => nextFunding = NextFundingAfter(now);

    public EmulatorLedger Snapshot()
    {
        var positionList = new List<EmulatorPosition>();
        foreach (var (instrument, side, p) in Positions())
        {
            var mark = Mark(instrument);
            var leverage = settings[instrument.Symbol].Leverage;
            positionList.Add(new EmulatorPosition(
                Venue, instrument.Symbol, side, p.Quantity, p.EntryPrice, mark, p.Quantity * (mark - p.EntryPrice),
                Math.Abs(p.Quantity) * mark / leverage, Math.Abs(p.Quantity) * mark * instrument.MaintenanceMarginRate, leverage));
        }

        return new EmulatorLedger(
            Venue, Wallet, HedgeMode, orders.ConvertAll(o => o.ToPublic()), [.. fills], positionList, [.. fundingPayments]);
    }

    private DateTimeOffset NextFundingAfter(DateTimeOffset now)
    {
        var intervalTicks = Math.Max(TimeSpan.TicksPerSecond, core.Options.Market.FundingInterval.Ticks);
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = ((sinceEpoch / intervalTicks) + 1) * intervalTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(next);
    }

    private void SettleFunding(DateTimeOffset time)
    {
        foreach (var instrument in Instruments.For(Venue))
        {
            var rate = FundingRate(instrument);
            var mark = Mark(instrument);
            FundingHistory.Add(new FundingHistoryEntry(instrument.Symbol, rate, mark, time));
            foreach (var side in new[] { EmulatorPositionSide.Net, EmulatorPositionSide.Long, EmulatorPositionSide.Short })
            {
                if (positions.TryGetValue((instrument.Symbol, side), out var p) && p.Quantity != 0)
                {
                    var amount = Math.Round(-p.Quantity * mark * rate, 8, MidpointRounding.ToEven);
                    Wallet += amount;
                    p.FundingFees += amount;
                    p.Updated = time;
                    UpdateTime = time;
                    fundingPayments.Add(new EmulatorFundingPayment(Venue, instrument.Symbol, rate, mark, p.Quantity, amount, time));
                    EventSink?.TryWrite(new AccountEvent(time, "FUNDING_FEE", Wallet, amount, settings[instrument.Symbol].Isolated ? [Update(instrument, side, p)] : [], instrument.Symbol));
                }
            }
        }

        if (FundingHistory.Count > 2000)
        {
            FundingHistory.RemoveRange(0, 1000);
        }
    }

    private void Register(OrderState order)
    {
        if (orders.Count >= MaxRetainedOrders)
        {
            Prune();
        }

        orders.Add(order);
        ordersById[order.Id] = order;
        EmitOrder(order, "NEW", order.Created);
        if (order.ClientId.Length > 0)
        {
            latestByClientId[order.ClientId] = order;
        }

        if (order.IsOpen)
        {
            openOrders.Add(order);
            if (order.ClientId.Length > 0)
            {
                openByClientId[order.ClientId] = order;
            }
        }
    }

    private void Prune()
    {
        var toDrop = orders.Count - (MaxRetainedOrders * 3 / 4);
        var kept = new List<OrderState>(orders.Count);
        foreach (var order in orders)
        {
            if (toDrop > 0 && !order.IsOpen)
            {
                toDrop--;
                ordersById.Remove(order.Id);
                if (latestByClientId.TryGetValue(order.ClientId, out var latest) && ReferenceEquals(latest, order))
                {
                    latestByClientId.Remove(order.ClientId);
                }

                continue;
            }

            kept.Add(order);
        }

        orders.Clear();
        orders.AddRange(kept);
        if (fills.Count > MaxRetainedOrders)
        {
            fills.RemoveRange(0, fills.Count - (MaxRetainedOrders * 3 / 4));
        }
    }

    private void Close(OrderState order)
    {
        openOrders.Remove(order);
        if (order.ClientId.Length > 0 && openByClientId.TryGetValue(order.ClientId, out var open) && ReferenceEquals(open, order))
        {
            openByClientId.Remove(order.ClientId);
        }
    }

    private static bool Crosses(OrderState order, BookSnapshot book) =>
        order.Price is { } price && (order.Side == EmulatorOrderSide.Buy ? price >= book.BestAsk : price <= book.BestBid);

    private static decimal Fillable(OrderState order, BookSnapshot book, decimal wanted)
    {
        var levels = order.Side == EmulatorOrderSide.Buy ? book.Asks : book.Bids;
        var total = 0m;
        foreach (var level in levels)
        {
            if (order.Type == EmulatorOrderType.Limit && order.Price is { } limit
                && (order.Side == EmulatorOrderSide.Buy ? level.Price > limit : level.Price < limit))
            {
                break;
            }

            total += level.Quantity;
            if (total >= wanted)
            {
                return wanted;
            }
        }

        return total;
    }

    private PlaceError Execute(OrderState order, DateTimeOffset now, bool registered)
    {
        var book = Book(order.Instrument);
        var binance = Venue == EmulatorVenue.Binance;
        if (order.TimeInForce == EmulatorTimeInForce.PostOnly && Crosses(order, book))
        {
            if (binance && !registered)
            {
                return PlaceError.PostOnlyWouldTake;
            }

            Finish(order, registered, binance ? EmulatorOrderStatus.Expired : EmulatorOrderStatus.Canceled, "31", now);
            return PlaceError.None;
        }

        var wanted = order.Remaining;
        var fillable = order.TimeInForce == EmulatorTimeInForce.PostOnly ? 0m : Fillable(order, book, wanted);
        if (Faults.TryTakePartialFill() is { } fraction && fillable > 0)
        {
            var capped = order.Instrument.RoundDownToStep(order.Quantity * fraction);
            fillable = Math.Min(fillable, Math.Max(capped, 0m));
        }

        if (order.TimeInForce == EmulatorTimeInForce.Fok && fillable < wanted)
        {
            if (binance && !registered)
            {
                return PlaceError.FokNotFilled;
            }

            Finish(order, registered, binance ? EmulatorOrderStatus.Expired : EmulatorOrderStatus.Canceled, "13", now);
            return PlaceError.None;
        }

        if (!registered)
        {
            Register(order);
        }

        if (fillable > 0)
        {
            Take(order, order.Side == EmulatorOrderSide.Buy ? book.Asks : book.Bids, fillable, now);
        }

        if (order.Remaining > 0 && (order.Type == EmulatorOrderType.Market || order.TimeInForce is EmulatorTimeInForce.Ioc or EmulatorTimeInForce.Fok))
        {
            order.Status = binance ? EmulatorOrderStatus.Expired : EmulatorOrderStatus.Canceled;
            order.CancelSource = binance ? null : "14";
            order.Updated = now;
            Close(order);
            EmitOrder(order, binance ? "EXPIRED" : "CANCELED", now);
        }

        return PlaceError.None;
    }

    private void Finish(OrderState order, bool registered, EmulatorOrderStatus status, string cancelSource, DateTimeOffset now)
    {
        if (!registered)
        {
            Register(order);
        }

        order.Status = status;
        order.CancelSource = Venue == EmulatorVenue.Okx ? cancelSource : null;
        order.Updated = now;
        Close(order);
        EmitOrder(order, status == EmulatorOrderStatus.Expired ? "EXPIRED" : "CANCELED", now);
    }

    private void Take(OrderState order, BookLevel[] levels, decimal quantity, DateTimeOffset now)
    {
        var remaining = quantity;
        foreach (var level in levels)
        {
            if (remaining <= 0)
            {
                break;
            }

            var q = Math.Min(remaining, level.Quantity);
            Fill(order, level.Price, q, isMaker: false, now);
            remaining -= q;
        }
    }

    private void MatchResting(DateTimeOffset now)
    {
        if (openOrders.Count == 0)
        {
            return;
        }

        foreach (var order in openOrders.ToArray())
        {
            if (order.Type != EmulatorOrderType.Limit || order.Price is not { } price || !order.IsOpen)
            {
                continue;
            }

            var book = Book(order.Instrument);
            if (!Crosses(order, book))
            {
                continue;
            }

            var available = 0m;
            foreach (var level in order.Side == EmulatorOrderSide.Buy ? book.Asks : book.Bids)
            {
                if (order.Side == EmulatorOrderSide.Buy ? level.Price > price : level.Price < price)
                {
                    break;
                }

                available += level.Quantity;
            }

            var q = Math.Min(order.Remaining, available);
            if (q > 0)
            {
                Fill(order, price, q, isMaker: true, now);
            }
        }
    }

    private void Fill(OrderState order, decimal price, decimal quantity, bool isMaker, DateTimeOffset now)
    {
        var fee = Math.Round(price * quantity * (isMaker ? MakerRate : TakerRate), 8, MidpointRounding.ToEven);
        var signed = order.Side == EmulatorOrderSide.Buy ? quantity : -quantity;
        var key = (order.Instrument.Symbol, order.PositionSide);
        if (!positions.TryGetValue(key, out var position))
        {
            position = new PositionState { Created = now, PositionId = ++nextPositionId };
            positions[key] = position;
        }

        var realized = 0m;
        var q = position.Quantity;
        if (q == 0)
        {
            position.Created = now;
            position.EntryPrice = price;
            position.Quantity = signed;
            position.RealizedPnl = 0;
            position.Fees = 0;
            position.FundingFees = 0;
        }
        else if (Math.Sign(q) == Math.Sign(signed))
        {
            position.EntryPrice = Math.Round(((Math.Abs(q) * position.EntryPrice) + (quantity * price)) / (Math.Abs(q) + quantity), 8, MidpointRounding.ToEven);
            position.Quantity = q + signed;
        }
        else
        {
            var closing = Math.Min(quantity, Math.Abs(q));
            realized = closing * (price - position.EntryPrice) * Math.Sign(q);
            var after = q + signed;
            position.Quantity = after;
            if (after == 0)
            {
                position.EntryPrice = 0;
            }
            else if (Math.Sign(after) != Math.Sign(q))
            {
                position.EntryPrice = price;
            }
        }

        position.Updated = now;
        position.RealizedPnl += realized;
        position.Fees += fee;
        Wallet += realized - fee;
        UpdateTime = now;

        var tradeId = ++nextTradeId;
        order.Executed += quantity;
        order.CumQuote += price * quantity;
        order.Fee += fee;
        order.RealizedPnl += realized;
        order.LastFillPrice = price;
        order.LastFillQuantity = quantity;
        order.LastFillTime = now;
        order.LastTradeId = tradeId;
        order.Updated = now;
        order.Status = order.Remaining <= 0 ? EmulatorOrderStatus.Filled : EmulatorOrderStatus.PartiallyFilled;
        if (!order.IsOpen)
        {
            Close(order);
        }

        fills.Add(new EmulatorFill(Venue, order.Instrument.Symbol, tradeId, order.Id, order.ClientId, order.Side, price, quantity, fee, isMaker, realized, now));
        if (EventSink is { } sink)
        {
            sink.TryWrite(new OrderEvent(now, order, "TRADE", order.Status, order.Executed, order.AveragePrice, quantity, price, fee, tradeId, isMaker, realized));
            sink.TryWrite(new AccountEvent(now, "ORDER", Wallet, 0m, [Update(order.Instrument, order.PositionSide, position)], null));
        }
    }

    private void EmitOrder(OrderState order, string executionType, DateTimeOffset now) =>
        EventSink?.TryWrite(new OrderEvent(now, order, executionType, order.Status, order.Executed, order.AveragePrice, 0m, 0m, 0m, 0, false, 0m));

    private PositionUpdate Update(Instrument instrument, EmulatorPositionSide side, PositionState p) => new(
        instrument, side, p.Quantity, p.EntryPrice, p.RealizedPnl, p.Quantity * (Mark(instrument) - p.EntryPrice), settings[instrument.Symbol].Isolated);
}
