using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Okx;

/// <summary>OKX <c>/ws/v5/public</c>: <c>bbo-tbt</c>, <c>books5</c>, <c>mark-price</c>, <c>funding-rate</c>, <c>tickers</c>; subscribe acks; text ping/pong.</summary>
internal sealed class OkxStreams : IDisposable
{
    private static readonly HashSet<string> Channels = new(StringComparer.Ordinal) { "bbo-tbt", "books5", "mark-price", "funding-rate", "tickers" };
    private readonly EmulatorCore core;
    private readonly ConcurrentDictionary<StreamConnection, byte> connections = new();
    private long connectionCounter = 0x5a3d0000;

    public OkxStreams(EmulatorCore core)
    {
        this.core = core;
        core.Ticked += OnTick;
        core.Okx.Faults.DropStreamsRequested += DropAll;
    }

    public void Map(IEndpointRouteBuilder app) => app.Map("/ws/v5/public", AcceptAsync);

    public void Dispose()
    {
        core.Ticked -= OnTick;
        DropAll();
    }

    private sealed class Subscription
    {
        public required string Channel { get; init; }

        public required Instrument Instrument { get; init; }

        public DateTimeOffset LastPush { get; set; } = DateTimeOffset.MinValue;

        public decimal LastValue { get; set; }
    }

    private sealed class ConnectionState
    {
        public Dictionary<(string Channel, string InstId), Subscription> Subscriptions { get; } = [];
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var id = Interlocked.Increment(ref connectionCounter).ToString("x8", CultureInfo.InvariantCulture);
        var connection = new StreamConnection(socket, id) { State = new ConnectionState() };
        connections[connection] = 0;
        try
        {
            await connection.RunAsync(OnMessageAsync, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            connections.TryRemove(connection, out _);
        }
    }

    private Task OnMessageAsync(StreamConnection connection, string text)
    {
        if (text == "ping")
        {
            connection.Send("pong");
            return Task.CompletedTask;
        }

        var state = (ConnectionState)connection.State!;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var op = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (op is not ("subscribe" or "unsubscribe") || !root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array)
            {
                connection.Send(Error(id, "60012", "Invalid request: " + text, connection.Id));
                return Task.CompletedTask;
            }

            foreach (var arg in args.EnumerateArray())
            {
                var channel = arg.ValueKind == JsonValueKind.Object && arg.TryGetProperty("channel", out var c) ? c.GetString() : null;
                var instId = arg.ValueKind == JsonValueKind.Object && arg.TryGetProperty("instId", out var n) ? n.GetString() : null;
                if (channel is null)
                {
                    connection.Send(Error(id, "60012", "Invalid request: " + text, connection.Id));
                    continue;
                }

                var instrument = Instruments.BySymbol(EmulatorVenue.Okx, instId);
                if (!Channels.Contains(channel) || instrument is null)
                {
                    connection.Send(Error(id, "60018", $"Wrong URL or channel:{channel},instId:{instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.", connection.Id));
                    continue;
                }

                Subscription? added = null;
                lock (connection.Sync)
                {
                    if (op == "subscribe")
                    {
                        added = new Subscription { Channel = channel, Instrument = instrument };
                        state.Subscriptions[(channel, instrument.Symbol)] = added;
                    }
                    else
                    {
                        state.Subscriptions.Remove((channel, instrument.Symbol));
                    }
                }

                connection.Send(Wire.Json(w =>
                {
                    w.WriteStartObject();
                    if (id is not null)
                    {
                        w.WriteString("id", id);
                    }

                    w.WriteString("event", op);
                    w.WriteStartObject("arg");
                    w.WriteString("channel", channel);
                    w.WriteString("instId", instrument.Symbol);
                    w.WriteEndObject();
                    w.WriteString("connId", connection.Id);
                    w.WriteEndObject();
                }));

                if (added is not null && core.Okx.Faults.Streams == StreamFault.Live)
                {
                    var now = core.Now(EmulatorVenue.Okx);
                    lock (connection.Sync)
                    {
                        added.LastPush = now;
                        connection.Send(Render(added, now));
                    }
                }
            }
        }
        catch (JsonException)
        {
            connection.Send(Error(null, "60012", "Invalid request: " + text, connection.Id));
        }

        return Task.CompletedTask;
    }

    private static byte[] Error(string? id, string code, string message, string connId) => Wire.Json(w =>
    {
        w.WriteStartObject();
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        w.WriteString("event", "error");
        w.WriteString("code", code);
        w.WriteString("msg", message);
        w.WriteString("connId", connId);
        w.WriteEndObject();
    });

    private void DropAll()
    {
        foreach (var connection in connections.Keys)
        {
            connection.Abort();
        }
    }

    private void OnTick()
    {
        if (connections.IsEmpty || core.Okx.Faults.Streams == StreamFault.Frozen)
        {
            return;
        }

        var now = core.Now(EmulatorVenue.Okx);
        var cache = new Dictionary<(string, string), byte[]>();
        foreach (var connection in connections.Keys)
        {
            var state = (ConnectionState)connection.State!;
            lock (connection.Sync)
            {
                foreach (var subscription in state.Subscriptions.Values)
                {
                    if (!Due(subscription, now))
                    {
                        continue;
                    }

                    var key = (subscription.Channel, subscription.Instrument.Symbol);
                    if (!cache.TryGetValue(key, out var payload))
                    {
                        payload = Render(subscription, now);
                        cache[key] = payload;
                    }

                    subscription.LastPush = now;
                    connection.Send(payload);
                }
            }
        }
    }

    private bool Due(Subscription subscription, DateTimeOffset now)
    {
        var elapsed = now - subscription.LastPush;
        switch (subscription.Channel)
        {
            case "bbo-tbt":
                return true;
            case "books5" or "tickers":
                return elapsed >= TimeSpan.FromMilliseconds(100);
            case "mark-price":
                decimal mark;
                lock (core.Sync)
                {
                    mark = core.Okx.Mark(subscription.Instrument);
                }

                if ((mark != subscription.LastValue && elapsed >= TimeSpan.FromMilliseconds(200)) || elapsed >= TimeSpan.FromSeconds(10))
                {
                    subscription.LastValue = mark;
                    return true;
                }

                return false;
            default:
                return elapsed >= TimeSpan.FromSeconds(30);
        }
    }

    private byte[] Render(Subscription subscription, DateTimeOffset now)
    {
        var i = subscription.Instrument;
        lock (core.Sync)
        {
            var exchange = core.Okx;
            return Wire.Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("arg");
                w.WriteString("channel", subscription.Channel);
                w.WriteString("instId", i.Symbol);
                w.WriteEndObject();
                w.WriteStartArray("data");
                switch (subscription.Channel)
                {
                    case "bbo-tbt":
                        OkxJson.Book(w, i, exchange.Book(i), 1, includeInstId: false);
                        break;
                    case "books5":
                        OkxJson.Book(w, i, exchange.Book(i), 5, includeInstId: true);
                        break;
                    case "mark-price":
                        OkxJson.MarkPrice(w, exchange, i, now);
                        break;
                    case "tickers":
                        OkxJson.Ticker(w, exchange, i, now);
                        break;
                    default:
                        OkxJson.FundingRate(w, exchange, i, now);
                        break;
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }
}
