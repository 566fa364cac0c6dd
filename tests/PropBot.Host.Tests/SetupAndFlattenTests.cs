using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropBot.Exchanges;
using PropBot.Exchanges.Emulator;
using PropBot.Host.Tests.Infrastructure;
using PropBot.Host.Venues;

namespace PropBot.Host.Tests;

/// <summary>Paper profile with SAFE_MODE=false: setup is applied and verified, flatten sends reduce-only orders.</summary>
public sealed class SetupAndFlattenTests
{
    [Fact]
    public async Task PostSetup_TwiceWithSafeModeOff_SecondCallChangesNothing()
    {
        using var factory = HostFactory.Create(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        var venues = factory.Services.GetRequiredService<VenueDirectory>();
        foreach (var venue in venues.All)
        {
            // Paper start-up gives the emulator the configured posture: move it away so setup has work to do.
            (await venue.Client.SetPositionModeAsync(PositionMode.OneWay)).Success.ShouldBeTrue();
        }

        var first = await Setup(factory, client);
        first.GetProperty("dry_run").GetBoolean().ShouldBeFalse();
        first.GetProperty("changes").GetInt32().ShouldBeGreaterThan(0);
        first.GetProperty("verified").GetBoolean().ShouldBeTrue(first.ToString());

        var second = await Setup(factory, client);
        second.GetProperty("changes").GetInt32().ShouldBe(0);
        second.GetProperty("verified").GetBoolean().ShouldBeTrue();
        Snapshot.Match(Wire.Pretty(second.ToString()), Ignore.Ids);

        var status = await client.GetStringAsync("/api/deriv/status");
        status.ShouldNotContain("\"ok\":false");
    }

    [Fact]
    public async Task PostFlatten_OpenPositions_RestoresDeltaToZero()
    {
        using var factory = HostFactory.Create(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        await Setup(factory, client);
        var venues = factory.Services.GetRequiredService<VenueDirectory>();
        await Open(venues.Find("binance_um")!.Client, "BTCUSDT", OrderSide.Buy, PositionSide.Long, 0.02m);
        await Open(venues.Find("okx_perp")!.Client, "BTC-USDT-SWAP", OrderSide.Sell, PositionSide.Short, 0.01m);
        await Open(venues.Find("okx_perp")!.Client, "ETH-USDT-SWAP", OrderSide.Buy, PositionSide.Long, 0.5m);

        var before = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/positions")).RootElement;
        before.GetProperty("cross_venue_delta_usd").GetDecimal().ShouldNotBe(0m);

        var response = await factory.WithClockRunningAsync(() => client.PostJsonAsync("/api/hedge/flatten", "{}"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        report.GetProperty("dry_run").GetBoolean().ShouldBeFalse();
        report.GetProperty("orders").GetArrayLength().ShouldBe(3);
        report.GetProperty("orders").EnumerateArray().ShouldAllBe(o => o.GetProperty("status").GetString() == "filled");
        report.GetProperty("cross_venue_delta_usd_after").GetDecimal().ShouldBe(0m);
        report.GetProperty("delta_neutral").GetBoolean().ShouldBeTrue();

        var after = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/positions")).RootElement;
        after.GetProperty("cross_venue_delta_usd").GetDecimal().ShouldBe(0m);
        after.GetProperty("venues").EnumerateArray().ShouldAllBe(v => v.GetProperty("positions").GetArrayLength() == 0);
        (await client.GetStringAsync("/api/journal?kind=hedge.flatten")).ShouldContain("reduce-only");
    }

    [Fact]
    public async Task PostFlatten_FilteredByVenue_ClosesOnlyThatVenue()
    {
        using var factory = HostFactory.Create(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        await Setup(factory, client);
        var venues = factory.Services.GetRequiredService<VenueDirectory>();
        await Open(venues.Find("binance_um")!.Client, "BTCUSDT", OrderSide.Buy, PositionSide.Long, 0.01m);
        await Open(venues.Find("okx_perp")!.Client, "BTC-USDT-SWAP", OrderSide.Sell, PositionSide.Short, 0.01m);

        var response = await factory.WithClockRunningAsync(() => client.PostJsonAsync("/api/hedge/flatten", """{"venue":"okx_perp"}"""));

        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        report.GetProperty("orders").GetArrayLength().ShouldBe(1);
        report.GetProperty("orders")[0].GetProperty("venue").GetString().ShouldBe("okx_perp");
        report.GetProperty("orders")[0].GetProperty("side").GetString().ShouldBe("buy");
    }

    [Fact]
    public async Task PostKill_OpenPositions_HaltsCancelsAndFlattensThroughRiskKillSwitch()
    {
        using var factory = HostFactory.Create(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        await Setup(factory, client);
        var venues = factory.Services.GetRequiredService<VenueDirectory>();
        await Open(venues.Find("binance_um")!.Client, "BTCUSDT", OrderSide.Buy, PositionSide.Long, 0.01m);
        await Open(venues.Find("okx_perp")!.Client, "BTC-USDT-SWAP", OrderSide.Sell, PositionSide.Short, 0.01m);

        var response = await factory.WithClockRunningAsync(() => client.PostJsonAsync("/api/risk/kill", """{"reason":"drill"}"""));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        result.GetProperty("state").GetString().ShouldBe("halted");
        var kill = result.GetProperty("kill_switch");
        kill.GetProperty("incident_id").GetString().ShouldNotBeNullOrEmpty();
        kill.GetProperty("flatten_orders").GetInt32().ShouldBe(2, body);
        foreach (var venue in venues.All)
        {
            var positions = await venue.Client.GetPositionsAsync(CancellationToken.None);
            positions.Data!.ShouldAllBe(p => p.Quantity == 0m);
        }
    }

    [Fact]
    public async Task PostExecute_SafeModeOffEdgeAboveMin_HedgesWithBothOrderIds()
    {
        using var factory = HostFactory.Create(
            ("SAFE_MODE", "false"),
            ("derivatives:arbitrage:min_edge_bps", "0"),
            ("derivatives:arbitrage:max_leg_slippage_bps", "0"),
            ("derivatives:arbitrage:latency_buffer_bps", "0"),
            ("derivatives:fees:source", "manual"),
            ("derivatives:fees:manual:binance_um:maker_bps", "0"),
            ("derivatives:fees:manual:binance_um:taker_bps", "0"),
            ("derivatives:fees:manual:okx_perp:maker_bps", "0"),
            ("derivatives:fees:manual:okx_perp:taker_bps", "0"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        await Setup(factory, client);
        await AdvanceUntilTradableAsync(factory, "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP");

        var response = await factory.WithClockRunningAsync(() => client.PostJsonAsync("/api/arb/execute", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":0.01}"""));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        result.GetProperty("mode").GetString().ShouldBe("live");
        var report = result.GetProperty("report");
        report.GetProperty("outcome").GetString().ShouldBe("succeeded", body);
        report.GetProperty("dry_run").GetBoolean().ShouldBeFalse();
        report.GetProperty("leg_a").GetProperty("venue_order_id").ValueKind.ShouldNotBe(JsonValueKind.Null);
        report.GetProperty("leg_b").GetProperty("venue_order_id").ValueKind.ShouldNotBe(JsonValueKind.Null);

        var positions = JsonDocument.Parse(await client.GetStringAsync("/api/deriv/positions")).RootElement;
        Math.Abs(positions.GetProperty("cross_venue_delta_usd").GetDecimal()).ShouldBeLessThan(10m);
        var status = await client.GetStringAsync("/api/status");
        status.ShouldContain("\"SUCCEEDED\":1");
        status.ShouldContain("\"success_rate\":1");
    }

    /// <summary>Opens a 50 bps dislocation on the paused emulator market (OKX above Binance) and waits until the
    /// engine's preview of the pair passes.</summary>
    private static async Task AdvanceUntilTradableAsync(HostFactory factory, string pair)
    {
        var emulator = factory.Emulator;
        emulator.Market.Pause();
        emulator.Market.SetFairPrice("BTC", 65_000m);
        emulator.Market.SetBasis(EmulatorVenue.Binance, "BTC", 0m);
        emulator.Market.SetBasis(EmulatorVenue.Okx, "BTC", 0.005m);
        emulator.Tick();
        var engine = factory.Services.GetRequiredService<PropBot.Arbitrage.IArbitrageEngine>();
        var arbPair = engine.Pairs.Single(p => PropBot.Host.Endpoints.ArbEndpoints.IdOf(p) == pair);
        PropBot.Arbitrage.ArbPreview? preview = null;
        for (var i = 0; i < 50 && preview is not { Passed: true }; i++)
        {
            preview = await factory.WithClockRunningAsync(() => engine.PreviewAsync(arbPair, 0.01m, CancellationToken.None));
        }

        preview!.Passed.ShouldBeTrue(preview.ReasonCode);
    }

    /// <summary>POST /api/deriv/setup with the clock running (the emulator enforces OKX's 5-per-2-s account limits on it).</summary>
    private static async Task<JsonElement> Setup(HostFactory factory, HttpClient client)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var response = await factory.WithClockRunningAsync(() => client.PostAsync("/api/deriv/setup", null));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task Open(IDerivClient client, string symbol, OrderSide side, PositionSide positionSide, decimal quantity)
    {
        var result = await client.PlaceOrderAsync(new OrderRequest
        {
            Symbol = symbol,
            Side = side,
            Type = OrderType.Market,
            Quantity = quantity,
            PositionSide = positionSide,
            ClientOrderId = new ClientOrderId($"test{symbol.Replace("-", "", StringComparison.Ordinal)}{(int)side}"),
        });
        result.Success.ShouldBeTrue(result.ToString());
    }
}
