using NSubstitute;
using PropBot.Exchanges;

namespace PropBot.Risk.Tests.Support;

/// <summary>An <see cref="IDerivClient"/> substitute with settable positions, open orders, feed health and clock.</summary>
internal sealed class FakeVenue
{
    private readonly Func<DateTimeOffset> now;

    public FakeVenue(VenueId venue, Func<DateTimeOffset> now)
    {
        this.now = now;
        Venue = venue;
        Client = Substitute.For<IDerivClient>();
        Feed = Substitute.For<IMarketDataFeed>();
        Client.Venue.Returns(venue);
        Client.MarketData.Returns(Feed);
        Client.Clock.Returns(_ => Clock);
        Feed.GetHealth().Returns(_ => Health());
        Client.GetPositionsAsync(Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<VenueResult<IReadOnlyList<Position>>>(Positions.ToList()));
        Client.GetOpenOrdersAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<VenueResult<IReadOnlyList<OrderReport>>>(OpenOrders.ToList()));
        Client.GetAccountMarginAsync(Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<VenueResult<AccountMargin>>(Margin));
        Client.CancelOrderAsync(Arg.Any<OrderLookup>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var lookup = c.Arg<OrderLookup>();
            Cancelled.Add(lookup);
            var order = OpenOrders.First(o => o.ClientOrderId == lookup.ClientOrderId);
            return Task.FromResult<VenueResult<OrderReport>>(order with { Status = OrderStatus.Canceled });
        });
        Client.PlaceOrderAsync(Arg.Any<OrderRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var r = c.Arg<OrderRequest>();
            Placed.Add(r);
            return Task.FromResult<VenueResult<OrderReport>>(new OrderReport
            {
                Instrument = new InstrumentId(venue, r.Symbol), ClientOrderId = r.ClientOrderId, Side = r.Side, Type = r.Type,
                Status = OrderStatus.Filled, Quantity = r.Quantity, FilledQuantity = r.Quantity, ReduceOnly = r.ReduceOnly, PositionSide = r.PositionSide,
            });
        });
        Client.ArmDeadManSwitchAsync(Arg.Any<string?>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var symbol = c.ArgAt<string?>(0);
            var timeout = c.ArgAt<TimeSpan>(1);
            lock (Armed)
            {
                Armed.Add((symbol, timeout));
            }

            ArmSignal.Release();
            return Task.FromResult<VenueResult<DeadManSwitchStatus>>(new DeadManSwitchStatus { Venue = venue, Symbol = symbol, Timeout = timeout });
        });
    }

    public VenueId Venue { get; }

    public IDerivClient Client { get; }

    public IMarketDataFeed Feed { get; }

    public List<Position> Positions { get; } = [];

    public List<OrderReport> OpenOrders { get; } = [];

    public List<OrderLookup> Cancelled { get; } = [];

    public List<OrderRequest> Placed { get; } = [];

    public List<(string? Symbol, TimeSpan Timeout)> Armed { get; } = [];

    public SemaphoreSlim ArmSignal { get; } = new(0);

    public AccountMargin Margin { get; set; } = new() { Venue = VenueId.BinanceUsdFutures, MarginBalance = 1000m };

    public ClockState Clock { get; set; } = new() { LastSync = DateTimeOffset.UnixEpoch };

    public bool Connected { get; set; } = true;

    public TimeSpan? Age { get; set; } = TimeSpan.FromMilliseconds(100);

    public int ArmCount
    {
        get
        {
            lock (Armed)
            {
                return Armed.Count;
            }
        }
    }

    public OrderReport AddOpenOrder(string symbol, string clientOrderId)
    {
        var o = new OrderReport
        {
            Instrument = new InstrumentId(Venue, symbol), ClientOrderId = new ClientOrderId(clientOrderId), Side = OrderSide.Buy, Type = OrderType.Limit,
            Status = OrderStatus.New, Quantity = 1m, Price = 1m,
        };
        OpenOrders.Add(o);
        return o;
    }

    private IReadOnlyList<StreamHealth> Health() =>
    [
        new StreamHealth { Name = "book", IsConnected = Connected, Age = Age, AsOf = now() },
        new StreamHealth { Name = "mark", IsConnected = true, Age = TimeSpan.FromMilliseconds(50), AsOf = now() },
    ];
}
