using System.Net.WebSockets;
using System.Text;
using PropBot.Exchanges.Telemetry;

namespace PropBot.Exchanges.Transport;

/// <summary>What a message handler made of one message.</summary>
internal enum MessageDisposition
{
    /// <summary>Parsed and used.</summary>
    Handled,

    /// <summary>Well-formed but not of interest (acks, pongs, other streams).</summary>
    Ignored,

    /// <summary>Could not be parsed; counted in <see cref="StreamHealth.Malformed"/>.</summary>
    Malformed,
}

/// <summary>Result of handling one message: its disposition and the venue event time it carried, if any.</summary>
/// <param name="Disposition">What the handler made of it.</param>
/// <param name="VenueEventTime">Venue event time carried by the message, if any.</param>
internal readonly record struct MessageOutcome(MessageDisposition Disposition, DateTimeOffset? VenueEventTime = null)
{
    public static MessageOutcome Ignored => new(MessageDisposition.Ignored);

    public static MessageOutcome Malformed => new(MessageDisposition.Malformed);

    public static MessageOutcome Handled(DateTimeOffset? venueEventTime) => new(MessageDisposition.Handled, venueEventTime);
}

/// <summary>Handles one complete message. The span is only valid during the call (it is the reused receive buffer).</summary>
internal delegate MessageOutcome WebSocketMessageHandler(ReadOnlySpan<byte> message);

/// <summary>Settings of a <see cref="ReconnectingWebSocket"/>.</summary>
internal sealed record ReconnectingWebSocketOptions
{
    /// <summary>Connection name for health and logs.</summary>
    public required string Name { get; init; }

    /// <summary>Builds the URL for each connection attempt (so a subscription set can change between connects).</summary>
    public required Func<Uri> UrlFactory { get; init; }

    /// <summary>Called on the receive loop for every complete message.</summary>
    public required WebSocketMessageHandler OnMessage { get; init; }

    /// <summary>Called after every successful connect (subscribe / resubscribe). Exceptions drop the connection.</summary>
    public Func<ReconnectingWebSocket, CancellationToken, Task>? OnConnected { get; init; }

    /// <summary>Application-level keepalive (e.g. OKX text <c>ping</c>), called every <see cref="KeepAliveInterval"/> while connected.</summary>
    public Func<ReconnectingWebSocket, CancellationToken, Task>? KeepAlive { get; init; }

    /// <summary>Interval of <see cref="KeepAlive"/>.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Protocol-level ping interval of <see cref="ClientWebSocket"/> (server pings are answered regardless).</summary>
    public TimeSpan ProtocolKeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Jitter as a fraction of the delay (0.2 = ±20 %).</summary>
    public double JitterFraction { get; init; } = 0.2;

    /// <summary>Seed of the jitter random source (tests); null = random.</summary>
    public int? JitterSeed { get; init; }

    /// <summary>Connection attempts allowed per <see cref="ConnectAttemptWindow"/> (no reconnect storms).</summary>
    public int MaxConnectAttempts { get; init; } = 10;

    /// <summary>Window of <see cref="MaxConnectAttempts"/>.</summary>
    public TimeSpan ConnectAttemptWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Timeout of one connect (handshake).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect proactively after this lifetime (Binance closes at 24 h); null = never.</summary>
    public TimeSpan? MaxConnectionLifetime { get; init; }

    /// <summary>Reconnect when nothing arrived for this long (silent stream); null = never.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>How often lifetime and idleness are checked.</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Initial receive buffer size; grows for larger messages up to <see cref="MaxMessageBytes"/>.</summary>
    public int InitialBufferBytes { get; init; } = 16 * 1024;

    /// <summary>Largest accepted message; larger ones are skipped and counted malformed.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Optional extra configuration of each <see cref="ClientWebSocket"/> (headers, proxy).</summary>
    public Action<ClientWebSocketOptions>? ConfigureSocket { get; init; }
}

/// <summary>
/// A self-healing WebSocket connection: receives complete messages into one reused buffer and hands them to a handler
/// (no allocation per message), reconnects with exponential backoff and jitter under a connection-attempt budget,
/// resubscribes through a callback, sends an optional application keepalive, reconnects proactively before a maximum
/// lifetime or after silence, and keeps health counters. The loop never throws; it stops on dispose.
/// </summary>
internal sealed class ReconnectingWebSocket : IAsyncDisposable
{
    private readonly ReconnectingWebSocketOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _attempts = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private byte[] _buffer;
    private Task? _loop;
    private ClientWebSocket? _socket;
    private CancellationTokenSource? _connectionCts;
    private long _messages;
    private long _malformed;
    private int _reconnects;
    private int _connects;
    private long _lastReceiveTicks;
    private long _lastVenueEventTicks;
    private int _disposed;

