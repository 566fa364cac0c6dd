using System.Net;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceRestTransportTests
{
    private static OrderRequest Order(OrderPurpose purpose = OrderPurpose.Entry, string id = "pbx1A0") => new()
    {
        Symbol = "BTCUSDT",
        Side = OrderSide.Buy,
        Type = OrderType.Market,
        Quantity = 0.01m,
        PositionSide = PositionSide.Long,
        ClientOrderId = new ClientOrderId(id),
        Purpose = purpose,
    };

    [Fact]
    public async Task PlaceOrder_ConnectionDrop_OutcomeUnknownNeverResent()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Handler.On(r => r.Path == "/fapi/v1/order", _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "reset"));

        var result = await h.Client.PlaceOrderAsync(Order());

        result.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        result.Error.Reason.ShouldBe(VenueErrorReason.Network);
        h.RequestsTo("/fapi/v1/order").Count().ShouldBe(1);
    }

    [Fact]
    public async Task PlaceOrder_Timeout_OutcomeUnknown()
    {
        var h = new BinanceTestHarness(o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));
        h.WithExchangeInfo();
        h.Handler.On(r => r.Path == "/fapi/v1/order", _ => throw new TaskCanceledException("timed out"));

        var result = await h.Client.PlaceOrderAsync(Order());

        result.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        result.Error.Reason.ShouldBe(VenueErrorReason.Timeout);
    }

    [Fact]
    public async Task Read_ConnectionDrop_Transient()
    {
        var h = new BinanceTestHarness();
        h.Handler.On(_ => true, _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "reset"));

        var result = await h.Client.GetPositionsAsync();

        result.Error!.Kind.ShouldBe(VenueErrorKind.Transient);
    }

    [Theory]
    [InlineData("{\"code\":-1000,\"msg\":\"Unknown error, please check your request or try again later.\"}", VenueErrorKind.OutcomeUnknown)]
    [InlineData("<html>bad gateway</html>", VenueErrorKind.OutcomeUnknown)]
    [InlineData("{\"code\":-1008,\"msg\":\"Request throttled by system-level protection.\"}", VenueErrorKind.Transient)]
    [InlineData("{\"code\":-1001,\"msg\":\"Service Unavailable.\"}", VenueErrorKind.Transient)]
    public async Task PlaceOrder_ServerError_ClassifiedByBody(string body, VenueErrorKind kind)
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Handler.On(HttpMethod.Post, "/fapi/v1/order", body, HttpStatusCode.ServiceUnavailable);

        var result = await h.Client.PlaceOrderAsync(Order());

        result.Error!.Kind.ShouldBe(kind);
        result.Error.HttpStatus.ShouldBe(503);
    }

    [Fact]
    public async Task Read_ServerError_Transient()
    {
        var h = new BinanceTestHarness();
        h.Handler.On(HttpMethod.Get, "/fapi/v3/account", "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server.\"}", HttpStatusCode.ServiceUnavailable);

        (await h.Client.GetAccountMarginAsync()).Error!.Kind.ShouldBe(VenueErrorKind.Transient);
    }

    [Fact]
    public async Task Ban418_BlocksEveryRequestUntilItEnds()
    {
        var h = new BinanceTestHarness();
        var until = BinanceTestHarness.Start.AddMinutes(3);
        h.Handler.On(HttpMethod.Get, "/fapi/v1/ping", $"{{\"code\":-1003,\"msg\":\"Way too many requests; IP(1.2.3.4) banned until {until.ToUnixTimeMilliseconds()}. Please use the websocket for live updates to avoid bans.\"}}", (HttpStatusCode)418);
        h.Use("Market", "Time");

        var first = await h.Client.PingAsync();
        var blocked = await h.Client.GetServerTimeAsync();
        var rescue = await h.Client.PlaceOrderAsync(Order(OrderPurpose.HedgeOut));

        first.Error!.Kind.ShouldBe(VenueErrorKind.Banned);
        first.Error.RetryAfter.ShouldBe(TimeSpan.FromMinutes(3));
        blocked.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        rescue.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        h.Handler.Requests.Count.ShouldBe(1);
        h.Client.GetRateLimitUsage().ShouldAllBe(u => u.BlockedUntil == until);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        (await h.Client.GetServerTimeAsync()).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task RateLimited429_HonoursRetryAfter()
    {
        var h = new BinanceTestHarness();
        h.Handler.On(HttpMethod.Get, "/fapi/v1/ping", "{\"code\":-1003,\"msg\":\"Too many requests.\"}", (HttpStatusCode)429, new Dictionary<string, string> { ["Retry-After"] = "7" });

        var result = await h.Client.PingAsync();
        var next = await h.Client.PingAsync();

        result.Error!.Kind.ShouldBe(VenueErrorKind.RateLimited);
        result.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        next.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        h.Handler.Requests.Count.ShouldBe(1);
        h.Time.Advance(TimeSpan.FromSeconds(7));
        await h.Client.PingAsync();
        h.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task InvalidTimestamp_ResyncsClockAndRetriesOnce()
    {
        var h = new BinanceTestHarness();
        var calls = 0;
        h.Handler.On(r => r.Path == "/fapi/v3/account", _ => Interlocked.Increment(ref calls) == 1
            ? FakeHttpMessageHandler.Json("{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}", HttpStatusCode.BadRequest)
            : FakeHttpMessageHandler.Json(BinanceFixture.Load("Account", "Account").ResponseJson));
        h.Handler.On(HttpMethod.Get, "/fapi/v1/time", $"{{\"serverTime\":{BinanceTestHarness.Start.AddSeconds(3).ToUnixTimeMilliseconds()}}}");

        var result = await h.Client.GetAccountMarginAsync();

        result.Success.ShouldBeTrue();
        h.RequestsTo("/fapi/v3/account").Count().ShouldBe(2);
        h.RequestsTo("/fapi/v1/time").Count().ShouldBe(1);
        h.Client.Clock.Offset.ShouldBe(TimeSpan.FromSeconds(3));
        long.Parse(h.RequestsTo("/fapi/v3/account").Last().Parameters["timestamp"]).ShouldBe(BinanceTestHarness.Start.AddSeconds(3).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task InvalidTimestamp_Twice_ReturnsErrorAfterOneRetry()
    {
        var h = new BinanceTestHarness();
        h.Error(HttpMethod.Get, "/fapi/v3/account", -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        h.Use("Market", "Time");

        var result = await h.Client.GetAccountMarginAsync();

        result.Error!.Reason.ShouldBe(VenueErrorReason.TimestampOutOfWindow);
        h.RequestsTo("/fapi/v3/account").Count().ShouldBe(2);
    }

    [Fact]
    public async Task UsageHeaders_ReconcileGovernor()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Use("Trade", "NewOrder", new Dictionary<string, string>
        {
            ["x-mbx-used-weight-1m"] = "1500",
            ["X-MBX-ORDER-COUNT-10S"] = "42",
            ["X-MBX-ORDER-COUNT-1M"] = "99",
        });

        await h.Client.PlaceOrderAsync(Order());

        var usage = h.Client.GetRateLimitUsage().ToDictionary(u => u.Name);
        usage["REQUEST_WEIGHT 1m"].Used.ShouldBe(1500);
        usage["ORDERS 10s"].Used.ShouldBe(42);
        usage["ORDERS 1m"].Used.ShouldBe(99);
    }

    [Fact]
    public async Task OrdersWindowFull_EntryThrottledLocally_HedgeOutStillSent()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Use("Trade", "NewOrder", new Dictionary<string, string> { ["X-MBX-ORDER-COUNT-10S"] = "240" });
        (await h.Client.PlaceOrderAsync(Order())).Success.ShouldBeTrue();

        var entry = await h.Client.PlaceOrderAsync(Order(id: "pbx2A0"));
        var hedgeOut = await h.Client.PlaceOrderAsync(Order(OrderPurpose.HedgeOut, "pbx2H0"));

        entry.Error!.Kind.ShouldBe(VenueErrorKind.Throttled);
        entry.Error.Reason.ShouldBe(VenueErrorReason.LocalRateLimit);
        hedgeOut.Success.ShouldBeTrue();
        h.RequestsTo("/fapi/v1/order").Count().ShouldBe(2);
    }

    [Fact]
    public async Task MalformedSuccessBody_OnOrder_OutcomeUnknown()
    {
        var h = new BinanceTestHarness();
        h.WithExchangeInfo();
        h.Handler.On(HttpMethod.Post, "/fapi/v1/order", "{not json");

        var result = await h.Client.PlaceOrderAsync(Order());

        result.Error!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        result.Error.Reason.ShouldBe(VenueErrorReason.MalformedResponse);
    }
}
