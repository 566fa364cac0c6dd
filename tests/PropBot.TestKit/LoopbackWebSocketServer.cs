using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PropBot.TestKit;

/// <summary>
/// A tiny Kestrel WebSocket server on 127.0.0.1 with an ephemeral port for transport tests. Every accepted socket
/// runs <see cref="Session"/>; request paths and received text messages are recorded.
/// </summary>
public sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private LoopbackWebSocketServer(WebApplication app)
    {
        _app = app;
        Session = EchoAsync;
    }

    /// <summary>Script run for every accepted connection (default: echo until closed).</summary>
    public Func<WebSocket, HttpContext, int, Task> Session { get; set; }

    /// <summary>Base URL, e.g. <c>ws://127.0.0.1:5123</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Path and query of every connection, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Text messages received from clients.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a server.</summary>
    public static async Task<LoopbackWebSocketServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackWebSocketServer(app);
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var n = Interlocked.Increment(ref server._connections);
            server.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await server.Session(socket, context, n);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // The client went away.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Sends a text message.</summary>
    public static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken = default) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Receives one text message (null when closed).</summary>
    public async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(buffer, 0, length);
                Received.Enqueue(text);
                return text;
            }
        }
    }

    /// <summary>Reads until the client closes, recording messages.</summary>
    public async Task DrainAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        while (await ReceiveAsync(socket, cancellationToken) is not null)
        {
        }
    }

    /// <summary>Waits (polling, generous timeout) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Condition not met in time.");
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private async Task EchoAsync(WebSocket socket, HttpContext context, int connection)
    {
        while (await ReceiveAsync(socket, context.RequestAborted) is { } text)
        {
            await SendAsync(socket, text, context.RequestAborted);
        }
    }
}
