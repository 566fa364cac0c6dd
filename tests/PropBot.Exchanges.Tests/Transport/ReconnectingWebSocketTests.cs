using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Transport;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Transport;

public sealed class ReconnectingWebSocketTests : IAsyncLifetime
{
    private LoopbackWebSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackWebSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ReconnectingWebSocketOptions Options(ConcurrentQueue<string> received, Func<ReconnectingWebSocket, CancellationToken, Task>? onConnected = null) => new()
    {
        Name = "test",
        UrlFactory = () => new Uri(_server.BaseUri, "/public/stream?streams=btcusdt@bookTicker"),
        OnMessage = span =>
        {
            var text = Encoding.UTF8.GetString(span);
            received.Enqueue(text);
            return text.StartsWith('{') ? MessageOutcome.Handled(null) : MessageOutcome.Malformed;
        },
        OnConnected = onConnected,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        JitterSeed = 1,
    };

    [Fact]
    public async Task Start_ServerSendsMessages_HandlerGetsEachCompleteMessage()
    {
        var big = "{\"x\":\"" + new string('a', 100_000) + "\"}";
        _server.Session = async (socket, ctx, n) =>
        {
            await LoopbackWebSocketServer.SendAsync(socket, "{\"a\":1}");
            await LoopbackWebSocketServer.SendAsync(socket, big);
            await LoopbackWebSocketServer.SendAsync(socket, "{\"a\":2}");
            await _server.DrainAsync(socket, ctx.RequestAborted);
        };
        var received = new ConcurrentQueue<string>();
        await using var ws = new ReconnectingWebSocket(Options(received));

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 3);

