using System.Net;
using PropBot.Host.Tests.Infrastructure;

namespace PropBot.Host.Tests;

public sealed class AuthTests : IClassFixture<HostFactory>
{
    private readonly HostFactory _factory;

    public AuthTests(HostFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/api/status")]
    [InlineData("/api/arb/edge")]
    [InlineData("/api/deriv/status")]
    [InlineData("/api/deriv/positions")]
    [InlineData("/api/journal")]
    [InlineData("/api/live/approvals")]
    public async Task Get_MissingToken_Returns401(string url)
    {
        var response = await _factory.ClientFor(null).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_UnknownToken_Returns401WithoutEchoingIt()
    {
        var response = await _factory.ClientFor("not-a-real-token-123456").GetAsync("/api/status");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("not-a-real-token");
    }

    [Theory]
    [InlineData("/api/deriv/setup")]
    [InlineData("/api/arb/execute")]
    [InlineData("/api/hedge/flatten")]
    [InlineData("/api/risk/hold")]
    [InlineData("/api/risk/reset")]
    [InlineData("/api/risk/kill")]
    [InlineData("/api/live/approvals")]
    public async Task Post_ReadOnlyToken_Returns403(string url)
    {
        var response = await _factory.ClientFor(HostFactory.ViewerToken).PostJsonAsync(url, "{}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/deriv/setup")]
    [InlineData("/api/risk/kill")]
    [InlineData("/api/live/approvals")]
    public async Task Post_MissingToken_Returns401(string url)
    {
        var response = await _factory.ClientFor(null).PostJsonAsync(url, "{}");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_ReadOnlyToken_Returns200()
    {
        var response = await _factory.ClientFor(HostFactory.ViewerToken).GetAsync("/api/status");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Post_OperatorToken_Returns200()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/hedge/flatten", "{}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_NoToken_IsOpen()
    {
        (await _factory.ClientFor(null).GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _factory.ClientFor(null).GetAsync("/alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class OpenLoopbackTests
{
    [Fact]
    public async Task Paper_OpenOnLoopback_AllowsOperatorActionsWithoutToken()
    {
        using var factory = HostFactory.Create(("auth:open_on_loopback", "true"));
        var response = await factory.ClientFor(null).PostJsonAsync("/api/risk/hold", """{"reason":"loopback"}""");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"changed_by\":\"loopback\"");
    }

    [Fact]
    public async Task Testnet_OpenOnLoopback_StillRequiresToken()
    {
        var settings = new List<(string, string?)> { ("EXCHANGE_PROFILE", "testnet"), ("auth:open_on_loopback", "true") };
        settings.AddRange(HostFactory.LocalRouting);
        using var factory = HostFactory.Create([.. settings]);
        var response = await factory.ClientFor(null).PostJsonAsync("/api/risk/hold", "{}");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
