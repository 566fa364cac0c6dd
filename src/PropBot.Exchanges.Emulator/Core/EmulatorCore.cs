namespace PropBot.Exchanges.Emulator.Core;

/// <summary>Shared state of both venues: market model, exchanges and the tick timer, guarded by one lock.</summary>
internal sealed class EmulatorCore : IDisposable
{
    private readonly ITimer? timer;
    private int ticking;

    public EmulatorCore(EmulatorOptions options, bool startTimer = true)
    {
        Options = options;
        Time = options.TimeProvider;
        var now = Time.GetUtcNow();
        Market = new MarketModel(options.Market, options.Seed, now);
        Binance = new VenueExchange(this, EmulatorVenue.Binance, options.InitialBalance, now);
        Okx = new VenueExchange(this, EmulatorVenue.Okx, options.InitialBalance, now);
        if (startTimer)
        {
            var interval = options.Market.TickInterval > TimeSpan.Zero ? options.Market.TickInterval : TimeSpan.FromMilliseconds(100);
            timer = Time.CreateTimer(static state => ((EmulatorCore)state!).OnTimer(), this, interval, interval);
        }
    }

    public Lock Sync { get; } = new();

    public EmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public MarketModel Market { get; }

    public VenueExchange Binance { get; }

    public VenueExchange Okx { get; }

    /// <summary>Raised after every market tick, outside the lock (WebSocket pushes).</summary>
    public event Action? Ticked;

    public VenueExchange Exchange(EmulatorVenue venue) => venue == EmulatorVenue.Binance ? Binance : Okx;

    /// <summary>The venue's clock: the injected time plus any injected clock shift.</summary>
    public DateTimeOffset Now(EmulatorVenue venue) => Time.GetUtcNow() + Exchange(venue).Faults.ClockShift;

    /// <summary>Runs one tick now (also used by tests and the market-control API).</summary>
    public void Tick()
    {
        lock (Sync)
        {
            Market.Advance(Time.GetUtcNow());
            Binance.OnTick(Now(EmulatorVenue.Binance));
            Okx.OnTick(Now(EmulatorVenue.Okx));
        }

        Ticked?.Invoke();
    }

    public void Dispose() => timer?.Dispose();

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref ticking, 1) == 1)
        {
            return;
        }

        try
        {
            Tick();
        }
        catch (Exception)
        {
            // A failing tick must not kill the timer; the next tick retries.
        }
        finally
        {
            Volatile.Write(ref ticking, 0);
        }
    }
}
