using System.Net;
using System.Text.Json;
using PropBot.Host.Tests.Infrastructure;

namespace PropBot.Host.Tests;

/// <summary>Bad input is a ProblemDetails 400 naming the field; never a 500.</summary>
public sealed class BadInputTests : IClassFixture<HostFactory>
{
    private const string BtcPair = "binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP";
    private readonly HostFactory _factory;

    public BadInputTests(HostFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:XRPUSDT/okx_perp:XRP-USDT-SWAP","size":1}""", "pair")]
    [InlineData("/api/arb/preview", """{"size":1}""", "pair")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":0}""", "size")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":-0.5}""", "size")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":1000}""", "size")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":0.00001}""", "size")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP"}""", "size")]
    [InlineData("/api/arb/execute", """{"pair":"nope","size":0.01}""", "pair")]
    [InlineData("/api/arb/execute", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":99}""", "size")]
    [InlineData("/api/hedge/flatten", """{"venue":"kraken"}""", "venue")]
    [InlineData("/api/hedge/flatten", """{"venue":"binance_um","symbol":"BTC-USDT-SWAP"}""", "symbol")]
    [InlineData("/api/deriv/setup", """{"venue":"bybit"}""", "venue")]
    [InlineData("/api/live/approvals", """{"decision":"maybe"}""", "decision")]
    public async Task Post_BadInput_Returns400NamingField(string url, string body, string field)
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync(url, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/arb/preview", """{"pair": "x", "size": """)]
    [InlineData("/api/arb/execute", """not json""")]
    [InlineData("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":"lots"}""")]
    [InlineData("/api/hedge/flatten", """[1,2""")]
    [InlineData("/api/risk/hold", """{"reason":""")]
    public async Task Post_MalformedJson_Returns400(string url, string body)
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync(url, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Post_MalformedSize_NamesSizeField()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/arb/preview", """{"pair":"binance_um:BTCUSDT/okx_perp:BTC-USDT-SWAP","size":"lots"}""");

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("errors").TryGetProperty("size", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/api/journal?page=0", "page")]
    [InlineData("/api/journal?page=abc", "page")]
    [InlineData("/api/journal?page_size=100000", "page_size")]
    [InlineData("/api/journal?severity=fatal", "severity")]
    [InlineData("/api/journal?since=yesterday", "since")]
    public async Task GetJournal_BadQuery_Returns400NamingField(string url, string field)
    {
        var response = await _factory.ClientFor(HostFactory.ViewerToken).GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task PostPreview_WrongContentType_Returns4xxNot500()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostAsync("/api/arb/preview", new StringContent($$"""{"pair":"{{BtcPair}}","size":0.01}"""));
        ((int)response.StatusCode).ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task Post_AboveVenueMaximum_DetailNamesTheVenueMaximum()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/arb/preview", $$"""{"pair":"{{BtcPair}}","size":1000}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("exceeds the maximum market order quantity 120 of BTCUSDT.binance_um");
    }

    [Fact]
    public async Task Post_OversizedSize_DetailNamesTheLimitAndKey()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/arb/preview", $$"""{"pair":"{{BtcPair}}","size":100}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("size 100 is about", Case.Sensitive, text);
        text.ShouldContain("risk:notional_caps:per_symbol_usd", Case.Sensitive, text);
    }

    [Fact]
    public async Task Post_BelowVenueMinimum_DetailNamesTheVenueMinimum()
    {
        var response = await _factory.ClientFor(HostFactory.AliceToken).PostJsonAsync("/api/arb/preview", $$"""{"pair":"{{BtcPair}}","size":0.00001}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("below the minimum order quantity");
    }

    public static TheoryData<string> PostEndpoints() =>
        ["/api/arb/preview", "/api/arb/execute", "/api/hedge/flatten", "/api/deriv/setup", "/api/risk/hold", "/api/risk/reset", "/api/live/approvals"];

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task Post_GarbageBodies_NeverA5xx(string url)
    {
        string[] bodies =
        [
            "[]", "\"text\"", "null", "42", "{\"size\":1e400}", "{\"pair\":123,\"size\":true}", "{\"size\":\"NaN\"}",
            "{\"venue\":[1,2]}", new string('[', 200) + new string(']', 200), "{\"pair\":\"" + new string('x', 20_000) + "\"}", "\u0000",
        ];
        var client = _factory.ClientFor(HostFactory.AliceToken);
        foreach (var body in bodies)
        {
            var response = await client.PostJsonAsync(url, body);

            ((int)response.StatusCode).ShouldBeLessThan(500, $"{url} {body[..Math.Min(body.Length, 40)]}");
        }
    }
}
