using PropBot.Exchanges.Emulator.Core;

namespace PropBot.Exchanges.Emulator;

/// <summary>In-process fault injection for both venues (the same controls as the <c>/_emulator/faults/...</c> HTTP API).</summary>
public sealed class EmulatorFaults
{
    internal EmulatorFaults(EmulatorCore core)
    {
        Binance = new VenueFaults(core, EmulatorVenue.Binance);
        Okx = new VenueFaults(core, EmulatorVenue.Okx);
    }

    /// <summary>Faults of the Binance venue.</summary>
    public VenueFaults Binance { get; }

    /// <summary>Faults of the OKX venue.</summary>
    public VenueFaults Okx { get; }

    /// <summary>The faults of one venue.</summary>
    /// <param name="venue">Venue.</param>
    /// <returns>Its fault controls.</returns>
    public VenueFaults For(EmulatorVenue venue) => venue == EmulatorVenue.Binance ? Binance : Okx;

    /// <summary>Clears every fault on both venues and resumes matching and streams.</summary>
    public void Reset()
    {
        Binance.Reset();
        Okx.Reset();
    }
}

/// <summary>Fault controls of one venue.</summary>
public sealed class VenueFaults
{
    private readonly EmulatorCore core;
    private readonly EmulatorVenue venue;

    internal VenueFaults(EmulatorCore core, EmulatorVenue venue)
    {
        this.core = core;
        this.venue = venue;
    }

    private FaultState State => core.Exchange(venue).Faults;

    /// <summary>Rejects the next <paramref name="count"/> order placements with a venue error code.</summary>
    /// <param name="count">Number of orders to reject.</param>
    /// <param name="code">Venue code: Binance e.g. <c>-2019</c> (HTTP 400 body), OKX e.g. <c>51008</c> (per-order <c>sCode</c>).</param>
    /// <param name="message">Message; null = the venue's usual text for the code.</param>
    public void RejectNextOrders(int count, string code, string? message = null) => State.RejectNextOrders(count, code, message);

    /// <summary>Delays every REST response of the venue (control endpoints excluded); <see cref="TimeSpan.Zero"/> stops it.</summary>
    /// <param name="delay">Delay, measured with the emulator's <see cref="TimeProvider"/>.</param>
    public void DelayResponses(TimeSpan delay) => State.ResponseDelay = delay;

    /// <summary>
    /// Accepts (and executes) the next order placements but aborts the HTTP connection instead of answering: the
    /// outcome-unknown case. The order is in the ledger and can be found by its client order id.
    /// </summary>
    /// <param name="count">Number of order responses to drop.</param>
    public void DropNextOrderResponses(int count = 1) => State.DropNextOrderResponses(count);

    /// <summary>Fills only a fraction of the next order(s) that would take liquidity; the remainder expires (IOC/market) or rests (GTC).</summary>
    /// <param name="fraction">Fraction of the order quantity to fill, between 0 and 1.</param>
    /// <param name="count">Number of orders affected.</param>
    public void PartiallyFillNextOrder(decimal fraction = 0.5m, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1m);
        State.PartiallyFillNextOrders(count, fraction);
    }

    /// <summary>Stops all WebSocket market-data pushes of the venue (connections stay open; data goes stale).</summary>
    public void FreezeStreams() => State.Streams = StreamFault.Frozen;

    /// <summary>Resumes WebSocket pushes after <see cref="FreezeStreams"/>.</summary>
    public void ResumeStreams() => State.Streams = StreamFault.Live;

    /// <summary>Aborts every open WebSocket connection of the venue (clients must reconnect).</summary>
    public void DropStreamConnections() => State.DropStreams();

    /// <summary>Shifts the venue's clock (server time, timestamp windows, order times) by an offset.</summary>
    /// <param name="offset">Offset added to the emulator time.</param>
    public void ShiftClock(TimeSpan offset)
    {
        lock (core.Sync)
        {
            State.ClockShift = offset;
            core.Exchange(venue).ResetFundingSchedule(core.Now(venue));
        }
    }

    /// <summary>Answers the next requests with a rate-limit error: Binance 429 (-1003) or 418 (ban), OKX 429 (50011).</summary>
    /// <param name="statusCode">429, or 418 for a Binance IP ban (OKX treats 418 as 429).</param>
    /// <param name="count">Number of requests affected (a Binance 418 ban lasts its configured duration regardless).</param>
    public void ForceRateLimit(int statusCode = 429, int count = 1)
    {
        if (statusCode is not (429 or 418))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Status code must be 429 or 418.");
        }

        State.ForceRateLimit(statusCode, count);
    }

    /// <summary>Stops matching: new orders are accepted and stay NEW/live until <see cref="ResumeMatching"/>; resting orders do not fill.</summary>
    public void PauseMatching()
    {
        lock (core.Sync)
        {
            core.Exchange(venue).PauseMatching();
        }
    }

    /// <summary>Resumes matching and executes the orders accepted while paused.</summary>
    public void ResumeMatching()
    {
        lock (core.Sync)
        {
            core.Exchange(venue).ResumeMatching(core.Now(venue));
        }
    }

    /// <summary>Clears every fault of this venue (including clock shift, delays and paused matching) and lifts rate-limit bans.</summary>
    public void Reset()
    {
        State.Reset();
        ResumeMatching();
        lock (core.Sync)
        {
            core.Exchange(venue).ResetFundingSchedule(core.Now(venue));
        }

        ResetRequested?.Invoke();
    }

    internal event Action? ResetRequested;
}
