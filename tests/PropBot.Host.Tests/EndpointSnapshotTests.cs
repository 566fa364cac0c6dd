using System.Net;
using PropBot.Host.Tests.Infrastructure;

namespace PropBot.Host.Tests;

/// <summary>Wire JSON of every endpoint in SAFE_MODE on the embedded loopback emulator (seed 42, fake clock).</summary>
public sealed class EndpointSnapshotTests : IClassFixture<HostFactory>
{
    private const string BtcPair = "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP";
    private readonly HostFactory _factory;

    public EndpointSnapshotTests(HostFactory factory) => _factory = factory;

    [Fact]
    public async Task GetEdge_SafeMode_MatchesSnapshot()
    {
        var json = await GetAsync("/api/arb/edge");
        Snapshot.Match(Wire.Pretty(json), Ignore.Ids);
    }

    [Fact]
    public async Task GetDerivStatus_SafeMode_MatchesSnapshot()
    {
        var json = await GetAsync("/api/deriv/status");
        Snapshot.Match(Wire.Pretty(json), Ignore.IdsAndUsage);
    }

    [Fact]
    public async Task GetPositions_NoPositions_MatchesSnapshot()
    {
        var json = await GetAsync("/api/deriv/positions");
        Snapshot.Match(Wire.Pretty(json));
    }

    [Fact]
    public async Task PostPreview_BtcPair_MatchesSnapshot()
    {
        var response = await _factory.ClientFor(HostFactory.ViewerToken).PostJsonAsync("/api/arb/preview", $$"""{"pair":"{{BtcPair}}","size":0.01}""");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await response.Content.ReadAsStringAsync()), Ignore.Ids);
    }

    [Fact]
    public async Task PostSetup_SafeMode_ReturnsDryRunPlan()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostAsync("/api/deriv/setup", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await response.Content.ReadAsStringAsync()), Ignore.Ids);
    }

    [Fact]
    public async Task PostFlatten_SafeModeNoPositions_ReturnsEmptyPlan()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/hedge/flatten", "{}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await response.Content.ReadAsStringAsync()), Ignore.Ids);
    }

    [Fact]
    public async Task GetLiveApprovals_Paper_ExplainsWhyNotArmed()
    {
        var json = await GetAsync("/api/live/approvals");
        Snapshot.Match(Wire.Pretty(json));
    }

    [Fact]
    public async Task GetHealth_Active_Healthy()
    {
        var client = _factory.CreateClient();
        (await client.GetStringAsync("/health")).ShouldBe("Healthy");
        (await client.GetStringAsync("/alive")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task GetOpenApi_Document_ListsEveryEndpoint()
    {
        var json = await _factory.CreateClient().GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/status", "/api/deriv/status", "/api/deriv/setup", "/api/deriv/positions", "/api/arb/edge", "/api/arb/preview", "/api/arb/execute", "/api/hedge/flatten", "/api/journal", "/api/risk/hold", "/api/risk/reset", "/api/risk/kill", "/api/live/approvals" })
        {
            json.ShouldContain($"\"{path}\"");
        }

        (await _factory.CreateClient().GetAsync("/scalar")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<string> GetAsync(string url)
    {
        var response = await _factory.ClientFor(HostFactory.ViewerToken).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>Endpoints whose output depends on what happened before: one fresh host per test.</summary>
public sealed class StatefulEndpointTests
{
    private const string BtcPair = "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP";

    [Fact]
    public async Task GetStatus_FreshHost_MatchesSnapshot()
    {
        using var factory = new HostFactory();
        var json = await factory.ClientFor(HostFactory.ViewerToken).GetStringAsync("/api/status");
        Snapshot.Match(Wire.Pretty(json));
    }

    [Fact]
    public async Task PostExecute_SafeMode_ReturnsDryRunPlanAndJournalsIt()
    {
        using var factory = new HostFactory();
        var client = factory.ClientFor(HostFactory.AliceToken);
        var response = await client.PostJsonAsync("/api/arb/execute", $$"""{"pair":"{{BtcPair}}","size":0.01}""");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await response.Content.ReadAsStringAsync()), Ignore.Ids);

        var journal = await client.GetStringAsync("/api/journal?kind=exec.&page_size=5");
        Snapshot.Match(Wire.Pretty(journal), new Snapshooter.SnapshotNameExtension("journal"), Ignore.Ids);

        var status = await client.GetStringAsync("/api/status");
        status.ShouldContain("\"executions\":1");
    }

    [Fact]
    public async Task PostRisk_HoldKillReset_TransitionsAndJournals()
    {
        using var factory = new HostFactory();
        var client = factory.ClientFor(HostFactory.AliceToken);

        var hold = await client.PostJsonAsync("/api/risk/hold", """{"reason":"manual check"}""");
        hold.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await hold.Content.ReadAsStringAsync()), new Snapshooter.SnapshotNameExtension("hold"), Ignore.Ids);

        var kill = await client.PostJsonAsync("/api/risk/kill", """{"reason":"incident"}""");
        kill.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await kill.Content.ReadAsStringAsync()), new Snapshooter.SnapshotNameExtension("kill"), Ignore.Ids);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetStringAsync("/health")).ShouldBe("Degraded");

        var holdWhileHalted = await client.PostJsonAsync("/api/risk/hold", "{}");
        holdWhileHalted.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var execute = await client.PostJsonAsync("/api/arb/execute", $$"""{"pair":"{{BtcPair}}","size":0.01}""");
        execute.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await execute.Content.ReadAsStringAsync()).ShouldContain("TRADING_HALTED");

        var reset = await client.PostJsonAsync("/api/risk/reset", """{"reason":"resolved"}""");
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        Snapshot.Match(Wire.Pretty(await reset.Content.ReadAsStringAsync()), new Snapshooter.SnapshotNameExtension("reset"), Ignore.Ids);

        var journal = await client.GetStringAsync("/api/journal?kind=risk.");
        journal.ShouldContain("\"kind\":\"risk.hold\"");
        journal.ShouldContain("\"kind\":\"risk.kill\"");
        journal.ShouldContain("\"kind\":\"risk.reset\"");
        journal.ShouldContain("\"actor\":\"alice\"");
        (await client.GetStringAsync("/health")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task PostExecute_Holding_Returns409()
    {
        using var factory = new HostFactory();
        var client = factory.ClientFor(HostFactory.AliceToken);
        (await client.PostJsonAsync("/api/risk/hold", "{}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var execute = await client.PostJsonAsync("/api/arb/execute", $$"""{"pair":"{{BtcPair}}","size":0.01}""");

        execute.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await execute.Content.ReadAsStringAsync()).ShouldContain("TRADING_REDUCING");
    }
}
