using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;

namespace PropBot.Arbitrage.Tests.Emulator;

/// <summary>
/// One loopback emulator (real HTTP and WebSocket on 127.0.0.1) with the real Binance and OKX adapters pointed at it.
/// The market model is paused and OKX is priced 50 bps above Binance, so long Binance / short OKX has a positive net
/// edge. The emulator, both adapters and the engine share one clock: <see cref="TimeProvider.System"/>, or a
/// <see cref="FakeTimeProvider"/> when the scenario is about time (then <see cref="PumpAsync{T}"/> moves it only while
/// no venue I/O is in flight, and <see cref="Park"/> holds a venue's requests so timeouts fire deterministically).
/// </summary>
public sealed class EmulatorVenues : IAsyncDisposable
{
    /// <summary>Fair BTC price of the scenario (the ledger delta is valued at it).</summary>
    public const decimal FairPrice = 65_000m;

    /// <summary>Default start of the fake clock: 02:00 UTC, six hours before the 08:00 funding settlement.</summary>
    public static readonly DateTimeOffset FakeStart = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Wall-clock safety limit for one scenario step (never a timing assertion).</summary>
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(90);

    private readonly VenueIoGate.Handler _binanceIo;
    private readonly VenueIoGate.Handler _okxIo;
    private readonly HttpClient _binanceHttp;
    private readonly HttpClient _okxHttp;

