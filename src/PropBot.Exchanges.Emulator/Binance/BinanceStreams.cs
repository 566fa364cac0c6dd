using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>
/// Binance market streams on the routed paths <c>/public</c> and <c>/market</c> (raw <c>/ws/...</c> and combined
/// <c>/stream?streams=</c> forms, live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS) and the legacy unrouted <c>/ws</c>
/// and <c>/stream</c> paths, which like the real venue deliver only <c>/public</c>-class streams.
/// </summary>
internal sealed class BinanceStreams : IDisposable
{
    private readonly EmulatorCore core;
    private readonly ConcurrentDictionary<StreamConnection, byte> connections = new();
    private long connectionCounter;

    private readonly System.Threading.Channels.Channel<UserEvent> events = System.Threading.Channels.Channel.CreateUnbounded<UserEvent>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly Task dispatcher;

    public BinanceStreams(EmulatorCore core)
    {
        this.core = core;
        core.Ticked += OnTick;
        core.Binance.Faults.DropStreamsRequested += DropAll;
        lock (core.Sync)
        {
            core.Binance.EventSink = events.Writer;
        }

        dispatcher = Task.Run(DispatchUserEventsAsync);
    }

    private enum Route
    {
        Public,
        Market,
        Legacy,
        Private,
    }

    private enum StreamKind
    {
        BookTicker,
        Depth,
        MarkPrice,
    }

    public void Map(IEndpointRouteBuilder app)
    {
        foreach (var (prefix, route) in new[] { ("/public", Route.Public), ("/market", Route.Market), ("", Route.Legacy) })
        {
            app.Map(prefix + "/ws", (HttpContext c) => AcceptAsync(c, route, combined: false, null));
            app.Map(prefix + "/ws/{**streams}", (HttpContext c, string streams) => AcceptAsync(c, route, combined: false, streams));
            app.Map(prefix + "/stream", (HttpContext c) => AcceptAsync(c, route, combined: true, c.Request.Query["streams"].ToString()));
        }

        app.Map("/private/ws", (HttpContext c) => AcceptAsync(c, Route.Private, combined: false, c.Request.Query["listenKey"].ToString()));
        app.Map("/private/ws/{**streams}", (HttpContext c, string streams) => AcceptAsync(c, Route.Private, combined: false, streams));
        app.Map("/private/stream", (HttpContext c) => AcceptAsync(c, Route.Private, combined: true, c.Request.Query["listenKey"].ToString()));
    }

    public void Dispose()
    {
        core.Ticked -= OnTick;
        lock (core.Sync)
        {
            core.Binance.EventSink = null;
        }

        events.Writer.TryComplete();
        DropAll();
    }

    private sealed class Subscription
    {
        public required string Name { get; init; }

        public required StreamKind Kind { get; init; }

        public required Instrument Instrument { get; init; }

        public required TimeSpan Interval { get; init; }

        public int Levels { get; init; }

        public DateTimeOffset LastPush { get; set; } = DateTimeOffset.MinValue;

        public long LastSequence { get; set; }
    }

    private sealed class ConnectionState
    {
        public HashSet<string> ListenKeys { get; } = new(StringComparer.Ordinal);

        public HashSet<string>? Events { get; set; }

        public required Route Route { get; init; }

        public required bool Combined { get; set; }

        public Dictionary<string, Subscription> Streams { get; } = new(StringComparer.Ordinal);
    }

    private async Task AcceptAsync(HttpContext context, Route route, bool combined, string? streams)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var id = Interlocked.Increment(ref connectionCounter).ToString("x8", CultureInfo.InvariantCulture);
        var connection = new StreamConnection(socket, id);
        var state = new ConnectionState { Route = route, Combined = combined };
        connection.State = state;
        if (route == Route.Private && context.Request.Query["events"].ToString() is { Length: > 0 } eventList)
        {
            state.Events = new HashSet<string>(eventList.Split('/', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        }

        if (!string.IsNullOrEmpty(streams))
        {
            lock (connection.Sync)
            {
                foreach (var name in streams.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    Subscribe(state, name);
                }
            }
        }

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

    private static void Subscribe(ConnectionState state, string rawName)
    {
        var name = rawName.Trim();
        var parts = name.Split('@');
        if (parts.Length < 2)
        {
            if (state.Route == Route.Private && name.Length > 0)
            {
                state.ListenKeys.Add(name);
            }

            return;
        }

        var instrument = Instruments.BySymbol(EmulatorVenue.Binance, parts[0].ToUpperInvariant());
        if (instrument is null || !string.Equals(parts[0], parts[0].ToLowerInvariant(), StringComparison.Ordinal))
        {
            return;
        }

        Subscription? subscription = parts[1] switch
        {
            "bookTicker" when parts.Length == 2 => new Subscription { Name = name, Kind = StreamKind.BookTicker, Instrument = instrument, Interval = TimeSpan.Zero },
            "depth5" or "depth10" or "depth20" => new Subscription
            {
                Name = name,
                Kind = StreamKind.Depth,
                Instrument = instrument,
                Levels = int.Parse(parts[1].AsSpan(5), CultureInfo.InvariantCulture),
                Interval = parts.Length > 2 ? parts[2] switch { "100ms" => TimeSpan.FromMilliseconds(100), "500ms" => TimeSpan.FromMilliseconds(500), _ => TimeSpan.FromMilliseconds(250) } : TimeSpan.FromMilliseconds(250),
            },
            "markPrice" => new Subscription
            {
                Name = name,
                Kind = StreamKind.MarkPrice,
                Instrument = instrument,
                Interval = parts.Length > 2 && parts[2] == "1s" ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3),
            },
            _ => null,
        };
        if (subscription is not null)
        {
            state.Streams[name] = subscription;
        }
    }

    private static bool Delivers(Route route, StreamKind kind) => route switch
    {
        Route.Market => kind == StreamKind.MarkPrice,
        Route.Private => false,
        _ => kind is StreamKind.BookTicker or StreamKind.Depth,
    };

    private async Task DispatchUserEventsAsync()
    {
        await foreach (var userEvent in events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Dispatch(userEvent);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // A malformed event must not stop the dispatcher.
            }
        }
    }

