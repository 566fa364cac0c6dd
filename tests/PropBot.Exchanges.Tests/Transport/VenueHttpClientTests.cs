using System.Net;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Transport;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Transport;

public class VenueHttpClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static (VenueHttpClient Client, FakeHttpMessageHandler Handler) Create(TimeSpan? timeout = null, TimeProvider? time = null)
    {
        var handler = new FakeHttpMessageHandler();
        return (new VenueHttpClient(new HttpClient(handler), VenueId.OkxSwap, time ?? new FakeTimeProvider(Now), timeout), handler);
    }

    [Fact]
    public void Ctor_DefaultTimeout_FiveSeconds() => Create().Client.Timeout.ShouldBe(TimeSpan.FromSeconds(5));

    [Fact]
    public async Task SendAsync_Response_BodyHeadersRetryAfter()
    {
        var (client, handler) = Create();
        handler.On(HttpMethod.Get, "/x", "{\"a\":1}", HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["Retry-After"] = "12", ["X-Test"] = "v" });

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://venue.test/x"), RequestIntent.Read, CancellationToken.None);

        response.StatusCode.ShouldBe(429);
        response.BodyText().ShouldBe("{\"a\":1}");
        response.RetryAfter.ShouldBe(TimeSpan.FromSeconds(12));
        response.Header("x-test").ShouldBe("v");
        response.TransportError.ShouldBeNull();
        response.IsSuccessStatus.ShouldBeFalse();
    }

    [Theory]
    [InlineData(true, VenueErrorKind.OutcomeUnknown)]
    [InlineData(false, VenueErrorKind.Transient)]
    public async Task SendAsync_ConnectionDrop_ClassifiedByIntent(bool write, VenueErrorKind kind)
    {
        var intent = write ? RequestIntent.Write : RequestIntent.Read;
        var (client, handler) = Create();
        handler.On(_ => true, _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "reset"));

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://venue.test/order"), intent, CancellationToken.None);

        response.TransportError!.Kind.ShouldBe(kind);
        response.TransportError.Reason.ShouldBe(VenueErrorReason.Network);
        response.StatusCode.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_SlowVenue_TimesOutAsOutcomeUnknown()
    {
        var (client, handler) = Create(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        handler.OnAsync(_ => true, async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeHttpMessageHandler.Json("{}");
        });

        var send = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://venue.test/order"), RequestIntent.Write, CancellationToken.None);
        var response = await send.WaitAsync(TimeSpan.FromSeconds(60));

        response.TransportError!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        response.TransportError.Reason.ShouldBe(VenueErrorReason.Timeout);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        var (client, handler) = Create();
        handler.On(HttpMethod.Get, "/x", "{}");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://venue.test/x"), RequestIntent.Read, cts.Token));
    }

    [Fact]
    public void ServerError_ByIntent()
    {
        var (client, _) = Create();
        var response = new VenueHttpResponse { StatusCode = 502, Body = "bad gateway"u8.ToArray() };

        client.ServerError(response, RequestIntent.Write).Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        client.ServerError(response, RequestIntent.Read).Kind.ShouldBe(VenueErrorKind.Transient);
        VenueHttpClient.IsServerSide(408).ShouldBeTrue();
        VenueHttpClient.IsServerSide(404).ShouldBeFalse();
    }
}

public class MarketDataCacheTests
{
    [Fact]
    public void TryGetSlot_Utf8AndCaseInsensitive_SameSlot()
    {
        var cache = new MarketDataCache(VenueId.BinanceUsdFutures);
        var slot = cache.GetOrAdd("BTCUSDT");

        cache.TryGetSlot("btcusdt"u8, out var byBytes).ShouldBeTrue();
        cache.TryGetSlot("BTCUSDT".AsSpan(), out var byChars).ShouldBeTrue();
        byBytes.ShouldBeSameAs(slot);
        byChars.ShouldBeSameAs(slot);
        cache.TryGetSlot("ETHUSDT"u8, out _).ShouldBeFalse();
        slot.Instrument.ShouldBe(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"));
    }

    [Fact]
    public void SetBookTop_ThenRead_LatestValue()
    {
        var cache = new MarketDataCache(VenueId.OkxSwap);
        var slot = cache.GetOrAdd("BTC-USDT-SWAP");
        cache.TryGetBookTop("BTC-USDT-SWAP", out _).ShouldBeFalse();
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        slot.SetBookTop(new BookTop { Instrument = slot.Instrument, BidPrice = 1m, BidSize = 1m, AskPrice = 2m, AskSize = 1m, VenueTime = t, ReceiveTime = t });
        slot.SetMarkPrice(new MarkPriceInfo { Instrument = slot.Instrument, MarkPrice = 1.5m, VenueTime = t, ReceiveTime = t });

        cache.TryGetBookTop("BTC-USDT-SWAP", out var top).ShouldBeTrue();
        top.AskPrice.ShouldBe(2m);
        cache.TryGetMarkPrice("BTC-USDT-SWAP", out var mark).ShouldBeTrue();
        mark.MarkPrice.ShouldBe(1.5m);
        cache.TryGetMarkPrice("NOPE", out _).ShouldBeFalse();
    }
}
