using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Okx;

/// <summary>The OKX client against the loopback venue emulator: real HTTP, signing, envelopes and WebSocket.</summary>
public sealed class OkxEmulatorIntegrationTests : IAsyncLifetime
{
    private const string Btc = "BTC-USDT-SWAP";
    private VenueEmulator emulator = null!;
    private IOkxSwapClient client = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 7 });
        emulator.Market.Pause();
        client = OkxSwapClientFactory.Create(new OkxSwapOptions
        {
            Environment = "custom",
            RestBaseUrl = emulator.OkxRestUrl.ToString(),
            WebSocketBaseUrl = emulator.OkxWebSocketUrl.ToString(),
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Passphrase = EmulatorOptions.DefaultOkxPassphrase,
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
    }

    public async Task DisposeAsync()
    {
        await client.DisposeAsync();
        await emulator.DisposeAsync();
    }

    private static T Ok<T>(VenueResult<T> r)
    {
        r.Error.ShouldBeNull(r.Error?.ToString());
        return r.Data!;
    }

    private static OrderRequest Order(string id, OrderSide side, decimal qty, OrderType type = OrderType.Market, decimal? price = null, TimeInForce tif = TimeInForce.ImmediateOrCancel) => new()
    {
        Symbol = Btc,
        Side = side,
        Type = type,
        Quantity = qty,
        Price = price,
        TimeInForce = tif,
        ClientOrderId = new ClientOrderId(id),
        MarginType = MarginType.Cross,
    };

    [Fact]
    public async Task TimeAndInstruments_FiltersInBaseUnits()
    {
        var time = Ok(await client.GetServerTimeAsync());
        var filters = Ok(await client.GetFiltersAsync(Btc));
        var eth = Ok(await client.GetFiltersAsync("ETH-USDT-SWAP"));

        time.RoundTrip.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
        client.Clock.LastSync.ShouldNotBeNull();
        filters.ContractSize.ShouldBe(0.01m);
        filters.StepSize.ShouldBe(0.0001m);
        filters.MinQuantity.ShouldBe(0.0001m);
        filters.TickSize.ShouldBe(0.1m);
        eth.ContractSize.ShouldBe(0.1m);
        Ok(await client.GetFeesAsync(Btc)).TakerBps.ShouldBeGreaterThan(0m);
        Ok(await client.GetFundingInfoAsync(Btc)).Interval.ShouldBe(TimeSpan.FromHours(8));
        Ok(await client.GetMarkPriceAsync(Btc)).MarkPrice.ShouldBeGreaterThan(0m);
        Ok(await client.GetBookTopAsync(Btc)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Setup_IsIdempotent()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay)).ShouldBe(PositionMode.OneWay);
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay)).ShouldBe(PositionMode.OneWay);
        Ok(await client.GetPositionModeAsync()).ShouldBe(PositionMode.OneWay);
        Ok(await client.SetMarginTypeAsync(Btc, MarginType.Cross)).ShouldBe(MarginType.Cross);
        Ok(await client.SetLeverageAsync(new LeverageRequest(Btc, 5, MarginType.Cross))).Leverage.ShouldBe(5);
        Ok(await client.SetLeverageAsync(new LeverageRequest(Btc, 5, MarginType.Cross))).Leverage.ShouldBe(5);
        Ok(await client.GetLeverageAsync(Btc, MarginType.Cross)).ShouldAllBe(l => l.Leverage == 5);
        Ok(await client.GetAccountConfigurationAsync()).CanTradeSwaps.ShouldBeTrue();
    }

    [Fact]
    public async Task MarketOrder_InContracts_QueryByClientId_PositionInBaseUnits()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay));

        var placed = Ok(await client.PlaceOrderAsync(Order("okxit1", OrderSide.Buy, 0.05m)));
        var queried = Ok(await client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("okxit1") }));
        var positions = Ok(await client.GetPositionsAsync());
        var margin = Ok(await client.GetAccountMarginAsync());

        placed.VenueOrderId.ShouldNotBeNull();
        queried.Status.ShouldBe(OrderStatus.Filled);
        queried.Quantity.ShouldBe(0.05m);
        queried.FilledQuantity.ShouldBe(0.05m);
        queried.AveragePrice.ShouldNotBeNull();
        queried.Fee.ShouldNotBeNull().ShouldBeGreaterThan(0m);
        emulator.GetLedger(EmulatorVenue.Okx).Fills.ShouldHaveSingleItem().Quantity.ShouldBe(0.05m);
        var p = positions.ShouldHaveSingleItem();
        p.Quantity.ShouldBe(0.05m);
        p.PositionSide.ShouldBe(PositionSide.Both);
        margin.MarginBalance.ShouldBeGreaterThan(0m);

        Ok(await client.PlaceOrderAsync(Order("okxit2", OrderSide.Sell, 0.05m) with { ReduceOnly = true, Purpose = OrderPurpose.Flatten }));
        (await client.GetPositionsAsync()).Data!.ShouldBeEmpty();
    }

    [Fact]
    public async Task IocLimit_FillsAgainstBook_AndRestingLimitCancels()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay));
        var top = Ok(await client.GetBookTopAsync(Btc));
        var filters = Ok(await client.GetFiltersAsync(Btc));

        var ioc = Ok(await client.PlaceOrderAsync(Order("okxit3", OrderSide.Buy, 0.01m, OrderType.Limit, Quantizer.RoundPriceAggressive(top.AskPrice * 1.001m, filters.TickSize, OrderSide.Buy))));
        var iocState = Ok(await client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = ioc.ClientOrderId }));
        var resting = Ok(await client.PlaceOrderAsync(Order("okxit4", OrderSide.Buy, 0.01m, OrderType.Limit, Quantizer.RoundPricePassive(top.BidPrice * 0.9m, filters.TickSize, OrderSide.Buy), TimeInForce.GoodTillCanceled)));
        var open = Ok(await client.GetOpenOrdersAsync(Btc));
        var canceled = Ok(await client.CancelOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = resting.ClientOrderId }));

        iocState.Status.ShouldBe(OrderStatus.Filled);
        iocState.FilledQuantity.ShouldBe(0.01m);
        open.ShouldContain(o => o.ClientOrderId == resting.ClientOrderId && o.Quantity == 0.01m);
        canceled.Status.ShouldBe(OrderStatus.Canceled);
    }

    [Fact]
    public async Task PostOnlyThatWouldTake_SurfacedAsPostOnlyRejected()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay));
        var top = Ok(await client.GetBookTopAsync(Btc));

        Ok(await client.PlaceOrderAsync(Order("okxit5", OrderSide.Buy, 0.01m, OrderType.Limit, top.AskPrice + 100m, TimeInForce.PostOnly)));
        var state = Ok(await client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("okxit5") }));

        state.Status.ShouldBe(OrderStatus.Canceled);
        state.PostOnlyRejected.ShouldBeTrue();
        state.CancelReason.ShouldBe("31");
    }

    [Fact]
    public async Task UnknownClientOrderId_NotFound()
    {
        var r = await client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("okxnothere") });

        r.Error!.Kind.ShouldBe(VenueErrorKind.NotFound);
    }

    [Fact]
    public async Task DeadManSwitch_ArmAndDisarm()
    {
        var armed = Ok(await client.ArmDeadManSwitchAsync(null, TimeSpan.FromSeconds(60)));
        await Task.Delay(1100);
        var disarmed = Ok(await client.ArmDeadManSwitchAsync(null, TimeSpan.Zero));

        armed.TriggerTime.ShouldNotBeNull();
        disarmed.TriggerTime.ShouldBeNull();
    }

    [Fact]
    public async Task WebSocket_BboTbtAndMarkPrice_Stream()
    {
        await client.MarketData.StartAsync([Btc]);
        await LoopbackWebSocketServer.WaitUntilAsync(() =>
        {
            emulator.Tick();
            return client.MarketData.TryGetBookTop(Btc, out _) && client.MarketData.TryGetMarkPrice(Btc, out _);
        }, TimeSpan.FromSeconds(30));

        client.MarketData.TryGetBookTop(Btc, out var top).ShouldBeTrue();
        top.IsValid.ShouldBeTrue();
        top.BidSize.ShouldBeGreaterThan(0m);
        client.MarketData.TryGetMarkPrice(Btc, out var mark).ShouldBeTrue();
        mark.MarkPrice.ShouldBeGreaterThan(0m);
        var health = client.MarketData.GetHealth();
        health.ShouldContain(h => h.Name == "okx:bbo-tbt:BTC-USDT-SWAP" && h.Messages > 0);
        health.Sum(h => h.Malformed).ShouldBe(0);
        await client.MarketData.StopAsync();
    }

    [Fact]
    public async Task DroppedPlacementResponse_OutcomeUnknown_ResolvedByClientOrderId_NoResend()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay));
        emulator.Faults.Okx.DropNextOrderResponses();

        var placed = await client.PlaceOrderAsync(Order("okxit6", OrderSide.Buy, 0.02m));
        var resolved = Ok(await client.GetOrderAsync(new OrderLookup { Symbol = Btc, ClientOrderId = new ClientOrderId("okxit6") }));

        placed.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        resolved.Status.ShouldBe(OrderStatus.Filled);
        resolved.FilledQuantity.ShouldBe(0.02m);
        emulator.GetLedger(EmulatorVenue.Okx).Fills.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task InjectedSCodeReject_MappedPerItem()
    {
        Ok(await client.SetPositionModeAsync(PositionMode.OneWay));
        emulator.Faults.Okx.RejectNextOrders(1, "51008");

        var r = await client.PlaceOrderAsync(Order("okxit7", OrderSide.Buy, 0.01m));

        r.Error!.Reason.ShouldBe(VenueErrorReason.InsufficientMargin);
        r.Error.VenueCode.ShouldBe("51008");
    }

    [Fact]
    public async Task ShiftedVenueClock_50102_ResyncedAndRetried()
    {
        Ok(await client.GetServerTimeAsync());
        emulator.Faults.Okx.ShiftClock(TimeSpan.FromSeconds(45));

        var margin = await client.GetAccountMarginAsync();

        margin.Error.ShouldBeNull(margin.Error?.ToString());
        client.Clock.Offset.ShouldBeGreaterThan(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task ForcedRateLimit_RateLimitedThenFailFastOnThatEndpoint()
    {
        emulator.Faults.Okx.ForceRateLimit(429, 1);

        var first = await client.GetAccountMarginAsync();
        var second = await client.GetAccountMarginAsync();

        first.Error!.Kind.ShouldBe(VenueErrorKind.RateLimited);
        second.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        Ok(await client.GetServerTimeAsync());
    }

    [Fact]
    public async Task DroppedStreamConnections_ReconnectAndResubscribe()
    {
        await client.MarketData.StartAsync([Btc]);
        await LoopbackWebSocketServer.WaitUntilAsync(() => { emulator.Tick(); return client.MarketData.TryGetBookTop(Btc, out _); }, TimeSpan.FromSeconds(30));
        client.MarketData.TryGetBookTop(Btc, out var before).ShouldBeTrue();

        emulator.Faults.Okx.DropStreamConnections();
        await LoopbackWebSocketServer.WaitUntilAsync(() =>
        {
            emulator.Tick();
            return client.MarketData.GetHealth()[0].Reconnects > 0
                && client.MarketData.TryGetBookTop(Btc, out var after) && after.ReceiveTime > before.ReceiveTime;
        }, TimeSpan.FromSeconds(30));

        client.MarketData.GetHealth()[0].IsConnected.ShouldBeTrue();
    }
}
