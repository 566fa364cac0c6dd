using System.Net;
using System.Text.Json;
using PropBot.Host.Tests.Infrastructure;

namespace PropBot.Host.Tests;

/// <summary>The two-man rule on the live profile (venues routed to the in-process venues, SAFE_MODE=false).</summary>
public sealed class LiveGateTests
{
    private const string BtcPair = "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP";

    [Fact]
    public async Task Approvals_TwoDistinctOperatorsAndPassingPreflight_ArmsAndJournals()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);
        (await alice.PostAsync("/api/deriv/setup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = await Decide(alice, "approve");
        first.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(first).ShouldContain(r => r.StartsWith("APPROVALS_INSUFFICIENT: 1 of 2", StringComparison.Ordinal));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Decide(bob, "approve");
        second.GetProperty("armed").GetBoolean().ShouldBeTrue(second.ToString());
        second.GetProperty("live_orders_enabled").GetBoolean().ShouldBeTrue();

        var journal = await alice.GetStringAsync("/api/journal?kind=live.");
        journal.ShouldContain("\"kind\":\"live.armed\"");
        journal.ShouldContain("\"actor\":\"alice\"");
        journal.ShouldContain("\"actor\":\"bob\"");
        journal.ShouldNotContain(HostFactory.AliceToken);
        journal.ShouldNotContain(HostFactory.BobToken);

        var revoked = await Decide(alice, "revoke");
        revoked.GetProperty("armed").GetBoolean().ShouldBeFalse();
        journal = await alice.GetStringAsync("/api/journal?kind=live.");
        journal.ShouldContain("\"kind\":\"live.revocation\"");
        journal.ShouldContain("\"kind\":\"live.disarmed\"");
    }

    [Fact]
    public async Task Approvals_OneApproval_NotArmedAndExecuteIsDryRun()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        (await alice.PostAsync("/api/deriv/setup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await Decide(alice, "approve");

        status.GetProperty("armed").GetBoolean().ShouldBeFalse();
        var execute = await alice.PostJsonAsync("/api/arb/execute", $$"""{"pair":"{{BtcPair}}","size":0.01}""");
        execute.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await execute.Content.ReadAsStringAsync();
        body.ShouldContain("\"mode\":\"dry_run\"");
        body.ShouldContain("\"dry_run_reason\":\"LIVE_NOT_ARMED\"");
        (await alice.GetStringAsync("/api/status")).ShouldContain("APPROVALS_INSUFFICIENT");
    }

    [Fact]
    public async Task Approvals_SameOperatorTwice_NotArmed()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        (await alice.PostAsync("/api/deriv/setup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Decide(alice, "approve");
        var second = await Decide(alice, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        second.GetProperty("approvals").GetArrayLength().ShouldBe(1);
        Reasons(second).ShouldContain(r => r.StartsWith("APPROVALS_INSUFFICIENT: 1 of 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approvals_SecondAfterWindow_NotArmed()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);
        (await alice.PostAsync("/api/deriv/setup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Decide(alice, "approve");
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = await Decide(bob, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(second).ShouldContain(r => r.StartsWith("APPROVALS_INSUFFICIENT: 1 of 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approvals_FailingPreflight_NotArmedAndSaysWhy()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);

        // No setup: position mode, margin type and leverage are not as configured.
        await Decide(alice, "approve");
        var second = await Decide(bob, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(second).ShouldContain(r => r.Contains("PREFLIGHT_FAILED", StringComparison.Ordinal) && r.Contains("posture_verified", StringComparison.Ordinal));
        Snapshot.Match(Wire.Pretty(second.ToString()), Ignore.Ids);
    }

    [Fact]
    public async Task Approvals_SafeModeOn_NeverArms()
    {
        using var factory = LiveFactory(("SAFE_MODE", "true"));
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);

        await Decide(alice, "approve");
        var second = await Decide(bob, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(second).ShouldContain(r => r.StartsWith("SAFE_MODE", StringComparison.Ordinal));
    }

    private static HostFactory LiveFactory(params (string, string?)[] extra)
    {
        var settings = new List<(string, string?)> { ("EXCHANGE_PROFILE", "live"), ("SAFE_MODE", "false") };
        settings.AddRange(HostFactory.LocalRouting);
        settings.AddRange(extra);
        return HostFactory.Create([.. settings]);
    }

    private static async Task<JsonElement> Decide(HttpClient client, string decision)
    {
        var response = await client.PostJsonAsync("/api/live/approvals", $$"""{"decision":"{{decision}}"}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Reasons(JsonElement status) =>
        status.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
}
