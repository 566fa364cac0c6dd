using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace PropBot.Exchanges.Emulator.Hosting;

/// <summary>One server-side WebSocket: a bounded outbox drained by a single writer, and a text receive loop.</summary>
internal sealed class StreamConnection
{
    private readonly WebSocket socket;
    private readonly Channel<byte[]> outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(2048)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly CancellationTokenSource aborted = new();

    public StreamConnection(WebSocket socket, string id)
    {
        this.socket = socket;
        Id = id;
    }

    public string Id { get; }

    /// <summary>Per-connection state owned by the venue's stream hub (guarded by <see cref="Sync"/>).</summary>
    public object? State { get; set; }

    public Lock Sync { get; } = new();

    public bool Send(byte[] message) => outbox.Writer.TryWrite(message);

    public bool Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public void Abort()
    {
        try
        {
            aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }

        socket.Abort();
    }

    public async Task RunAsync(Func<StreamConnection, string, Task> onText, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted.Token);
        var writer = WriteLoopAsync(linked.Token);
        var buffer = new byte[8192];
        try
        {
            while (socket.State == WebSocketState.Open && !linked.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await onText(this, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Connection closed or aborted.
        }
        finally
        {
            outbox.Writer.TryComplete();
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // Writer stopped with the connection.
            }

            aborted.Dispose();
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
