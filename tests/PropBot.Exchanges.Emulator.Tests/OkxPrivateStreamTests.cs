using System.Globalization;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class OkxPrivateStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private VenueEmulator emulator = null!;
    private OkxTestClient client = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 17 });
        emulator.Market.Pause();
        client = new OkxTestClient(emulator.OkxRestUrl, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await emulator.DisposeAsync();
    }

    private static string Login(string secret)
    {
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sign = OkxTestClient.Sign(secret, ts + "GET/users/self/verify");
        return $"{{\"op\":\"login\",\"args\":[{{\"apiKey\":\"{EmulatorOptions.DefaultApiKey}\",\"passphrase\":\"{EmulatorOptions.DefaultOkxPassphrase}\",\"timestamp\":\"{ts}\",\"sign\":\"{sign}\"}}]}}";
    }

    [Fact]
    public async Task Login_then_orders_and_positions_channels_push_order_lifecycle()
    {
        await using var ws = await WsClient.ConnectAsync(new Uri(emulator.OkxWebSocketUrl, "/ws/v5/private"));
        await ws.SendAsync("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"SWAP\"}]}");
        (await ws.ReceiveAsync(Wait)).ShouldNotBeNull().ShouldContain("60011");
        await ws.SendAsync(Login("wrong-secret"));
        (await ws.ReceiveAsync(Wait)).ShouldNotBeNull().ShouldContain("60009");
        await ws.SendAsync(Login(EmulatorOptions.DefaultApiSecret));
        (await ws.ReceiveAsync(Wait)).ShouldNotBeNull().ShouldContain("\"event\":\"login\",\"code\":\"0\"");
        await ws.SendAsync("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"SWAP\"},{\"channel\":\"positions\",\"instType\":\"SWAP\"}]}");
        (await ws.ReceiveUntilAsync(m => m.Contains("\"eventType\":\"snapshot\"", StringComparison.Ordinal), Wait)).ShouldNotBeNull();

        var ask = emulator.Market.GetQuote(EmulatorVenue.Okx, "BTC").BestAsk.ToString(CultureInfo.InvariantCulture);
        (await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", $"{{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"post_only\",\"sz\":\"1\",\"px\":\"{ask}\",\"clOrdId\":\"wspo1\"}}")).Body.Str("code").ShouldBe("0");
        var canceled = await ws.ReceiveUntilAsync(m => m.Contains("\"state\":\"canceled\"", StringComparison.Ordinal), Wait);
        canceled.ShouldNotBeNull();
        using (var doc = JsonDocument.Parse(canceled))
        {
            doc.RootElement.GetProperty("arg").Str("channel").ShouldBe("orders");
            var data = doc.RootElement.GetProperty("data")[0];
            data.Str("clOrdId").ShouldBe("wspo1");
            data.Str("cancelSource").ShouldBe("31");
            data.Str("avgPx").ShouldBe("0");
        }

        (await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"2\",\"clOrdId\":\"wsm1\"}")).Body.Str("code").ShouldBe("0");
        var fill = await ws.ReceiveUntilAsync(m => m.Contains("\"execType\":\"T\"", StringComparison.Ordinal), Wait);
        fill.ShouldNotBeNull();
        using (var doc = JsonDocument.Parse(fill))
        {
            var data = doc.RootElement.GetProperty("data")[0];
            data.Str("clOrdId").ShouldBe("wsm1");
            data.Str("fillSz").ShouldBe("2");
            data.Str("state").ShouldBe("filled");
            data.Dec("fillFee").ShouldBeLessThan(0m);
            data.Str("tradeId").ShouldNotBeNullOrEmpty();
        }

        var position = await ws.ReceiveUntilAsync(m => m.Contains("\"eventType\":\"event_update\"", StringComparison.Ordinal), Wait);
        position.ShouldNotBeNull();
        using var positionDoc = JsonDocument.Parse(position);
        positionDoc.RootElement.GetProperty("data")[0].Str("pos").ShouldBe("2");
    }
}