    private EmulatorVenues(VenueEmulator emulator, TimeProvider time, VenueIoGate gate, VenueIoGate.Handler binanceIo, VenueIoGate.Handler okxIo)
    {
        Emulator = emulator;
        Time = time;
        Gate = gate;
        _binanceIo = binanceIo;
        _okxIo = okxIo;
        _binanceHttp = new HttpClient(binanceIo) { Timeout = Timeout.InfiniteTimeSpan };
        _okxHttp = new HttpClient(okxIo) { Timeout = Timeout.InfiniteTimeSpan };
        Binance = BinanceUsdFuturesClientFactory.Create(
            new BinanceUsdFuturesOptions
            {
                ApiKey = EmulatorOptions.DefaultApiKey,
                ApiSecret = EmulatorOptions.DefaultApiSecret,
                Environment = "custom",
                RestBaseUrl = emulator.BinanceRestUrl.ToString(),
                WebSocketBaseUrl = emulator.BinanceWebSocketUrl.ToString(),
            },
            _binanceHttp,
            time);
        Okx = OkxSwapClientFactory.Create(
            new OkxSwapOptions
            {
                ApiKey = EmulatorOptions.DefaultApiKey,
                ApiSecret = EmulatorOptions.DefaultApiSecret,
                Passphrase = EmulatorOptions.DefaultOkxPassphrase,
                Environment = "custom",
                RestBaseUrl = emulator.OkxRestUrl.ToString(),
                WebSocketBaseUrl = emulator.OkxWebSocketUrl.ToString(),
            },
            _okxHttp,
            time);
        Pair = new ArbPair(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"), new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
    }

    public VenueEmulator Emulator { get; }

    public IBinanceUsdFuturesClient Binance { get; }

    public IOkxSwapClient Okx { get; }

    public ArbPair Pair { get; }

    /// <summary>The clock shared by the emulator, the adapters and the engine.</summary>
    public TimeProvider Time { get; }

    /// <summary>The fake clock, or null on real time.</summary>
    public FakeTimeProvider? FakeTime => Time as FakeTimeProvider;

    /// <summary>HTTP requests of both adapters in flight.</summary>
    public VenueIoGate Gate { get; }

    /// <summary>Starts on real time.</summary>
    public static Task<EmulatorVenues> StartAsync(int seed = 42) => StartAsync(null, seed);

    /// <summary>Starts on <paramref name="time"/> (a <see cref="FakeTimeProvider"/> for time scenarios; real time when null).</summary>
    public static async Task<EmulatorVenues> StartAsync(FakeTimeProvider? time, int seed = 42)
    {
        TimeProvider clock = time ?? TimeProvider.System;
        var emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = seed, RateLimits = RateLimitOptions.Unlimited, TimeProvider = clock });
        emulator.Market.Pause();
        emulator.Market.SetFairPrice("BTC", FairPrice);
        emulator.Market.SetBasis(EmulatorVenue.Binance, "BTC", 0m);
        emulator.Market.SetBasis(EmulatorVenue.Okx, "BTC", 0.005m);
        emulator.Tick();
        var gate = new VenueIoGate();
        return new EmulatorVenues(emulator, clock, gate, gate.For("binance_um"), gate.For("okx_perp"));
    }

    public ArbitrageOptions Options() => new()
    {
        Pairs = [new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "okx_perp", Symbol = "BTC-USDT-SWAP" } }],
        LegBFailurePrior = 0m,
        // Real-clock runs must not depend on the time of day: the emulator settles funding at 00:00/08:00/16:00 UTC, and
        // the funding window has its own fake-clock test.
        Funding = new FundingOptions { AvoidWindowMinutes = 0 },
        MaxBookAgeMs = 5_000,
        MaxLatencyMs = 2_000,
        MaxClockSkewMs = 2_000,
        LegTimeoutMs = 5_000,
        ExecutionTimeoutMs = 60_000,
        UnknownOutcomeResolveMs = 3_000,
        OrderPollIntervalMs = 50,
        MakerWaitMs = 500,
    };

    internal ArbitrageEngine CreateEngine(ArbitrageOptions options, IDerivClient? binanceOverride = null, IArbitrageRiskPort? risk = null, IExecutionJournal? journal = null, IDerivClient? okxOverride = null) => new(
        [binanceOverride ?? Binance, okxOverride ?? Okx],
        Microsoft.Extensions.Options.Options.Create(options),
        Time,
        journal ?? NullExecutionJournal.Instance,
        new ArbitrageMetrics(),
        risk ?? PermissiveRiskPort.Instance,
        new ExecutionIdGenerator());

    /// <summary>
    /// Holds every request to <paramref name="venue"/> from now on inside the emulator (a venue that stopped answering)
    /// and stops counting them as I/O in flight, so the fake clock can move on and the timeouts fire.
    /// </summary>
    public void Park(EmulatorVenue venue)
    {
        Emulator.Faults.For(venue).DelayResponses(TimeSpan.FromHours(1));
        Io(venue).Parked = true;
    }

    /// <summary>The venue answers again (requests already held stay held until their callers give up).</summary>
    public void Unpark(EmulatorVenue venue)
    {
        Emulator.Faults.For(venue).DelayResponses(TimeSpan.Zero);
        Io(venue).Parked = false;
    }

    /// <summary>
    /// Awaits <paramref name="task"/>. On a fake clock, advances it in small steps, but only while no venue HTTP
    /// request is in flight (so real I/O never sees fake time pass), until the task completes. Wall-clock safety limit
    /// only; no timing assertion.
    /// </summary>
    public async Task<T> PumpAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        if (FakeTime is { } fake)
        {
            var delta = step ?? TimeSpan.FromMilliseconds(10);
            using var safety = new CancellationTokenSource(Safety);
            var idleChecks = 0;
            while (!task.IsCompleted && !safety.IsCancellationRequested)
            {
                // Two idle looks in a row before moving the clock: a request about to be sent gets its chance first.
                idleChecks = Gate.InFlight == 0 ? idleChecks + 1 : 0;
                if (idleChecks >= 2)
                {
                    fake.Advance(delta);
                }

                await Task.Delay(1);
            }
        }

        return await task.WaitAsync(Safety);
    }

    /// <summary>Awaits <paramref name="task"/> without moving the clock (a fake clock stays frozen: ages stay exact).</summary>
    public async Task<T> FrozenAsync<T>(Task<T> task) => await task.WaitAsync(Safety);

    /// <summary>Advances the fake clock by <paramref name="by"/> at once (nothing in flight).</summary>
    public void Advance(TimeSpan by)
    {
        var fake = FakeTime ?? throw new InvalidOperationException("Real-time fixture.");
        Gate.InFlight.ShouldBe(0, "advancing the clock over real I/O");
        fake.Advance(by);
    }

    /// <summary>Signed cross-venue delta in base units from the emulator's own ledgers.</summary>
    public decimal LedgerDelta() =>
        Emulator.GetLedger(EmulatorVenue.Binance).Positions.Where(p => p.Symbol == "BTCUSDT").Sum(p => p.Quantity)
        + Emulator.GetLedger(EmulatorVenue.Okx).Positions.Where(p => p.Symbol == "BTC-USDT-SWAP").Sum(p => p.Quantity);

    public decimal LedgerPosition(EmulatorVenue venue) =>
        Emulator.GetLedger(venue).Positions.Sum(p => p.Quantity);

    public async ValueTask DisposeAsync()
    {
        Unpark(EmulatorVenue.Binance);
        Unpark(EmulatorVenue.Okx);
        await Okx.DisposeAsync();
        await Binance.DisposeAsync();
        await Emulator.DisposeAsync();
        _binanceHttp.Dispose();
        _okxHttp.Dispose();
    }

    private VenueIoGate.Handler Io(EmulatorVenue venue) => venue == EmulatorVenue.Binance ? _binanceIo : _okxIo;
}
