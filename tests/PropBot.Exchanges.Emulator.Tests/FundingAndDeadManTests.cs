using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class FundingAndDeadManTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 7, 58, 0, TimeSpan.Zero));
    private VenueEmulator emulator = null!;
    private BinanceTestClient binance = null!;
    private OkxTestClient okx = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 21, TimeProvider = time });
        emulator.Market.Pause();
        binance = new BinanceTestClient(emulator.BinanceRestUrl, time);
        okx = new OkxTestClient(emulator.OkxRestUrl, time);
    }

    public async Task DisposeAsync()
    {
        binance.Dispose();
        okx.Dispose();
        await emulator.DisposeAsync();
    }

    private void Advance(TimeSpan span)
    {
        var step = TimeSpan.FromMilliseconds(500);
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step)
        {
            time.Advance(step);
        }
    }

    [Fact]
    public async Task Funding_is_settled_at_the_funding_time_with_the_venue_sign_convention()
    {
        emulator.Market.SetFundingRate(EmulatorVenue.Binance, "BTC", 0.0005m);
        emulator.Market.SetFundingRate(EmulatorVenue.Okx, "BTC", 0.0005m);
        var (status, order) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newOrderRespType=RESULT");
        status.ShouldBe(200, order.ToString());
        var (okxStatus, okxOrder) = await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"sell\",\"ordType\":\"market\",\"sz\":\"1\"}");
        okxStatus.ShouldBe(200);
        okxOrder.Str("code").ShouldBe("0");
        var premium = await BinanceTestClient.ReadJsonAsync(await binance.PublicAsync("/fapi/v1/premiumIndex?symbol=BTCUSDT"));
        premium.GetProperty("nextFundingTime").GetInt64().ShouldBe(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        emulator.GetLedger(EmulatorVenue.Binance).Funding.ShouldBeEmpty();

        var walletBefore = emulator.GetLedger(EmulatorVenue.Binance).WalletBalance;
        Advance(TimeSpan.FromMinutes(3));

        var binanceLedger = emulator.GetLedger(EmulatorVenue.Binance);
        var paid = binanceLedger.Funding.ShouldHaveSingleItem();
        paid.Time.ShouldBe(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        paid.Rate.ShouldBe(0.0005m);
        paid.Amount.ShouldBe(Math.Round(-0.010m * paid.MarkPrice * 0.0005m, 8));
        paid.Amount.ShouldBeLessThan(0m);
        binanceLedger.WalletBalance.ShouldBe(walletBefore + paid.Amount);

        var received = emulator.GetLedger(EmulatorVenue.Okx).Funding.ShouldHaveSingleItem();
        received.PositionQuantity.ShouldBe(-0.01m);
        received.Amount.ShouldBe(Math.Round(0.01m * received.MarkPrice * 0.0005m, 8));

        var (_, income) = await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/income", "incomeType=FUNDING_FEE");
        income.GetArrayLength().ShouldBe(1);
        income[0].Dec("income").ShouldBe(paid.Amount);
        var history = await BinanceTestClient.ReadJsonAsync(await binance.PublicAsync("/fapi/v1/fundingRate?symbol=BTCUSDT"));
        history.GetArrayLength().ShouldBe(1);
        history[0].Str("fundingRate").ShouldBe("0.00050000");
        var after = await BinanceTestClient.ReadJsonAsync(await binance.PublicAsync("/fapi/v1/premiumIndex?symbol=BTCUSDT"));
        after.GetProperty("nextFundingTime").GetInt64().ShouldBe(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        var okxPosition = (await okx.JsonAsync(HttpMethod.Get, "/api/v5/account/positions")).Body.GetProperty("data")[0];
        okxPosition.Dec("fundingFee").ShouldBe(received.Amount);
    }

    [Fact]
    public async Task Binance_countdown_cancel_all_cancels_open_orders_when_it_expires()
    {
        var bid = emulator.Market.GetQuote(EmulatorVenue.Binance, "BTC").BestBid - 100m;
        var (status, _) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={bid.ToString(CultureInfo.InvariantCulture)}&newClientOrderId=dms1");
        status.ShouldBe(200);
        var (_, armed) = await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/countdownCancelAll", "symbol=BTCUSDT&countdownTime=10000");
        armed.Str("countdownTime").ShouldBe("10000");
        armed.Str("symbol").ShouldBe("BTCUSDT");

        Advance(TimeSpan.FromSeconds(6));
        await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/countdownCancelAll", "symbol=BTCUSDT&countdownTime=10000");
        Advance(TimeSpan.FromSeconds(6));
        (await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=dms1")).Body.Str("status").ShouldBe("NEW");
        Advance(TimeSpan.FromSeconds(5));
        (await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=dms1")).Body.Str("status").ShouldBe("CANCELED");

        await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price={bid.ToString(CultureInfo.InvariantCulture)}&newClientOrderId=dms2");
        await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/countdownCancelAll", "symbol=BTCUSDT&countdownTime=10000");
        await binance.SendJsonAsync(HttpMethod.Post, "/fapi/v1/countdownCancelAll", "symbol=BTCUSDT&countdownTime=0");
        Advance(TimeSpan.FromSeconds(15));
        (await binance.SendJsonAsync(HttpMethod.Get, "/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=dms2")).Body.Str("status").ShouldBe("NEW");
    }

    [Fact]
    public async Task Okx_cancel_all_after_cancels_with_cancel_source_20()
    {
        var bid = emulator.Market.GetQuote(EmulatorVenue.Okx, "BTC").BestBid - 100m;
        var (_, placed) = await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", $"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"1\",\"px\":\"{bid.ToString(CultureInfo.InvariantCulture)}\",\"clOrdId\":\"dms1\"}}");
        placed.Str("code").ShouldBe("0");
        var (_, invalid) = await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/cancel-all-after", "{\"timeOut\":\"5\"}");
        invalid.Str("code").ShouldBe("51000");
        time.Advance(TimeSpan.FromSeconds(1.5));
        var (_, armed) = await okx.JsonAsync(HttpMethod.Post, "/api/v5/trade/cancel-all-after", "{\"timeOut\":\"10\"}");
        armed.Str("code").ShouldBe("0");
        var data = armed.GetProperty("data")[0];
        (long.Parse(data.Str("triggerTime"), CultureInfo.InvariantCulture) - long.Parse(data.Str("ts"), CultureInfo.InvariantCulture)).ShouldBe(10);

        Advance(TimeSpan.FromSeconds(8));
        (await okx.JsonAsync(HttpMethod.Get, "/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=dms1")).Body.GetProperty("data")[0].Str("state").ShouldBe("live");
        Advance(TimeSpan.FromSeconds(3));
        var order = (await okx.JsonAsync(HttpMethod.Get, "/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=dms1")).Body.GetProperty("data")[0];
        order.Str("state").ShouldBe("canceled");
        order.Str("cancelSource").ShouldBe("20");
    }
}
