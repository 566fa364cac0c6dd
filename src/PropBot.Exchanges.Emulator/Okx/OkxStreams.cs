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

    private readonly System.Threading.Channels.Channel<UserEvent> events = System.Threading.Channels.Channel.CreateUnbounded<UserEvent>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    public OkxStreams(EmulatorCore core)
    {
        this.core = core;
        core.Ticked += OnTick;
        core.Okx.Faults.DropStreamsRequested += DropAll;
        lock (core.Sync)
        {
            core.Okx.EventSink = events.Writer;
        }

        _ = Task.Run(DispatchUserEventsAsync);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.Map("/ws/v5/public", (HttpContext c) => AcceptAsync(c, isPrivate: false));
        app.Map("/ws/v5/private", (HttpContext c) => AcceptAsync(c, isPrivate: true));
    }

    public void Dispose()
    {
        core.Ticked -= OnTick;
        lock (core.Sync)
        {
            core.Okx.EventSink = null;
        }

        events.Writer.TryComplete();
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
        public bool IsPrivate { get; init; }

        public bool LoggedIn { get; set; }

        public Dictionary<(string Channel, string InstId), Subscription> Subscriptions { get; } = [];

        /// <summary>Private subscriptions: channel → (instType, instId filter).</summary>
        public Dictionary<string, (string InstType, string? InstId)> Private { get; } = new(StringComparer.Ordinal);
    }

    private async Task AcceptAsync(HttpContext context, bool isPrivate)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var id = Interlocked.Increment(ref connectionCounter).ToString("x8", CultureInfo.InvariantCulture);
        var connection = new StreamConnection(socket, id) { State = new ConnectionState { IsPrivate = isPrivate } };
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
            if (state.IsPrivate)
            {
                HandlePrivate(connection, state, root, op, id, text);
                return Task.CompletedTask;
            }

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

    private void HandlePrivate(StreamConnection connection, ConnectionState state, JsonElement root, string? op, string? id, string text)
    {
        if (op == "login")
        {
            var arg = root.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0 ? a[0] : default;
            string? Field(string name) => arg.ValueKind == JsonValueKind.Object && arg.TryGetProperty(name, out var v) ? v.GetString() : null;
            var timestamp = Field("timestamp");
            var ok = Field("apiKey") == core.Options.ApiKey
                && Field("passphrase") == core.Options.OkxPassphrase
                && long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && Math.Abs(core.Now(EmulatorVenue.Okx).ToUnixTimeSeconds() - seconds) <= 30
                && Field("sign") is { } sign
                && Wire.FixedEquals(sign, Wire.HmacBase64(core.Options.ApiSecret, timestamp + "GET/users/self/verify"));
            lock (connection.Sync)
            {
                state.LoggedIn = ok;
            }

            connection.Send(ok
                ? Wire.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("event", "login");
                    w.WriteString("code", "0");
                    w.WriteString("msg", "");
                    w.WriteString("connId", connection.Id);
                    w.WriteEndObject();
                })
                : Error(id, "60009", "Login failed.", connection.Id));
            return;
        }

        if (op is not ("subscribe" or "unsubscribe") || !root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array)
        {
            connection.Send(Error(id, "60012", "Invalid request: " + text, connection.Id));
            return;
        }

        if (!state.LoggedIn)
        {
            connection.Send(Error(id, "60011", "Please log in", connection.Id));
            return;
        }

        foreach (var arg in args.EnumerateArray())
        {
            string? Field(string name) => arg.ValueKind == JsonValueKind.Object && arg.TryGetProperty(name, out var v) ? v.GetString() : null;
            var channel = Field("channel");
            var instType = Field("instType");
            var instId = Field("instId");
            if (channel is not ("orders" or "positions") || instType is not ("SWAP" or "ANY"))
            {
                connection.Send(Error(id, "60018", $"Wrong URL or channel:{channel},instType:{instType} doesn't exist. Please use the correct URL, channel and parameters referring to API document.", connection.Id));
                continue;
            }

            lock (connection.Sync)
            {
                if (op == "subscribe")
                {
                    state.Private[channel] = (instType, instId);
                }
                else
                {
                    state.Private.Remove(channel);
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
                w.WriteString("instType", instType);
                if (instId is not null)
                {
                    w.WriteString("instId", instId);
                }

                w.WriteEndObject();
                w.WriteString("connId", connection.Id);
                w.WriteEndObject();
            }));

            if (op == "subscribe" && channel == "positions")
            {
                connection.Send(RenderPositions(instType, instId, "snapshot", null));
            }
        }
    }

    private async Task DispatchUserEventsAsync()
    {
        await foreach (var userEvent in events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (connections.IsEmpty)
            {
                continue;
            }

            var channel = userEvent is OrderEvent ? "orders" : "positions";
            var symbol = userEvent switch
            {
                OrderEvent o => o.Order.Instrument.Symbol,
                AccountEvent { Positions.Count: > 0 } a => a.Positions[0].Instrument.Symbol,
                AccountEvent a => a.Symbol,
                _ => null,
            };
            foreach (var connection in connections.Keys)
            {
                var state = (ConnectionState)connection.State!;
                (string InstType, string? InstId) filter;
                lock (connection.Sync)
                {
                    if (!state.IsPrivate || !state.Private.TryGetValue(channel, out filter))
                    {
                        continue;
                    }
                }

                if (filter.InstId is not null && filter.InstId != symbol)
                {
                    continue;
                }

                connection.Send(userEvent is OrderEvent order
                    ? Wire.Json(w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartObject("arg");
                        w.WriteString("channel", "orders");
                        w.WriteString("instType", filter.InstType);
                        if (filter.InstId is not null)
                        {
                            w.WriteString("instId", filter.InstId);
                        }

                        w.WriteString("uid", OkxJson.Uid);
                        w.WriteEndObject();
                        w.WriteStartArray("data");
                        OkxJson.Order(w, order.Order, order);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    })
                    : RenderPositions(filter.InstType, filter.InstId, "event_update", symbol));
            }
        }
    }

    private byte[] RenderPositions(string instType, string? instId, string eventType, string? onlySymbol)
    {
        lock (core.Sync)
        {
            var exchange = core.Okx;
            return Wire.Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("arg");
                w.WriteString("channel", "positions");
                w.WriteString("instType", instType);
                if (instId is not null)
                {
                    w.WriteString("instId", instId);
                }

                w.WriteString("uid", OkxJson.Uid);
                w.WriteEndObject();
                w.WriteString("eventType", eventType);
                if (eventType == "snapshot")
                {
                    w.WriteNumber("curPage", 1);
                    w.WriteBoolean("lastPage", true);
                }

                w.WriteStartArray("data");
                foreach (var instrument in Instruments.Okx)
                {
                    if ((instId is not null && instId != instrument.Symbol) || (onlySymbol is not null && onlySymbol != instrument.Symbol))
                    {
                        continue;
                    }

                    foreach (var side in new[] { EmulatorPositionSide.Net, EmulatorPositionSide.Long, EmulatorPositionSide.Short })
                    {
                        if (exchange.Position(instrument, side) is { } position && (position.Quantity != 0 || eventType != "snapshot"))
                        {
                            OkxJson.Position(w, exchange, instrument, side, position);
                        }
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
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
