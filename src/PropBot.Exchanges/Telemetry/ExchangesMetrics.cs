using System.Diagnostics.Metrics;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Telemetry;

/// <summary>
/// The <c>PropBot.Exchanges</c> meter, shared by both adapters (the adapters are built by static factories, so the
/// meter is a process-wide one; a host collects it by name, e.g. OpenTelemetry <c>AddMeter("PropBot.*")</c>).
/// Recording never allocates per WebSocket message: tags are string constants and connection names.
/// </summary>
internal static class ExchangesMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "PropBot.Exchanges";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "propbot.exchanges.requests", "{request}", "REST requests by venue, route and outcome (HTTP status class, timeout, network).");

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "propbot.exchanges.request.duration", "s", "REST round-trip time by venue and route.");

    private static readonly Counter<long> OutcomeUnknown = Meter.CreateCounter<long>(
        "propbot.exchanges.orders.outcome_unknown", "{request}", "State-changing requests whose outcome is unknown (timeout, dropped connection, 5xx): resolved by client order id, never re-sent.");

    private static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "propbot.exchanges.ws.messages", "{message}", "WebSocket messages by connection and disposition (handled, ignored, malformed).");

    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "propbot.exchanges.ws.reconnects", "{reconnect}", "WebSocket reconnections by connection.");

    /// <summary>One REST request and how it ended.</summary>
    public static void RecordRequest(VenueId venue, string route, string outcome, TimeSpan elapsed)
    {
        if (Requests.Enabled)
        {
            Requests.Add(1, new("venue", venue.Value), new("route", route), new("outcome", outcome));
        }

        if (RequestDuration.Enabled)
        {
            RequestDuration.Record(elapsed.TotalSeconds, new("venue", venue.Value), new("route", route));
        }
    }

    /// <summary>A state-changing request whose outcome is unknown.</summary>
    public static void RecordOutcomeUnknown(VenueId venue, string reason) =>
        OutcomeUnknown.Add(1, new("venue", venue.Value), new("reason", reason));

    /// <summary>One WebSocket message and what the handler made of it.</summary>
    public static void RecordMessage(string connection, MessageDisposition disposition)
    {
        if (Messages.Enabled)
        {
            Messages.Add(1, new("connection", connection), new("disposition", Text(disposition)));
        }
    }

    /// <summary>A reconnection of a WebSocket.</summary>
    public static void RecordReconnect(string connection) => Reconnects.Add(1, new KeyValuePair<string, object?>("connection", connection));

    /// <summary>Outcome tag of an HTTP status: <c>2xx</c>, <c>4xx</c>, <c>429</c>, <c>418</c>, <c>5xx</c>.</summary>
    public static string StatusClass(int status) => status switch
    {
        429 => "429",
        418 => "418",
        >= 200 and < 300 => "2xx",
        >= 400 and < 500 => "4xx",
        >= 500 => "5xx",
        _ => "other",
    };

    private static string Text(MessageDisposition disposition) => disposition switch
    {
        MessageDisposition.Handled => "handled",
        MessageDisposition.Malformed => "malformed",
        _ => "ignored",
    };
}
