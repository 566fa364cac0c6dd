using PropBot.Exchanges.Binance;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceSignerTests
{
    private const string Secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

    [Fact]
    public void Sign_OfficialExample_ReproducesSignature() =>
        BinanceSigner.Sign(Secret, "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943")
            .ShouldBe("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943", "ec11dcc17e67e47f0d3c3f513dfe9062307e37619c5c82ebaa8fe0bdf3d59519")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943", "f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000&timestamp=1591702613943", "30baaf0fab549bbeda7f5ef201898b34122da25fd23c646cac2c529aebe670a4")]
    [InlineData("symbol=BTCUSDT&countdownTime=120000&timestamp=1591702613943", "1d97cd449bbac684a042bcc54f17efad82116211de71c83450b7ee09f89e4748")]
    [InlineData("symbol=BTCUSDT&side=BUY&positionSide=SHORT&type=LIMIT&timeInForce=GTX&quantity=0.01&price=65000.1&newClientOrderId=pb-a1-L2-0&recvWindow=5000&timestamp=1591702613943", "973c81f93b229fc5af4583245963b1ca2449d6d329d7019300d6c7300190b02f")]
    [InlineData("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.005&reduceOnly=true&newOrderRespType=RESULT&timestamp=1591702613943", "98d994ea61a686e6eb60822a8e7935e28c95b250c44366c2078eb5d501c4a0e0")]
    [InlineData("dualSidePosition=false&timestamp=1591702613943", "5129252d426c83dc6035da638b10dfe80f9ba6363a61fbd3625b5cdb43463d02")]
    [InlineData("timestamp=1591702613943", "84901bbeed96ffa9adf9995c40fcadcb0a9ddad37c2605ce82491f2c771077a6")]
    public void Sign_ReferenceVectors_Match(string payload, string expected) => BinanceSigner.Sign(Secret, payload).ShouldBe(expected);

    [Fact]
    public void Sign_OrderParametersBuiltByClient_MatchVector7()
    {
        var filters = new InstrumentFilters
        {
            Instrument = new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"),
            BaseAsset = "BTC",
            QuoteAsset = "USDT",
            TickSize = 0.1m,
            StepSize = 0.001m,
            MinQuantity = 0.001m,
            MaxQuantity = 1000m,
        };
        var request = new OrderRequest { Symbol = "BTCUSDT", Side = OrderSide.Sell, Type = OrderType.Market, Quantity = 0.005m, ReduceOnly = true, ClientOrderId = new ClientOrderId("x1") };
        BinanceUsdFuturesClient.TryBuildOrderParameters(request, filters, out var parameters, out _).ShouldBeTrue();
        parameters.RemoveAll(p => p.Key == "newClientOrderId");

        var payload = BinanceRestTransport.BuildQuery(parameters) + "&timestamp=1591702613943";

        BinanceSigner.Sign(Secret, payload).ShouldBe("98d994ea61a686e6eb60822a8e7935e28c95b250c44366c2078eb5d501c4a0e0");
    }
}