    private void Dispatch(UserEvent userEvent)
    {
        string? key;
        lock (core.Sync)
        {
            key = core.Now(EmulatorVenue.Binance) < core.Binance.ListenKeyExpires ? core.Binance.ListenKey : null;
        }

        if (key is null || connections.IsEmpty)
        {
            return;
        }

        var type = userEvent is OrderEvent ? "ORDER_TRADE_UPDATE" : "ACCOUNT_UPDATE";
        byte[]? raw = null;
        byte[]? wrapped = null;
        foreach (var connection in connections.Keys)
        {
            var state = (ConnectionState)connection.State!;
            lock (connection.Sync)
            {
                if (state.Route != Route.Private || !state.ListenKeys.Contains(key) || (state.Events is { } filter && !filter.Contains(type)))
                {
                    continue;
                }

                var payload = state.Combined
                    ? wrapped ??= BinanceUserJson.Render(userEvent, key)
                    : raw ??= BinanceUserJson.Render(userEvent, null);
                connection.Send(payload);
            }
        }
    }

    private Task OnMessageAsync(StreamConnection connection, string text)
    {
        var state = (ConnectionState)connection.State!;
        JsonElement? id = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                connection.Send(ErrorReply(3, "Invalid JSON: expected value at line 1 column 1", null));
                return Task.CompletedTask;
            }

            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetUInt64(out _))
                {
                    connection.Send(ErrorReply(2, "Invalid request: request ID must be an unsigned integer", null));
                    return Task.CompletedTask;
                }

                id = idElement.Clone();
            }

            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            {
                connection.Send(ErrorReply(2, "Invalid request: missing field `method`", id));
                return Task.CompletedTask;
            }

            var names = new List<string>();
            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in parameters.EnumerateArray())
                {
                    names.Add(p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetRawText());
                }
            }

            switch (method.GetString())
            {
                case "SUBSCRIBE":
                    lock (connection.Sync)
                    {
                        names.ForEach(n => Subscribe(state, n));
                    }

                    connection.Send(Result(id, w => w.WriteNullValue()));
                    break;
                case "UNSUBSCRIBE":
                    lock (connection.Sync)
                    {
                        names.ForEach(n =>
                        {
                            state.Streams.Remove(n);
                            state.ListenKeys.Remove(n);
                        });
                    }

                    connection.Send(Result(id, w => w.WriteNullValue()));
                    break;
                case "LIST_SUBSCRIPTIONS":
                    string[] list;
                    lock (connection.Sync)
                    {
                        list = [.. state.Streams.Keys, .. state.ListenKeys];
                    }

                    connection.Send(Result(id, w =>
                    {
                        w.WriteStartArray();
                        foreach (var n in list)
                        {
                            w.WriteStringValue(n);
                        }

                        w.WriteEndArray();
                    }));
                    break;
                case "SET_PROPERTY" when names.Count == 2 && names[0] == "combined":
                    if (names[1] is not ("true" or "false"))
                    {
                        connection.Send(ErrorReply(1, "Invalid value type: expected Boolean", id));
                        break;
                    }

                    lock (connection.Sync)
                    {
                        state.Combined = names[1] == "true";
                    }

                    connection.Send(Result(id, w => w.WriteNullValue()));
                    break;
                case "GET_PROPERTY" when names.Count == 1 && names[0] == "combined":
                    connection.Send(Result(id, w => w.WriteBooleanValue(state.Combined)));
                    break;
                case "SET_PROPERTY" or "GET_PROPERTY":
                    connection.Send(ErrorReply(0, "Unknown property", id));
                    break;
                default:
                    connection.Send(ErrorReply(2, $"Invalid request: unknown variant {method.GetString()}, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28", id));
                    break;
            }
        }
        catch (JsonException)
        {
            connection.Send(ErrorReply(3, "Invalid JSON: expected value at line 1 column 1", id));
        }

        return Task.CompletedTask;
    }

    private static byte[] Result(JsonElement? id, Action<Utf8JsonWriter> result) => Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("result");
        result(w);
        w.WritePropertyName("id");
        WriteId(w, id);
        w.WriteEndObject();
    });

    private static byte[] ErrorReply(int code, string message, JsonElement? id) => Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteEndObject();
        w.WritePropertyName("id");
        WriteId(w, id);
        w.WriteEndObject();
    });

    private static void WriteId(Utf8JsonWriter w, JsonElement? id)
    {
        if (id is { } value)
        {
            value.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private void DropAll()
    {
        foreach (var connection in connections.Keys)
        {
            connection.Abort();
        }
    }

    private void OnTick()
    {
        if (connections.IsEmpty || core.Binance.Faults.Streams == StreamFault.Frozen)
        {
            return;
        }

        var now = core.Now(EmulatorVenue.Binance);
        var cache = new Dictionary<(string Name, bool Combined), byte[]>();
        foreach (var connection in connections.Keys)
        {
            var state = (ConnectionState)connection.State!;
            lock (connection.Sync)
            {
                foreach (var subscription in state.Streams.Values)
                {
                    if (!Delivers(state.Route, subscription.Kind) || now - subscription.LastPush < subscription.Interval)
                    {
                        continue;
                    }

                    var key = (subscription.Name, state.Combined);
                    if (!cache.TryGetValue(key, out var payload))
                    {
                        payload = Render(subscription, now, state.Combined);
                        cache[key] = payload;
                    }

                    subscription.LastPush = now;
                    connection.Send(payload);
                }
            }
        }
    }

    private byte[] Render(Subscription subscription, DateTimeOffset now, bool combined)
    {
        var i = subscription.Instrument;
        BookSnapshot book;
        decimal mark, index, rate;
        DateTimeOffset nextFunding;
        lock (core.Sync)
        {
            book = core.Binance.Book(i);
            mark = core.Binance.Mark(i);
            index = core.Binance.Index(i);
            rate = core.Binance.FundingRate(i);
            nextFunding = core.Binance.NextFundingTime;
        }

        return Wire.Json(w =>
        {
            if (combined)
            {
                w.WriteStartObject();
                w.WriteString("stream", subscription.Name);
                w.WritePropertyName("data");
            }

            w.WriteStartObject();
            switch (subscription.Kind)
            {
                case StreamKind.BookTicker:
                    w.WriteString("e", "bookTicker");
                    w.WriteNumber("u", book.Sequence);
                    w.WriteNumber("E", Wire.Ms(now));
                    w.WriteNumber("T", Wire.Ms(book.Time));
                    w.WriteString("s", i.Symbol);
                    w.WriteString("b", BinanceJson.Price(i, book.BestBid));
                    w.WriteString("B", BinanceJson.Quantity(i, book.Bids[0].Quantity));
                    w.WriteString("a", BinanceJson.Price(i, book.BestAsk));
                    w.WriteString("A", BinanceJson.Quantity(i, book.Asks[0].Quantity));
                    break;
                case StreamKind.Depth:
                    w.WriteString("e", "depthUpdate");
                    w.WriteNumber("E", Wire.Ms(now));
                    w.WriteNumber("T", Wire.Ms(book.Time));
                    w.WriteString("s", i.Symbol);
                    w.WriteNumber("U", book.Sequence);
                    w.WriteNumber("u", book.Sequence);
                    w.WriteNumber("pu", book.Sequence - 1);
                    BinanceJson.Levels(w, "b", book.Bids, subscription.Levels);
                    BinanceJson.Levels(w, "a", book.Asks, subscription.Levels);
                    break;
                default:
                    w.WriteString("e", "markPriceUpdate");
                    w.WriteNumber("E", Wire.Ms(now));
                    w.WriteString("s", i.Symbol);
                    w.WriteString("p", BinanceJson.Price8(mark));
                    w.WriteString("ap", BinanceJson.Price8(mark));
                    w.WriteString("P", BinanceJson.Price8(index));
                    w.WriteString("i", BinanceJson.Price8(index));
                    w.WriteString("r", BinanceJson.Rate(rate));
                    w.WriteNumber("T", Wire.Ms(nextFunding));
                    break;
            }

            w.WriteEndObject();
            if (combined)
            {
                w.WriteEndObject();
            }
        });
    }
}
