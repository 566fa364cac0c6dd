using System.Net;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class UserDataStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private VenueEmulator emulator = null!;
    private BinanceTestClient client = null!;

    public async Task InitializeAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 13 });
        client = new BinanceTestClient(emulator.BinanceRestUrl, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await emulator.DisposeAsync();
    }

    private async Task<(int Status, JsonElement Body)> KeyOnlyAsync(HttpMethod method)
    {
        using var request = new HttpRequestMessage(method, "/fapi/v1/listenKey");
        request.Headers.Add("X-MBX-APIKEY", EmulatorOptions.DefaultApiKey);
        using var response = await client.Http.SendAsync(request);
        return ((int)response.StatusCode, await BinanceTestClient.ReadJsonAsync(response));
    }

    [Fact]
    public async Task Listen_key_lifecycle()
    {
        using (var noKey = await client.Http.PostAsync("/fapi/v1/listenKey", null))
        {
            noKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var (status, created) = await KeyOnlyAsync(HttpMethod.Post);
        status.ShouldBe(200);
        var key = created.Str("listenKey");
        key.Length.ShouldBe(64);
        (await KeyOnlyAsync(HttpMethod.Post)).Body.Str("listenKey").ShouldBe(key);
        (await KeyOnlyAsync(HttpMethod.Put)).Body.Str("listenKey").ShouldBe(key);
        (await KeyOnlyAsync(HttpMethod.Delete)).Body.ToString().ShouldBe("{}");
        var (putStatus, gone) = await KeyOnlyAsync(HttpMethod.Put);
        putStatus.ShouldBe(400);
        gone.Code().ShouldBe(-1125);
    }

    [Fact]
    public async Task Private_route_delivers_order_and_account_updates()
    {
        var key = (await KeyOnlyAsync(HttpMethod.Post)).Body.Str("listenKey");
        await using var ws = await WsClient.ConnectAsync(new Uri(emulator.BinanceWebSocketUrl, $"/private/ws?listenKey={key}&events=ORDER_TRADE_UPDATE/ACCOUNT_UPDATE"));
        await using var combined = await WsClient.ConnectAsync(new Uri(emulator.BinanceWebSocketUrl, "/private/stream"));
        await combined.SendAsync($"{{\"method\":\"SUBSCRIBE\",\"params\":[\"{key}\"],\"id\":1}}");
        (await combined.ReceiveAsync(Wait)).ShouldBe("{\"result\":null,\"id\":1}");
        await using var legacy = await WsClient.ConnectAsync(new Uri(emulator.BinanceWebSocketUrl, $"/ws/{key}"));

        var (status, _) = await client.SendJsonAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=uds-1");
        status.ShouldBe(200);

        var trade = await ws.ReceiveUntilAsync(m => m.Contains("\"x\":\"TRADE\"", StringComparison.Ordinal), Wait);
        trade.ShouldNotBeNull();
        using (var doc = JsonDocument.Parse(trade))
        {
            var o = doc.RootElement.GetProperty("o");
            o.Str("c").ShouldBe("uds-1");
            o.Str("X").ShouldBe("FILLED");
            o.Str("z").ShouldBe("0.010");
            o.Str("N").ShouldBe("USDT");
            o.GetProperty("m").GetBoolean().ShouldBeFalse();
        }

        var account = await ws.ReceiveUntilAsync(m => m.Contains("ACCOUNT_UPDATE", StringComparison.Ordinal), Wait);
        account.ShouldNotBeNull();
        using (var doc = JsonDocument.Parse(account))
        {
            var a = doc.RootElement.GetProperty("a");
            a.Str("m").ShouldBe("ORDER");
            a.GetProperty("P")[0].Str("pa").ShouldBe("0.010");
        }

        var wrapped = await combined.ReceiveUntilAsync(m => m.Contains("ORDER_TRADE_UPDATE", StringComparison.Ordinal), Wait);
        wrapped.ShouldNotBeNull().ShouldContain($"\"stream\":\"{key}\"");
        (await legacy.ReceiveAsync(TimeSpan.FromSeconds(1))).ShouldBeNull();
    }
}
