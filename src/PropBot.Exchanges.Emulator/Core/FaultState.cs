namespace PropBot.Exchanges.Emulator.Core;

/// <summary>WebSocket stream state under fault injection.</summary>
internal enum StreamFault
{
    Live,
    Frozen,
}

/// <summary>Injected faults of one venue. Thread-safe through its own lock.</summary>
internal sealed class FaultState
{
    private readonly Lock sync = new();
    private int rejectCount;
    private string rejectCode = "";
    private string? rejectMessage;
    private int dropCount;
    private int partialCount;
    private decimal partialFraction;
    private int forcedCount;
    private int forcedStatus;

    public TimeSpan ResponseDelay { get; set; }

    public TimeSpan ClockShift { get; set; }

    public StreamFault Streams { get; set; }

    /// <summary>Raised when the stream connections of the venue must be aborted.</summary>
    public event Action? DropStreamsRequested;

    public void RejectNextOrders(int count, string code, string? message)
    {
        lock (sync)
        {
            rejectCount = count;
            rejectCode = code;
            rejectMessage = message;
        }
    }

    public bool TryTakeReject(out string code, out string? message)
    {
        lock (sync)
        {
            if (rejectCount > 0)
            {
                rejectCount--;
                code = rejectCode;
                message = rejectMessage;
                return true;
            }

            code = "";
            message = null;
            return false;
        }
    }

    public void DropNextOrderResponses(int count)
    {
        lock (sync)
        {
            dropCount = count;
        }
    }

    public bool TryTakeDrop()
    {
        lock (sync)
        {
            if (dropCount > 0)
            {
                dropCount--;
                return true;
            }

            return false;
        }
    }

    public void PartiallyFillNextOrders(int count, decimal fraction)
    {
        lock (sync)
        {
            partialCount = count;
            partialFraction = fraction;
        }
    }

    public decimal? TryTakePartialFill()
    {
        lock (sync)
        {
            if (partialCount > 0)
            {
                partialCount--;
                return partialFraction;
            }

            return null;
        }
    }

    public void ForceRateLimit(int status, int count)
    {
        lock (sync)
        {
            forcedStatus = status;
            forcedCount = count;
        }
    }

    public int TryTakeForcedRateLimit()
    {
        lock (sync)
        {
            if (forcedCount > 0)
            {
                forcedCount--;
                return forcedStatus;
            }

            return 0;
        }
    }

    public void DropStreams() => DropStreamsRequested?.Invoke();

    public void Reset()
    {
        lock (sync)
        {
            rejectCount = 0;
            dropCount = 0;
            partialCount = 0;
            forcedCount = 0;
        }

        ResponseDelay = TimeSpan.Zero;
        ClockShift = TimeSpan.Zero;
        Streams = StreamFault.Live;
    }
}
