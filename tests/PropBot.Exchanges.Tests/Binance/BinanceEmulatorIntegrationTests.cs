using Microsoft.Extensions.Logging.Abstractions;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Binance;

/// <summary>The adapter against the loopback venue emulator over real HTTP and WebSocket.</summary>
public sealed class BinanceEmulatorIntegrationTests : IAsyncLifetime
{
    private VenueEmulator _emulator = null!;
    private IBinanceUsdFuturesClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 7 });
        _client = BinanceUsdFuturesClientFactory.Create(
            new BinanceUsdFuturesOptions
            {
                Environment = "custom",
                RestBaseUrl = _emulator.BinanceRestUrl.ToString(),
                WebSocketBaseUrl = _emulator.BinanceWebSocketUrl.ToString(),
                ApiKey = EmulatorOptions.DefaultApiKey,
                ApiSecret = EmulatorOptions.DefaultApiSecret,
                RequestTimeout = TimeSpan.FromSeconds(30),
            },
            loggerFactory: NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task TimeAndFilters_FromEmulator()
    {
        var time = await _client.GetServerTimeAsync();
        time.Success.ShouldBeTrue(time.Error?.ToString());
        _client.Clock.Skew.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await _client.PingAsync()).Success.ShouldBeTrue();

        var filters = (await _client.GetFiltersAsync("BTCUSDT")).Data!;
        filters.TickSize.ShouldBe(0.1m);
        filters.StepSize.ShouldBe(0.001m);
        filters.MinNotional.ShouldBe(100m);
        filters.MarketMaxQuantity.ShouldBe(120m);
        _client.GetRateLimitUsage().ShouldContain(u => u.Name == "REQUEST_WEIGHT 1m" && u.Used > 0);

        var fees = (await _client.GetFeesAsync("BTCUSDT")).Data!;
        fees.Source.ShouldBe(FeeSource.Venue);
        var funding = (await _client.GetFundingInfoAsync("BTCUSDT")).Data!;
        funding.Interval.ShouldBe(TimeSpan.FromHours(8));
        (await _client.GetMarkPriceAsync("BTCUSDT")).Data.MarkPrice.ShouldBeGreaterThan(0m);
        var book = (await _client.GetOrderBookAsync("BTCUSDT", 5)).Data!;
        book.Bids.Count.ShouldBe(5);
        book.Bids[0].Price.ShouldBeLessThan(book.Asks[0].Price);
    }

    [Fact]
    public async Task Setup_IsIdempotent()
    {
        (await _client.SetPositionModeAsync(PositionMode.Hedge)).Success.ShouldBeTrue();
        (await _client.SetPositionModeAsync(PositionMode.Hedge)).Success.ShouldBeTrue();
        (await _client.GetPositionModeAsync()).Data.ShouldBe(PositionMode.Hedge);
        (await _client.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated)).Success.ShouldBeTrue();
        (await _client.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated)).Success.ShouldBeTrue();
        (await _client.SetLeverageAsync(new LeverageRequest("BTCUSDT", 10, MarginType.Isolated))).Data!.Leverage.ShouldBe(10);
        var leverage = (await _client.GetLeverageAsync("BTCUSDT", MarginType.Isolated)).Data!.Single();
        leverage.Leverage.ShouldBe(10);
        leverage.MarginType.ShouldBe(MarginType.Isolated);
    }

    [Fact]
    public async Task Orders_IocMarketQueryCancelPositionsAccount()
    {
        (await _client.SetPositionModeAsync(PositionMode.Hedge)).Success.ShouldBeTrue();
        var top = (await _client.GetBookTopAsync("BTCUSDT")).Data;

        var ioc = await _client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Buy,
            Type = OrderType.Limit,
            Price = top.AskPrice * 1.002m,
            Quantity = 0.01m,
            TimeInForce = TimeInForce.ImmediateOrCancel,
            PositionSide = PositionSide.Long,
            ClientOrderId = new ClientOrderId("itIoc1"),
        });
        ioc.Success.ShouldBeTrue(ioc.Error?.ToString());
        ioc.Data.Status.ShouldBe(OrderStatus.Filled);
        ioc.Data.FilledQuantity.ShouldBe(0.01m);
        ioc.Data.AveragePrice!.Value.ShouldBeGreaterThan(0m);

        var queried = (await _client.GetOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = new ClientOrderId("itIoc1") })).Data!;
        queried.Status.ShouldBe(OrderStatus.Filled);
        queried.VenueOrderId.ShouldBe(ioc.Data.VenueOrderId);

        var position = (await _client.GetPositionsAsync()).Data!.Single(p => p.Instrument.Symbol == "BTCUSDT");
        position.PositionSide.ShouldBe(PositionSide.Long);
        position.Quantity.ShouldBe(0.01m);

        var resting = await _client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Buy,
            Type = OrderType.Limit,
            Price = top.BidPrice * 0.97m,
            Quantity = 0.01m,
            TimeInForce = TimeInForce.GoodTillCanceled,
            PositionSide = PositionSide.Long,
            ClientOrderId = new ClientOrderId("itGtc1"),
        });
        resting.Data!.Status.ShouldBe(OrderStatus.New);
        (await _client.GetOpenOrdersAsync("BTCUSDT")).Data!.ShouldContain(o => o.ClientOrderId.Value == "itGtc1");
        var canceled = await _client.CancelOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = new ClientOrderId("itGtc1") });
        canceled.Data!.Status.ShouldBe(OrderStatus.Canceled);
        (await _client.GetOrderAsync(new OrderLookup { Symbol = "BTCUSDT", ClientOrderId = new ClientOrderId("itNope") })).Error!.Kind.ShouldBe(VenueErrorKind.NotFound);

        var close = await _client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Sell,
            Type = OrderType.Market,
            Quantity = 0.01m,
            PositionSide = PositionSide.Long,
            ReduceOnly = true,
            ClientOrderId = new ClientOrderId("itClose1"),
            Purpose = OrderPurpose.Flatten,
        });
        close.Success.ShouldBeTrue(close.Error?.ToString());
        close.Data.Status.ShouldBe(OrderStatus.Filled);
        (await _client.GetPositionsAsync()).Data!.ShouldNotContain(p => p.Instrument.Symbol == "BTCUSDT");

        var margin = (await _client.GetAccountMarginAsync()).Data!;
        margin.WalletBalance.ShouldBeGreaterThan(90_000m);
        margin.MarginBalance.ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task PostOnlyThatWouldTake_PostOnlyWouldTake()
    {
        (await _client.SetPositionModeAsync(PositionMode.OneWay)).Success.ShouldBeTrue();
        var top = (await _client.GetBookTopAsync("BTCUSDT")).Data;

        var result = await _client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Buy,
            Type = OrderType.Limit,
            Price = top.AskPrice * 1.001m,
            Quantity = 0.01m,
            TimeInForce = TimeInForce.PostOnly,
            ClientOrderId = new ClientOrderId("itGtx1"),
        });

        result.Error!.Reason.ShouldBe(VenueErrorReason.PostOnlyWouldTake);
    }

    [Fact]
    public async Task DeadManSwitch_ArmAndDisarm()
    {
        var armed = (await _client.ArmDeadManSwitchAsync("BTCUSDT", TimeSpan.FromMinutes(2))).Data!;
        armed.Timeout.ShouldBe(TimeSpan.FromMinutes(2));
        armed.TriggerTime.ShouldNotBeNull();

        var disarmed = (await _client.ArmDeadManSwitchAsync("BTCUSDT", TimeSpan.Zero)).Data!;
        disarmed.Timeout.ShouldBe(TimeSpan.Zero);
        disarmed.TriggerTime.ShouldBeNull();
    }

    [Fact]
    public async Task MarketData_BookTopAndMarkPrice_RoutedCorrectly()
    {
        await _client.MarketData.StartAsync(["BTCUSDT"]);

        await LoopbackWebSocketServer.WaitUntilAsync(
            () => _client.MarketData.TryGetBookTop("BTCUSDT", out _) && _client.MarketData.TryGetMarkPrice("BTCUSDT", out _),
            TimeSpan.FromSeconds(30));

        _client.MarketData.TryGetBookTop("BTCUSDT", out var top).ShouldBeTrue();
        top.IsValid.ShouldBeTrue();
        _client.MarketData.TryGetMarkPrice("BTCUSDT", out var mark).ShouldBeTrue();
        mark.MarkPrice.ShouldBeGreaterThan(0m);
        var health = _client.MarketData.GetHealth();
        health.Select(h => h.Name).ShouldBe(["binance_um/public", "binance_um/public:btcusdt@bookTicker", "binance_um/market", "binance_um/market:btcusdt@markPrice@1s"]);
        health.ShouldAllBe(h => h.IsConnected && h.Malformed == 0);
        health.Single(h => h.Name.EndsWith("@bookTicker", StringComparison.Ordinal)).IsStale(TimeSpan.FromMinutes(1)).ShouldBeFalse();
    }
}
