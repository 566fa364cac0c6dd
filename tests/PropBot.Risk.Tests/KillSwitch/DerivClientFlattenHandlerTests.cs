using NSubstitute;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.KillSwitch;

public class DerivClientFlattenHandlerTests
{
    private static readonly ClientOrderId Id = new("x1");

    [Fact]
    public void CloseOrder_Flat_Null() =>
        DerivClientFlattenHandler.CloseOrder(new Position { Instrument = RiskKit.BinanceBtc, PositionSide = PositionSide.Both, Quantity = 0m }, Id).ShouldBeNull();

    [Theory]
    [InlineData(0.5, PositionSide.Both, OrderSide.Sell)]
    [InlineData(-0.5, PositionSide.Both, OrderSide.Buy)]
    [InlineData(0.5, PositionSide.Long, OrderSide.Sell)]
    [InlineData(-0.5, PositionSide.Short, OrderSide.Buy)]
    public void CloseOrder_Position_ReduceOnlyMarketOppositeSideSamePositionSide(decimal quantity, PositionSide positionSide, OrderSide side)
    {
        var order = DerivClientFlattenHandler.CloseOrder(new Position { Instrument = RiskKit.OkxBtc, PositionSide = positionSide, Quantity = quantity }, Id)!;
        order.Symbol.ShouldBe("BTC-USDT-SWAP");
        order.Side.ShouldBe(side);
        order.PositionSide.ShouldBe(positionSide);
        order.Quantity.ShouldBe(0.5m);
        order.Type.ShouldBe(OrderType.Market);
        order.ReduceOnly.ShouldBeTrue();
        order.Purpose.ShouldBe(OrderPurpose.Flatten);
        order.ClientOrderId.ShouldBe(Id);
    }

    [Fact]
    public async Task FlattenAsync_PositionsUnreadable_ReportedAndOtherVenuesFlattened()
    {
        var r = new RiskKit();
        var binance = new FakeVenue(VenueId.BinanceUsdFutures, () => r.Now);
        var okx = new FakeVenue(VenueId.OkxSwap, () => r.Now);
        binance.Client.GetPositionsAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<VenueResult<IReadOnlyList<Position>>>(new VenueError { Venue = VenueId.BinanceUsdFutures, Kind = VenueErrorKind.RateLimited, Message = "429" }));
        okx.Positions.Add(new Position { Instrument = RiskKit.OkxBtc, PositionSide = PositionSide.Short, Quantity = -1m });

        var report = await new DerivClientFlattenHandler([binance.Client, okx.Client])
            .FlattenAsync(new FlattenRequest { IncidentId = "ks1", Reason = "r", Actor = "a", Time = r.Now });

        report.Failures.ShouldBe(["binance_um: positions not read (RateLimited)"]);
        report.Orders.ShouldHaveSingleItem().ClientOrderId.Value.ShouldBe("ks1F0");
    }
}
