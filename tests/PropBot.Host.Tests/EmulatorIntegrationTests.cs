using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropBot.Exchanges;
using PropBot.Host.Tests.Infrastructure;
using PropBot.Host.Venues;

namespace PropBot.Host.Tests;

/// <summary>
/// The paper profile as an operator runs it: the embedded wire-level emulator, the real Binance and OKX adapters over
/// loopback HTTP and WebSocket, the system clock. Values move, so these tests assert behaviour, not snapshots.
/// </summary>
public sealed class EmulatorIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetEdge_OnEmulator_EveryPairHasBooksFeesAndCosts()
    {
        using var factory = EmulatorFactory();
        var client = factory.ClientFor(HostFactory.ViewerToken);

        var edges = await EventuallyAsync(async () =>
        {
            var doc = JsonDocument.Parse(await client.GetStringAsync("/api/arb/edge")).RootElement.Clone();
            return doc.GetProperty("pairs").EnumerateArray().All(p => p.GetProperty("preview").GetProperty("edge").GetProperty("long_price").GetDecimal() > 0m) ? doc : (JsonElement?)null;
        });

        var pairs = edges.GetProperty("pairs").EnumerateArray().ToList();
        pairs.Count.ShouldBe(2);
        foreach (var pair in pairs)
        {
            var edge = pair.GetProperty("preview").GetProperty("edge");
            edge.GetProperty("short_price").GetDecimal().ShouldBeGreaterThan(0m);
            edge.GetProperty("entry_fees_bps").GetDecimal().ShouldBeGreaterThan(0m);
            edge.GetProperty("total_cost_bps").GetDecimal().ShouldBeGreaterThan(0m);
            edge.TryGetProperty("leg_risk_bps", out _).ShouldBeTrue();
        }

        var status = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/status")).RootElement;
        status.GetProperty("venues").EnumerateArray().ShouldAllBe(v => v.GetProperty("routing").GetString() == "emulator" && v.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task PostSetup_OnEmulator_AppliesVerifiesAndIsIdempotent()
    {
        using var factory = EmulatorFactory(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        // Paper start-up gives the embedded emulator the configured posture; move it away so setup has work to do.
        var binance = factory.Services.GetRequiredService<VenueDirectory>().Find("binance_um")!.Client;
        (await binance.SetPositionModeAsync(PositionMode.OneWay)).Success.ShouldBeTrue();

        var first = await SetupAsync(client);
        first.GetProperty("verified").GetBoolean().ShouldBeTrue(first.ToString());
        first.GetProperty("changes").GetInt32().ShouldBeGreaterThan(0);

        var second = await SetupAsync(client);
        second.GetProperty("changes").GetInt32().ShouldBe(0, second.ToString());
        second.GetProperty("verified").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task PostFlatten_OnEmulator_RestoresDeltaToZero()
    {
        using var factory = EmulatorFactory(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        await SetupAsync(client);
        var venues = factory.Services.GetRequiredService<VenueDirectory>();
        await OpenAsync(venues.Find("binance_um")!.Client, "BTCUSDT", OrderSide.Buy, PositionSide.Long, 0.01m, "itbinlong1");
        await OpenAsync(venues.Find("okx_perp")!.Client, "ETH-USDT-SWAP", OrderSide.Sell, PositionSide.Short, 0.1m, "itokxshort1");
        await EventuallyAsync(async () =>
        {
            var p = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/positions")).RootElement.Clone();
            return p.GetProperty("venues").EnumerateArray().Sum(v => v.GetProperty("positions").GetArrayLength()) == 2 ? p : (JsonElement?)null;
        });

        var response = await client.PostJsonAsync("/api/hedge/flatten", "{}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        report.GetProperty("orders").GetArrayLength().ShouldBe(2, report.ToString());
        report.GetProperty("orders").EnumerateArray().ShouldAllBe(o => o.GetProperty("status").GetString() == "filled");
        var after = await EventuallyAsync(async () =>
        {
            var p = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/positions")).RootElement.Clone();
            return p.GetProperty("venues").EnumerateArray().All(v => v.GetProperty("positions").GetArrayLength() == 0) ? p : (JsonElement?)null;
        });
        after.GetProperty("cross_venue_delta_usd").GetDecimal().ShouldBe(0m);
    }

    private static HostFactory EmulatorFactory(params (string, string?)[] extra)
    {
        var settings = new List<(string, string?)>
        {
            ("derivatives:venues:0:routing:rest", "emulator"), ("derivatives:venues:0:routing:ws", "emulator"),
            ("derivatives:venues:1:routing:rest", "emulator"), ("derivatives:venues:1:routing:ws", "emulator"),
        };
        settings.AddRange(extra);
        return HostFactory.Create(realClock: true, [.. settings]);
    }

    private static async Task<JsonElement> SetupAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/deriv/setup", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task OpenAsync(IDerivClient client, string symbol, OrderSide side, PositionSide positionSide, decimal quantity, string id)
    {
        var result = await client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = symbol,
            Side = side,
            Type = OrderType.Market,
            Quantity = quantity,
            PositionSide = positionSide,
            ClientOrderId = new ClientOrderId(id),
        });
        result.Success.ShouldBeTrue(result.ToString());
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met on the emulator in time.");
            }

            await Task.Delay(200);
        }
    }
}