    /// <summary>Creates the connection (not started).</summary>
    public ReconnectingWebSocket(ReconnectingWebSocketOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _random = options.JitterSeed is { } seed ? new Random(seed) : new Random();
        _buffer = new byte[Math.Max(256, options.InitialBufferBytes)];
    }

    /// <summary>Connection name.</summary>
    public string Name => _options.Name;

    /// <summary>Whether the socket is open.</summary>
    public bool IsConnected => Volatile.Read(ref _socket)?.State == WebSocketState.Open;

    /// <summary>Messages received.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages the handler could not parse (or that threw).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Successful connects after the first one.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Successful connects in total.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Local time of the last message.</summary>
    public DateTimeOffset? LastReceiveTime => FromTicks(Interlocked.Read(ref _lastReceiveTicks));

    /// <summary>Venue event time of the last message that carried one.</summary>
    public DateTimeOffset? LastVenueEventTime => FromTicks(Interlocked.Read(ref _lastVenueEventTicks));

    /// <summary>Starts the receive loop (idempotent).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Sends a text message; false when not connected or the send failed (the loop reconnects).</summary>
    public Task<bool> SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        SendTextAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Sends a UTF-8 text message; false when not connected or the send failed.</summary>
    public async Task<bool> SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken = default)
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null || socket.State != WebSocketState.Open)
        {
            return false;
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the current connection; the loop reconnects at once (no backoff).</summary>
    public void ForceReconnect() => Volatile.Read(ref _connectionCts)?.Cancel();

    /// <summary>Health snapshot; <paramref name="clockOffset"/> (venue minus local) corrects the latency.</summary>
    public StreamHealth GetHealth(TimeSpan clockOffset = default)
    {
        var now = _time.GetUtcNow();
        var lastReceive = LastReceiveTime;
        var lastVenue = LastVenueEventTime;
        return new StreamHealth
        {
            Name = Name,
            IsConnected = IsConnected,
            LastReceiveTime = lastReceive,
            LastVenueEventTime = lastVenue,
            Age = lastReceive is { } r ? now - r : null,
            Latency = lastReceive is { } rr && lastVenue is { } v ? rr - (v - clockOffset) : null,
            Messages = Messages,
            Malformed = Malformed,
            Reconnects = Reconnects,
            AsOf = now,
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The loop never throws by design; nothing to report on shutdown.
            }
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>Backoff before reconnect attempt <paramref name="failures"/> (1-based), with jitter.</summary>
    internal TimeSpan BackoffFor(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var baseMs = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        baseMs = Math.Min(baseMs, _options.MaxBackoff.TotalMilliseconds);
        double r;
        lock (_gate)
        {
            r = _random.NextDouble();
        }

        var jitter = 1 + (_options.JitterFraction * ((r * 2) - 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, baseMs * jitter));
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        var immediate = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (failures > 0 && !immediate)
                {
                    await Task.Delay(BackoffFor(failures), _time, stop).ConfigureAwait(false);
                }

                immediate = false;
                await WaitForAttemptBudgetAsync(stop).ConfigureAwait(false);
                var outcome = await RunConnectionAsync(stop).ConfigureAwait(false);
                switch (outcome)
                {
                    case ConnectionEnd.ConnectFailed:
                        failures++;
                        break;
                    case ConnectionEnd.Planned:
                        failures = 0;
                        immediate = true;
                        break;
                    case ConnectionEnd.DroppedAfterData:
                        failures = 1;
                        break;
                    default:
                        failures++;
                        break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                failures++;
            }
        }
    }

    private async Task WaitForAttemptBudgetAsync(CancellationToken stop)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                while (_attempts.TryPeek(out var t) && now - t >= _options.ConnectAttemptWindow)
                {
                    _attempts.Dequeue();
                }

                if (_attempts.Count < Math.Max(1, _options.MaxConnectAttempts))
                {
                    _attempts.Enqueue(now);
                    return;
                }

                wait = _attempts.Peek() + _options.ConnectAttemptWindow - now;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, stop).ConfigureAwait(false);
        }
    }

    private async Task<ConnectionEnd> RunConnectionAsync(CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _options.ProtocolKeepAliveInterval;
        _options.ConfigureSocket?.Invoke(socket.Options);
        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            using var connectTimeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(stop, connectTimeout.Token);
            await socket.ConnectAsync(_options.UrlFactory(), connectCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            return ConnectionEnd.ConnectFailed;
        }

        var connectedAt = _time.GetUtcNow();
        if (Interlocked.Increment(ref _connects) > 1)
        {
            Interlocked.Increment(ref _reconnects);
            ExchangesMetrics.RecordReconnect(_options.Name);
        }

        Volatile.Write(ref _socket, socket);
        Volatile.Write(ref _connectionCts, connectionCts);
        var planned = 0;
        using var watchdog = _time.CreateTimer(
            _ =>
            {
                var now = _time.GetUtcNow();
                var lifetimeOver = _options.MaxConnectionLifetime is { } life && now - connectedAt >= life;
                var last = FromTicks(Interlocked.Read(ref _lastReceiveTicks));
                var since = last is { } l && l > connectedAt ? l : connectedAt;
                var idle = _options.IdleTimeout is { } idleTimeout && now - since >= idleTimeout;
                if (lifetimeOver || idle)
                {
                    Interlocked.Exchange(ref planned, lifetimeOver ? 1 : 2);
                    try
                    {
                        connectionCts.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            },
            null,
            _options.WatchdogInterval,
            _options.WatchdogInterval);
        // The token is read once here: a timer tick can race the end of this connection (and the disposal of its
        // source), and reading .Token from a disposed source would throw on the timer thread.
        var connectionToken = connectionCts.Token;
        using var keepAlive = _options.KeepAlive is null
            ? null
            : _time.CreateTimer(_ => _ = RunKeepAliveAsync(connectionToken), null, _options.KeepAliveInterval, _options.KeepAliveInterval);

        var receivedAny = false;
        try
        {
            if (_options.OnConnected is { } onConnected)
            {
                await onConnected(this, connectionCts.Token).ConfigureAwait(false);
            }

            receivedAny = await ReceiveLoopAsync(socket, connectionCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // Dropped connection, handshake callback failure or watchdog cancel: reconnect below.
        }
        finally
        {
            Volatile.Write(ref _socket, null);
            Volatile.Write(ref _connectionCts, null);
            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnect", closeTimeout.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    socket.Abort();
                }
            }
        }

        if (stop.IsCancellationRequested)
        {
            stop.ThrowIfCancellationRequested();
        }

        return Volatile.Read(ref planned) switch
        {
            1 => ConnectionEnd.Planned,
            _ when receivedAny => ConnectionEnd.DroppedAfterData,
            _ => ConnectionEnd.Dropped,
        };
    }

    private async Task RunKeepAliveAsync(CancellationToken token)
    {
        try
        {
            if (!token.IsCancellationRequested && _options.KeepAlive is { } keepAlive)
            {
                await keepAlive(this, token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // A failed keepalive shows up as a dropped connection on the receive loop.
        }
    }

    private async Task<bool> ReceiveLoopAsync(ClientWebSocket socket, CancellationToken token)
    {
        var receivedAny = false;
        while (!token.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var length = 0;
            var oversized = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= _options.MaxMessageBytes)
                    {
                        oversized = true;
                        length = 0;
                    }
                    else
                    {
                        var bigger = new byte[Math.Min(_buffer.Length * 2, _options.MaxMessageBytes)];
                        _buffer.AsSpan(0, length).CopyTo(bigger);
                        _buffer = bigger;
                    }
                }

                result = await socket.ReceiveAsync(_buffer.AsMemory(length), token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return receivedAny;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            receivedAny = true;
            var now = _time.GetUtcNow();
            Interlocked.Increment(ref _messages);
            Interlocked.Exchange(ref _lastReceiveTicks, now.UtcTicks);
            if (oversized)
            {
                Interlocked.Increment(ref _malformed);
                ExchangesMetrics.RecordMessage(_options.Name, MessageDisposition.Malformed);
                continue;
            }

            Dispatch(_buffer.AsSpan(0, length));
        }

        return receivedAny;
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        try
        {
            var outcome = _options.OnMessage(message);
            ExchangesMetrics.RecordMessage(_options.Name, outcome.Disposition);
            if (outcome.Disposition == MessageDisposition.Malformed)
            {
                Interlocked.Increment(ref _malformed);
            }
            else if (outcome.VenueEventTime is { } venueTime)
            {
                Interlocked.Exchange(ref _lastVenueEventTicks, venueTime.UtcTicks);
            }
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _malformed);
            ExchangesMetrics.RecordMessage(_options.Name, MessageDisposition.Malformed);
        }
    }

    private enum ConnectionEnd
    {
        ConnectFailed,
        Dropped,
        DroppedAfterData,
        Planned,
    }
}
