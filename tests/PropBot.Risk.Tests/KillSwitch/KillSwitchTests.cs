using NSubstitute;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.KillSwitch;

public class KillSwitchTests
{
    private sealed class Fixture
    {
        public Fixture()
        {
            Binance = new FakeVenue(VenueId.BinanceUsdFutures, () => R.Now);
            Okx = new FakeVenue(VenueId.OkxSwap, () => R.Now);
            var clients = new[] { Binance.Client, Okx.Client };
            Switch = new PropBot.Risk.KillSwitch(R.State, clients, new DerivClientFlattenHandler(clients), R.Events, R.Time);
        }

        public RiskKit R { get; } = new();

        public FakeVenue Binance { get; }

        public FakeVenue Okx { get; }

        public PropBot.Risk.KillSwitch Switch { get; }
    }

    [Fact]
    public async Task ActivateAsync_HaltsCancelsAllAndFlattensReduceOnly()
    {
        var f = new Fixture();
        f.Binance.AddOpenOrder("BTCUSDT", "a1");
        f.Binance.AddOpenOrder("ETHUSDT", "a2");
        f.Okx.AddOpenOrder("BTC-USDT-SWAP", "b1");
        f.Binance.Positions.Add(new Position { Instrument = RiskKit.BinanceBtc, PositionSide = PositionSide.Long, Quantity = 0.01m, MarginType = MarginType.Isolated });
        f.Okx.Positions.Add(new Position { Instrument = RiskKit.OkxBtc, PositionSide = PositionSide.Short, Quantity = -0.02m, MarginType = MarginType.Cross });

        var report = await f.Switch.ActivateAsync("alice", "venue misbehaving");

        f.R.State.State.ShouldBe(TradingState.Halted);
        f.R.State.LastChange!.Code.ShouldBe(TradingStateChangeCodes.KillSwitch);
        f.R.State.LastChange.Actor.ShouldBe("alice");
        report.State.ShouldBe(TradingState.Halted);
        report.OrdersCancelled.ShouldBe(3);
        report.CancelFailures.ShouldBeEmpty();
        f.Binance.Cancelled.Select(c => c.ClientOrderId!.Value.Value).ShouldBe(["a1", "a2"]);
        f.Okx.Cancelled.ShouldHaveSingleItem().Symbol.ShouldBe("BTC-USDT-SWAP");

        var close = f.Binance.Placed.ShouldHaveSingleItem();
        close.ShouldBe(new OrderRequest
        {
            Symbol = "BTCUSDT", Side = OrderSide.Sell, Type = OrderType.Market, Quantity = 0.01m, ReduceOnly = true,
            PositionSide = PositionSide.Long, ClientOrderId = new ClientOrderId("ks2026112312000000001F0"), Purpose = OrderPurpose.Flatten,
            MarginType = MarginType.Isolated,
        });
        var okxClose = f.Okx.Placed.ShouldHaveSingleItem();
        okxClose.Side.ShouldBe(OrderSide.Buy);
        okxClose.Quantity.ShouldBe(0.02m);
        okxClose.ReduceOnly.ShouldBeTrue();
        okxClose.PositionSide.ShouldBe(PositionSide.Short);
        okxClose.ClientOrderId.Value.ShouldBe("ks2026112312000000001F1");
        report.Flatten.Orders.Count.ShouldBe(2);

        var incident = f.R.Incidents.ShouldHaveSingleItem();
        incident.ShouldBeSameAs(report.Incident);
        incident.Kind.ShouldBe(RiskIncidentKinds.KillSwitch);
        incident.Message.ShouldBe("Kill switch activated by alice: venue misbehaving");
        incident.Details["orders_cancelled"].ShouldBe("3");
        incident.Details["flatten_orders"].ShouldBe("2");
    }

    [Fact]
    public async Task ActivateAsync_VenueErrors_ReportedNotThrown()
    {
        var f = new Fixture();
        f.Okx.Client.GetOpenOrdersAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<VenueResult<IReadOnlyList<OrderReport>>>(new VenueError { Venue = VenueId.OkxSwap, Kind = VenueErrorKind.Transient, Message = "boom" }));

        var report = await f.Switch.ActivateAsync("", "");

        report.CancelFailures.ShouldBe(["okx_perp: open orders not read (Transient)"]);
        f.R.State.State.ShouldBe(TradingState.Halted);
        f.R.State.LastChange!.Actor.ShouldBe("(unidentified)");
    }

    [Fact]
    public async Task ActivateAsync_ThenReset_NeedsOperatorAndReason()
    {
        var f = new Fixture();
        await f.Switch.ActivateAsync("alice", "drill");

        f.R.State.Reset("bob", "").Succeeded.ShouldBeFalse();
        f.R.State.State.ShouldBe(TradingState.Halted);
        f.R.State.Reset("bob", "drill over").Succeeded.ShouldBeTrue();
        f.R.State.State.ShouldBe(TradingState.Active);
    }
}
