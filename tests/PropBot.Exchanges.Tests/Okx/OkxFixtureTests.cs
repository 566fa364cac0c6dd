using System.Text.Json.Nodes;
using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

/// <summary>One test per endpoint fixture: the request the client sends (method, path, query, body, signing) and a successful decode of the canned official response.</summary>
public class OkxFixtureTests
{
    private static readonly Dictionary<string, Func<OkxSwapClient, Task<bool>>> Calls = new(StringComparer.Ordinal)
    {
        ["Public/Time"] = async c => (await c.GetServerTimeAsync()).Success,
        ["Public/Instruments"] = async c => (await c.GetFiltersAsync("BTC-USDT-SWAP")).Success,
        ["Market/Books"] = async c => (await c.GetBookTopAsync("BTC-USDT-SWAP")).Success,
        ["Public/MarkPrice"] = async c => (await c.GetMarkPriceAsync("BTC-USDT-SWAP")).Success,
        ["Public/FundingRate"] = async c => (await c.GetFundingInfoAsync("BTC-USDT-SWAP")).Success,
        ["Account/TradeFee"] = async c => (await c.GetFeesAsync("BTC-USDT-SWAP")).Success,
        ["Account/Config"] = async c => (await c.GetAccountConfigurationAsync()).Success,
        ["Account/SetPositionMode"] = async c => (await c.SetPositionModeAsync(PositionMode.OneWay)).Success,
        ["Account/SetLeverage"] = async c => (await c.SetLeverageAsync(new LeverageRequest("BTC-USDT-SWAP", 5, MarginType.Cross))).Success,
        ["Account/LeverageInfo"] = async c => (await c.GetLeverageAsync("BTC-USDT-SWAP", MarginType.Cross)).Success,
        ["Trade/PlaceOrder"] = async c => (await c.PlaceOrderAsync(OkxSwapClientTests.VectorJOrder())).Success,
        ["Trade/CancelOrder"] = async c => (await c.CancelOrderAsync(new OrderLookup { Symbol = "BTC-USDT-SWAP", ClientOrderId = new ClientOrderId("pba1L20") })).Success,
        ["Trade/OrderDetails"] = async c => (await c.GetOrderAsync(new OrderLookup { Symbol = "BTC-USDT-SWAP", ClientOrderId = new ClientOrderId("pba1L20") })).Success,
        ["Trade/OrdersPending"] = async c => (await c.GetOpenOrdersAsync("BTC-USDT-SWAP")).Success,
        ["Account/Positions"] = async c => (await c.GetPositionsAsync()).Success,
        ["Account/Balance"] = async c => (await c.GetAccountMarginAsync()).Success,
        ["Trade/CancelAllAfter"] = async c => (await c.ArmDeadManSwitchAsync(null, TimeSpan.FromSeconds(60))).Success,
    };

    public static TheoryData<string> FixtureNames() => [.. OkxTestHost.Fixtures.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Fixtures_CoverEveryEndpointCall() =>
        OkxTestHost.Fixtures.Keys.Order(StringComparer.Ordinal).ShouldBe(Calls.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public async Task Endpoint_SendsDocumentedRequest_AndDecodesResponse(string name)
    {
        var fixture = OkxTestHost.Fixtures[name];
        await using var host = new OkxTestHost();

        (await Calls[name](host.Client)).ShouldBeTrue($"{name} should decode its canned response");

        var request = host.Handler.Requests.First(r => r.Path == fixture.Path && r.Method.Method == fixture.Method);
        var query = request.Parameters;
        query.ShouldBe(fixture.Query, ignoreOrder: true);
        if (fixture.Body is { } expectedBody)
        {
            JsonNode.DeepEquals(JsonNode.Parse(request.Body), expectedBody).ShouldBeTrue($"body was {request.Body}");
            request.Header("Content-Type")!.ShouldStartWith("application/json");
        }

        if (fixture.Signed)
        {
            var ts = request.Header("OK-ACCESS-TIMESTAMP").ShouldNotBeNull();
            request.Header("OK-ACCESS-KEY").ShouldBe(OkxTestHost.ApiKey);
            request.Header("OK-ACCESS-PASSPHRASE").ShouldBe(OkxTestHost.Passphrase);
            var pathAndQuery = request.Uri.PathAndQuery;
            request.Header("OK-ACCESS-SIGN").ShouldBe(OkxSigner.SignRest(OkxTestHost.Secret, ts, fixture.Method, pathAndQuery, fixture.Method == "POST" ? request.Body : string.Empty));
        }
        else
        {
            request.Header("OK-ACCESS-KEY").ShouldBeNull();
            request.Header("OK-ACCESS-SIGN").ShouldBeNull();
        }

        request.Header("x-simulated-trading").ShouldBeNull();
    }
}
