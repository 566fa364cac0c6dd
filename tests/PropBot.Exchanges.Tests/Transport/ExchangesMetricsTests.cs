using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Telemetry;
using PropBot.Exchanges.Transport;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Transport;

/// <summary>The <c>PropBot.Exchanges</c> meter. The meter is process-wide, so each test filters by a route or
/// connection name of its own.</summary>
public class ExchangesMetricsTests
{
    [Fact]
    public async Task SendAsync_SuccessAnd429_CountedByRouteAndOutcome()
    {
        using var requests = new MetricCollector<long>(null, ExchangesMetrics.MeterName, "propbot.exchanges.requests");
        using var durations = new MetricCollector<double>(null, ExchangesMetrics.MeterName, "propbot.exchanges.request.duration");
        var handler = new FakeHttpMessageHandler();
        handler.On(HttpMethod.Get, "/metrics-ok", "{}");
        handler.On(HttpMethod.Get, "/metrics-limited", "{}", HttpStatusCode.TooManyRequests);
        var client = new VenueHttpClient(new HttpClient(handler), VenueId.BinanceUsdFutures, new FakeTimeProvider());

        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://venue.test/metrics-ok?x=1"), RequestIntent.Read, CancellationToken.None);
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://venue.test/metrics-limited"), RequestIntent.Read, CancellationToken.None);

        var mine = requests.GetMeasurementSnapshot().Where(m => ((string?)m.Tags["route"])!.StartsWith("/metrics-", StringComparison.Ordinal)).ToList();
        mine.Select(m => ((string?)m.Tags["route"], (string?)m.Tags["outcome"], (string?)m.Tags["venue"])).ShouldBe(
            [("/metrics-ok", "2xx", "binance_um"), ("/metrics-limited", "429", "binance_um")], ignoreOrder: true);
        durations.GetMeasurementSnapshot().Count(m => ((string?)m.Tags["route"])!.StartsWith("/metrics-", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_WriteDropped_CountsOutcomeUnknown()
    {
        using var unknown = new MetricCollector<long>(null, ExchangesMetrics.MeterName, "propbot.exchanges.orders.outcome_unknown");
        var handler = new FakeHttpMessageHandler();
        handler.On(r => r.Path == "/metrics-order", _ => throw new HttpRequestException("reset"));
        var client = new VenueHttpClient(new HttpClient(handler), VenueId.OkxSwap, new FakeTimeProvider());

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://venue.test/metrics-order"), RequestIntent.Write, CancellationToken.None);

        response.TransportError!.Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        unknown.GetMeasurementSnapshot().ShouldContain(m => (string?)m.Tags["venue"] == "okx_perp" && (string?)m.Tags["reason"] == "network");
    }

    [Fact]
    public async Task WebSocket_MessagesByDisposition_Counted()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync();
        server.Session = async (socket, ctx, n) =>
        {
            await LoopbackWebSocketServer.SendAsync(socket, "{\"ok\":1}");
            await LoopbackWebSocketServer.SendAsync(socket, "garbage");
            await server.DrainAsync(socket, ctx.RequestAborted);
        };
        using var messages = new MetricCollector<long>(null, ExchangesMetrics.MeterName, "propbot.exchanges.ws.messages");
        var received = new ConcurrentQueue<string>();
        await using var ws = new ReconnectingWebSocket(new ReconnectingWebSocketOptions
        {
            Name = "metrics-test-connection",
            UrlFactory = () => new Uri(server.BaseUri, "/public/stream"),
            OnMessage = span =>
            {
                var text = Encoding.UTF8.GetString(span);
                received.Enqueue(text);
                return text.StartsWith('{') ? MessageOutcome.Handled(null) : MessageOutcome.Malformed;
            },
        });

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 2);

        messages.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["connection"] == "metrics-test-connection")
            .Select(m => (string?)m.Tags["disposition"])
            .ShouldBe(["handled", "malformed"], ignoreOrder: true);
    }
}
