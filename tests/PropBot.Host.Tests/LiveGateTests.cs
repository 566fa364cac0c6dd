using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropBot.Exchanges;
using PropBot.Host.Tests.Infrastructure;
using PropBot.Host.Venues;

namespace PropBot.Host.Tests;

/// <summary>The two-man rule on the live profile (venues routed to the embedded emulator, SAFE_MODE=false).</summary>
public sealed class LiveGateTests
{
    private const string BtcPair = "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP";

    [Fact]
    public async Task Approvals_TwoDistinctOperatorsAndPassingPreflight_ArmsAndJournals()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);
        (await factory.WithClockRunningAsync(() => alice.PostAsync("/api/deriv/setup", null))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = await Decide(factory, alice, "approve");
        first.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(first).ShouldContain(r => r.StartsWith("APPROVALS_INSUFFICIENT: 1 of 2", StringComparison.Ordinal));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Decide(factory, bob, "approve");
        second.GetProperty("armed").GetBoolean().ShouldBeTrue(second.ToString());
        second.GetProperty("live_orders_enabled").GetBoolean().ShouldBeTrue();

        var journal = await alice.GetStringAsync("/api/journal?kind=live.");
        journal.ShouldContain("\"kind\":\"live.armed\"");
        journal.ShouldContain("\"actor\":\"alice\"");
        journal.ShouldContain("\"actor\":\"bob\"");
        journal.ShouldNotContain(HostFactory.AliceToken);
        journal.ShouldNotContain(HostFactory.BobToken);

        var revoked = await Decide(factory, alice, "revoke");
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
        (await factory.WithClockRunningAsync(() => alice.PostAsync("/api/deriv/setup", null))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await Decide(factory, alice, "approve");

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
        (await factory.WithClockRunningAsync(() => alice.PostAsync("/api/deriv/setup", null))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Decide(factory, alice, "approve");
        var second = await Decide(factory, alice, "approve");

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
        (await factory.WithClockRunningAsync(() => alice.PostAsync("/api/deriv/setup", null))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Decide(factory, alice, "approve");
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = await Decide(factory, bob, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(second).ShouldContain(r => r.StartsWith("APPROVALS_INSUFFICIENT: 1 of 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approvals_FailingPreflight_NotArmedAndSaysWhy()
    {
        using var factory = LiveFactory();
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);

        // Position mode not as configured (paper start-up gave the emulator the configured posture: undo it).
        foreach (var venue in factory.Services.GetRequiredService<VenueDirectory>().All)
        {
            (await factory.WithClockRunningAsync(() => venue.Client.SetPositionModeAsync(PositionMode.OneWay))).Success.ShouldBeTrue();
        }

        await Decide(factory, alice, "approve");
        var second = await Decide(factory, bob, "approve");

        second.GetProperty("armed").GetBoolean().ShouldBeFalse();
        Reasons(second).ShouldContain(r => r.Contains("PREFLIGHT_FAILED", StringComparison.Ordinal) && r.Contains("posture_verified", StringComparison.Ordinal));
        Snapshot.Match(Wire.Pretty(second.ToString()), Ignore.IdsAndApprovalTimes);
    }

    [Fact]
    public async Task Approvals_SafeModeOn_NeverArms()
    {
        using var factory = LiveFactory(("SAFE_MODE", "true"));
        var alice = factory.ClientFor(HostFactory.AliceToken);
        var bob = factory.ClientFor(HostFactory.BobToken);

        await Decide(factory, alice, "approve");
        var second = await Decide(factory, bob, "approve");

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

    /// <summary>One approval decision; the clock moves 2 s first and runs during the call (the approval's preflight
    /// reads both venues, and the emulator enforces the venues' per-2-s limits on the fake clock).</summary>
    private static async Task<JsonElement> Decide(HostFactory factory, HttpClient client, string decision)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var response = await factory.WithClockRunningAsync(() => client.PostJsonAsync("/api/live/approvals", $$"""{"decision":"{{decision}}"}"""));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Reasons(JsonElement status) =>
        status.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
}
