namespace PropBot.Exchanges.Transport;

/// <summary>
/// Keeps the venue clock offset (venue minus local) from server-time readings; thread-safe. Venue timestamps for
/// signing are <c>local now + offset</c>.
/// </summary>
/// <remarks>
/// A reading taken with round trip <c>r</c> bounds the true offset to <c>[offset - r/2, offset + r/2]</c>; on a loaded
/// host the round trip (and with it the error of the midpoint estimate) can be hundreds of milliseconds. The clock
/// therefore keeps the tightest recent reading: a new reading replaces it only when its round trip is not larger,
/// when the kept reading is older than <see cref="SampleLifetime"/>, or when the two readings' bounds do not overlap
/// (the venue or local clock really stepped, so the older reading is stale).
/// </remarks>
internal sealed class VenueClock(TimeProvider timeProvider)
{
    /// <summary>How long the tightest reading is preferred over looser newer ones.</summary>
    internal static readonly TimeSpan SampleLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Resolution of venue timestamps (milliseconds), added to every reading's bound.</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    private readonly Lock _gate = new();
    private ClockState _state = new();
    private ServerTimeInfo? _best;
    private DateTimeOffset _bestAt;

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Current state.</summary>
    public ClockState State => Volatile.Read(ref _state);

    /// <summary>Current offset (venue minus local).</summary>
    public TimeSpan Offset => State.Offset;

    /// <summary>Venue time now (local now corrected by the offset).</summary>
    public DateTimeOffset VenueNow => TimeProvider.GetUtcNow() + Offset;

    /// <summary>Venue time now in epoch milliseconds.</summary>
    public long VenueNowMilliseconds => VenueNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Records a reading and returns the clock's estimate at the reading's local time (the reading itself, or the
    /// tighter recent reading it is consistent with).
    /// </summary>
    public ServerTimeInfo Update(ServerTimeInfo reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var now = TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_best is null || Replaces(reading, _best, now - _bestAt))
            {
                _best = reading;
                _bestAt = now;
            }

            var best = _best;
            Volatile.Write(ref _state, new ClockState { Offset = best.Offset, RoundTrip = best.RoundTrip, LastSync = now });
            return ReferenceEquals(best, reading)
                ? reading
                : new ServerTimeInfo { ServerTime = reading.LocalTime + best.Offset, LocalTime = reading.LocalTime, RoundTrip = best.RoundTrip };
        }
    }

    private static bool Replaces(ServerTimeInfo reading, ServerTimeInfo best, TimeSpan bestAge)
    {
        if (reading.RoundTrip <= best.RoundTrip || bestAge > SampleLifetime)
        {
            return true;
        }

        var gap = (reading.Offset - best.Offset).Duration();
        var bounds = (reading.RoundTrip / 2) + (best.RoundTrip / 2) + Resolution + Resolution;
        return gap > bounds;
    }
}
