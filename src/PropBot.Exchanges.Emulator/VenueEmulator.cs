using Microsoft.AspNetCore.Builder;
using PropBot.Exchanges.Emulator.Binance;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;
using PropBot.Exchanges.Emulator.Okx;

namespace PropBot.Exchanges.Emulator;

/// <summary>
/// Loopback emulator of Binance USDⓈ-M futures and OKX v5 swaps: real REST and WebSocket wire protocols on two
/// Kestrel servers, one shared deterministic market and matching core, fault injection and a ledger for assertions.
/// Start it with <see cref="StartAsync"/>; dispose it to stop both servers.
/// </summary>
public sealed class VenueEmulator : IAsyncDisposable
{
    private readonly EmulatorCore core;
    private readonly WebApplication binanceApp;
    private readonly WebApplication okxApp;
    private readonly BinanceStreams binanceStreams;
    private readonly OkxStreams okxStreams;
    private int disposed;

    private VenueEmulator(EmulatorOptions options, EmulatorCore core, WebApplication binanceApp, WebApplication okxApp, BinanceStreams binanceStreams, OkxStreams okxStreams, EmulatorFaults faults, EmulatorMarket market)
    {
        Options = options;
        this.core = core;
        this.binanceApp = binanceApp;
        this.okxApp = okxApp;
        this.binanceStreams = binanceStreams;
        this.okxStreams = okxStreams;
        Faults = faults;
        Market = market;
    }

    /// <summary>The options the emulator was started with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Binance REST base URL, e.g. <c>http://127.0.0.1:41234</c> (the client appends <c>/fapi/v1/...</c>).</summary>
    public Uri BinanceRestUrl { get; private set; } = null!;

    /// <summary>Binance WebSocket base URL, e.g. <c>ws://127.0.0.1:41234</c> (the client appends <c>/public/stream?streams=...</c>, <c>/market/ws/...</c>).</summary>
    public Uri BinanceWebSocketUrl { get; private set; } = null!;

    /// <summary>OKX REST base URL (the client appends <c>/api/v5/...</c>).</summary>
    public Uri OkxRestUrl { get; private set; } = null!;

    /// <summary>OKX WebSocket base URL (the client appends <c>/ws/v5/public</c>).</summary>
    public Uri OkxWebSocketUrl { get; private set; } = null!;

    /// <summary>In-process fault injection for both venues.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Market-model control (pause, step, set prices / basis / funding).</summary>
    public EmulatorMarket Market { get; }

    /// <summary>Starts both venues (ephemeral loopback ports unless fixed URLs are configured) and returns when they accept connections.</summary>
    /// <param name="options">Options; null = defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<VenueEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var core = new EmulatorCore(options);
        var binanceApi = new BinanceApi(core);
        var okxApi = new OkxApi(core);
        var binanceStreams = new BinanceStreams(core);
        var okxStreams = new OkxStreams(core);
        var faults = new EmulatorFaults(core);
        var market = new EmulatorMarket(core);
        faults.Binance.ResetRequested += binanceApi.Limiter.Reset;
        faults.Okx.ResetRequested += okxApi.Limiter.Reset;

        var binanceApp = VenueHost.Build(options.BinanceUrl, options);
        binanceApp.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromMinutes(3) });
        binanceApp.Use(binanceApi.MiddlewareAsync);
        ControlApi.Map(binanceApp, core, EmulatorVenue.Binance, faults.Binance, market);
        binanceApi.Map(binanceApp);
        binanceStreams.Map(binanceApp);

        var okxApp = VenueHost.Build(options.OkxUrl, options);
        okxApp.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        okxApp.Use(okxApi.MiddlewareAsync);
        ControlApi.Map(okxApp, core, EmulatorVenue.Okx, faults.Okx, market);
        okxApi.Map(okxApp);
        okxStreams.Map(okxApp);

        var emulator = new VenueEmulator(options, core, binanceApp, okxApp, binanceStreams, okxStreams, faults, market);
        try
        {
            await binanceApp.StartAsync(cancellationToken).ConfigureAwait(false);
            await okxApp.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var binanceUrl = VenueHost.BoundUrl(binanceApp);
        var okxUrl = VenueHost.BoundUrl(okxApp);
        emulator.BinanceRestUrl = binanceUrl;
        emulator.BinanceWebSocketUrl = new Uri($"ws://{binanceUrl.Authority}");
        emulator.OkxRestUrl = okxUrl;
        emulator.OkxWebSocketUrl = new Uri($"ws://{okxUrl.Authority}");
        return emulator;
    }

    /// <summary>A consistent snapshot of one venue's ledger: balance, orders, fills, positions, funding.</summary>
    /// <param name="venue">Venue.</param>
    /// <returns>The snapshot.</returns>
    public EmulatorLedger GetLedger(EmulatorVenue venue)
    {
        lock (core.Sync)
        {
            return core.Exchange(venue).Snapshot();
        }
    }

    /// <summary>Runs one market tick immediately (matching of resting orders, dead-man timers, funding, WebSocket pushes).</summary>
    public void Tick() => core.Tick();

    /// <summary>Stops both servers and the market timer.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        core.Dispose();
        binanceStreams.Dispose();
        okxStreams.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(binanceApp, timeout.Token).ConfigureAwait(false);
        await StopAsync(okxApp, timeout.Token).ConfigureAwait(false);
    }

    private static async Task StopAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping timed out; disposal below still releases the sockets.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }
}
