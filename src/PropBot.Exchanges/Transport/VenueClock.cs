namespace PropBot.Exchanges.Transport;

/// <summary>
/// Keeps the venue clock offset (venue minus local) from server-time readings; thread-safe. Venue timestamps for
/// signing are <c>local now + offset</c>.
/// </summary>
internal sealed class VenueClock(TimeProvider timeProvider)
{
    private ClockState _state = new();

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

    /// <summary>Records a reading.</summary>
    public void Update(ServerTimeInfo reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        Volatile.Write(ref _state, new ClockState { Offset = reading.Offset, RoundTrip = reading.RoundTrip, LastSync = TimeProvider.GetUtcNow() });
    }
}