        received.ToArray().ShouldBe(["{\"a\":1}", big, "{\"a\":2}"]);
        ws.Messages.ShouldBe(3);
        ws.Malformed.ShouldBe(0);
        ws.IsConnected.ShouldBeTrue();
        _server.Requests.Single().ShouldBe("/public/stream?streams=btcusdt@bookTicker");
    }

    [Fact]
    public async Task Start_MalformedMessages_CountedAndLoopSurvives()
    {
        _server.Session = async (socket, ctx, n) =>
        {
            await LoopbackWebSocketServer.SendAsync(socket, "garbage");
            await LoopbackWebSocketServer.SendAsync(socket, "throw");
            await LoopbackWebSocketServer.SendAsync(socket, "{\"ok\":true}");
            await _server.DrainAsync(socket, ctx.RequestAborted);
        };
        var received = new ConcurrentQueue<string>();
        var options = Options(received) with
        {
            OnMessage = span =>
            {
                var text = Encoding.UTF8.GetString(span);
                received.Enqueue(text);
                return text == "throw" ? throw new InvalidOperationException("bad frame") : text.StartsWith('{') ? MessageOutcome.Handled(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)) : MessageOutcome.Malformed;
            },
        };
        await using var ws = new ReconnectingWebSocket(options);

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 3);

        ws.Malformed.ShouldBe(2);
        ws.Messages.ShouldBe(3);
        ws.LastVenueEventTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        ws.GetHealth().Malformed.ShouldBe(2);
        _server.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task Start_ServerDropsConnection_ReconnectsAndResubscribes()
    {
        _server.Session = async (socket, ctx, n) =>
        {
            var subscribe = await _server.ReceiveAsync(socket, ctx.RequestAborted);
            await LoopbackWebSocketServer.SendAsync(socket, $"{{\"conn\":{n},\"sub\":\"{subscribe}\"}}");
            if (n == 1)
            {
                await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "going away", ctx.RequestAborted);
                return;
            }

            await _server.DrainAsync(socket, ctx.RequestAborted);
        };
        var received = new ConcurrentQueue<string>();
        var connectedCalls = 0;
        await using var ws = new ReconnectingWebSocket(Options(received, async (socket, ct) =>
        {
            Interlocked.Increment(ref connectedCalls);
            (await socket.SendTextAsync("subscribe", ct)).ShouldBeTrue();
        }));

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 2);

        received.ToArray().ShouldBe(["{\"conn\":1,\"sub\":\"subscribe\"}", "{\"conn\":2,\"sub\":\"subscribe\"}"]);
        connectedCalls.ShouldBe(2);
        ws.Reconnects.ShouldBe(1);
        _server.Connections.ShouldBe(2);
        _server.Received.Count(m => m == "subscribe").ShouldBe(2);
        var health = ws.GetHealth();
        health.Reconnects.ShouldBe(1);
        health.Messages.ShouldBe(2);
        health.Name.ShouldBe("test");
    }

    [Fact]
    public async Task Start_KeepAliveConfigured_SendsAppLevelPing()
    {
        _server.Session = async (socket, ctx, n) =>
        {
            while (await _server.ReceiveAsync(socket, ctx.RequestAborted) is { } text)
            {
                if (text == "ping")
                {
                    await LoopbackWebSocketServer.SendAsync(socket, "pong");
                }
            }
        };
        var received = new ConcurrentQueue<string>();
        var options = Options(received) with
        {
            KeepAlive = (socket, ct) => socket.SendTextAsync("ping", ct),
            KeepAliveInterval = TimeSpan.FromMilliseconds(50),
        };
        await using var ws = new ReconnectingWebSocket(options);

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Contains("pong"));

        _server.Received.ShouldContain("ping");
    }

    [Fact]
    public async Task Start_UnreachableHost_AttemptBudgetStopsReconnectStorm()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var attempts = 0;
        await using var closed = await LoopbackWebSocketServer.StartAsync();
        var deadUri = closed.BaseUri;
        await closed.DisposeAsync();
        var options = new ReconnectingWebSocketOptions
        {
            Name = "dead",
            UrlFactory = () =>
            {
                Interlocked.Increment(ref attempts);
                return deadUri;
            },
            OnMessage = _ => MessageOutcome.Ignored,
            InitialBackoff = TimeSpan.Zero,
            MaxConnectAttempts = 3,
            ConnectAttemptWindow = TimeSpan.FromMinutes(5),
        };
        await using var ws = new ReconnectingWebSocket(options, time);

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => Volatile.Read(ref attempts) >= 3);
        await Task.Delay(300);
        Volatile.Read(ref attempts).ShouldBe(3);

        time.Advance(TimeSpan.FromMinutes(5));
        await LoopbackWebSocketServer.WaitUntilAsync(() => Volatile.Read(ref attempts) >= 4);
        ws.IsConnected.ShouldBeFalse();
    }

    [Fact]
    public async Task Watchdog_MaxLifetimeReached_ReconnectsProactively()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        _server.Session = async (socket, ctx, n) =>
        {
            await LoopbackWebSocketServer.SendAsync(socket, $"{{\"conn\":{n}}}");
            await _server.DrainAsync(socket, ctx.RequestAborted);
        };
        var received = new ConcurrentQueue<string>();
        var options = Options(received) with { MaxConnectionLifetime = TimeSpan.FromHours(23.5), WatchdogInterval = TimeSpan.FromMinutes(1) };
        await using var ws = new ReconnectingWebSocket(options, time);

        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 1);
        time.Advance(TimeSpan.FromHours(23.5));
        await LoopbackWebSocketServer.WaitUntilAsync(() => received.Count >= 2);

        received.ToArray().ShouldBe(["{\"conn\":1}", "{\"conn\":2}"]);
        ws.Reconnects.ShouldBe(1);
    }

    [Fact]
    public async Task DisposeAsync_WhileConnected_StopsCleanly()
    {
        _server.Session = (socket, ctx, n) => _server.DrainAsync(socket, ctx.RequestAborted);
        var ws = new ReconnectingWebSocket(Options(new ConcurrentQueue<string>()));
        ws.Start();
        await LoopbackWebSocketServer.WaitUntilAsync(() => ws.IsConnected);

        await ws.DisposeAsync();

        ws.IsConnected.ShouldBeFalse();
        (await ws.SendTextAsync("x")).ShouldBeFalse();
    }

    [Fact]
    public void BackoffFor_GrowsExponentiallyWithinJitterAndCap()
    {
        var ws = new ReconnectingWebSocket(new ReconnectingWebSocketOptions
        {
            Name = "b",
            UrlFactory = () => new Uri("ws://127.0.0.1:1"),
            OnMessage = _ => MessageOutcome.Ignored,
            InitialBackoff = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(30),
            JitterFraction = 0.2,
            JitterSeed = 42,
        });

        ws.BackoffFor(0).ShouldBe(TimeSpan.Zero);
        ws.BackoffFor(1).TotalSeconds.ShouldBeInRange(0.8, 1.2);
        ws.BackoffFor(3).TotalSeconds.ShouldBeInRange(3.2, 4.8);
        ws.BackoffFor(20).TotalSeconds.ShouldBeInRange(24, 36);
    }
}
