using System.Net;
using System.Text.Json;
using PropBot.Host.Tests.Infrastructure;
using PropBot.TestKit;

namespace PropBot.Host.Tests;

/// <summary>
/// Against the venues' demo/testnet environments: skipped (with the reason) unless the testnet keys are set. The live
/// smoke test additionally needs <c>ALLOW_LIVE_ORDERS=1</c> and <c>SAFE_MODE=false</c>.
/// </summary>
public sealed class LiveVenueTests
{
    [LiveVenueFact("BINANCE_UM_API_KEY_TESTNET", "BINANCE_UM_API_SECRET_TESTNET", "OKX_API_KEY_TESTNET", "OKX_API_SECRET_TESTNET", "OKX_API_PASSPHRASE_TESTNET")]
    public async Task Testnet_SetupAndEdges_WorkWithDemoKeys()
    {
        using var factory = TestnetFactory(("SAFE_MODE", "false"));
        var client = factory.ClientFor(HostFactory.AliceToken);

        var setup = JsonDocument.Parse(await (await client.PostAsync("/api/deriv/setup", null)).Content.ReadAsStringAsync()).RootElement;
        setup.GetProperty("verified").GetBoolean().ShouldBeTrue(setup.ToString());
        var edges = JsonDocument.Parse(await client.GetStringAsync("/api/arb/edge")).RootElement;
        edges.GetProperty("pairs").EnumerateArray().ShouldAllBe(p => p.GetProperty("preview").GetProperty("edge").GetProperty("long_price").GetDecimal() > 0m);
    }

    [LiveVenueFact("ALLOW_LIVE_ORDERS", "BINANCE_UM_API_KEY_TESTNET", "OKX_API_KEY_TESTNET", "OKX_API_PASSPHRASE_TESTNET")]
    public async Task LiveSmoke_MinimalHedgedTradeThenFlatten_LeavesNoPosition()
    {
        if (Environment.GetEnvironmentVariable("ALLOW_LIVE_ORDERS") != "1" || !string.Equals(Environment.GetEnvironmentVariable("SAFE_MODE"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return; // guarded twice: ALLOW_LIVE_ORDERS=1 and SAFE_MODE=false
        }

        using var factory = TestnetFactory(("SAFE_MODE", "false"), ("derivatives:arbitrage:min_edge_bps", "0"));
        var client = factory.ClientFor(HostFactory.AliceToken);
        (await client.PostAsync("/api/deriv/setup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await client.PostJsonAsync("/api/arb/execute", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":0.001}""");

        var flatten = JsonDocument.Parse(await (await client.PostJsonAsync("/api/hedge/flatten", "{}")).Content.ReadAsStringAsync()).RootElement;
        flatten.GetProperty("cross_venue_delta_usd_after").GetDecimal().ShouldBe(0m);
    }

    private static HostFactory TestnetFactory(params (string, string?)[] extra)
    {
        var settings = new List<(string, string?)>
        {
            ("EXCHANGE_PROFILE", "testnet"),
            ("derivatives:venues:0:routing:rest", "https://demo-fapi.binance.com"), ("derivatives:venues:0:routing:ws", "wss://fstream.binancefuture.com"),
            ("derivatives:venues:1:routing:rest", "https://www.okx.com"), ("derivatives:venues:1:routing:ws", "wss://wspap.okx.com"),
        };
        foreach (var key in new[] { "BINANCE_UM_API_KEY_TESTNET", "BINANCE_UM_API_SECRET_TESTNET", "OKX_API_KEY_TESTNET", "OKX_API_SECRET_TESTNET", "OKX_API_PASSPHRASE_TESTNET" })
        {
            settings.Add((key, Environment.GetEnvironmentVariable(key)));
        }

        settings.AddRange(extra);
        return HostFactory.Create(realClock: true, [.. settings]);
    }
}
