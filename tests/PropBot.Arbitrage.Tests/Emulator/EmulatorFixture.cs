using PropBot.Exchanges;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;

namespace PropBot.Arbitrage.Tests.Emulator;

/// <summary>
/// One loopback emulator (real HTTP and WebSocket on 127.0.0.1) with the real Binance and OKX adapters pointed at it.
/// The market model is paused and OKX is priced 50 bps above Binance, so long Binance / short OKX has a positive net
/// edge. Real time: the adapters, the emulator and the engine share <see cref="TimeProvider.System"/>.
/// </summary>
public sealed class EmulatorVenues : IAsyncDisposable
{
    private EmulatorVenues(VenueEmulator emulator, IBinanceUsdFuturesClient binance, IOkxSwapClient okx)
    {
        Emulator = emulator;
        Binance = binance;
        Okx = okx;
        Pair = new ArbPair(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"), new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
    }

    public VenueEmulator Emulator { get; }

    public IBinanceUsdFuturesClient Binance { get; }

    public IOkxSwapClient Okx { get; }

    public ArbPair Pair { get; }

    public static async Task<EmulatorVenues> StartAsync(int seed = 42)
    {
        var emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = seed, RateLimits = RateLimitOptions.Unlimited });
        emulator.Market.Pause();
        emulator.Market.SetFairPrice("BTC", 65_000m);
        emulator.Market.SetBasis(EmulatorVenue.Binance, "BTC", 0m);
        emulator.Market.SetBasis(EmulatorVenue.Okx, "BTC", 0.005m);
        emulator.Tick();
        var binance = BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Environment = "custom",
            RestBaseUrl = emulator.BinanceRestUrl.ToString(),
            WebSocketBaseUrl = emulator.BinanceWebSocketUrl.ToString(),
        });
        var okx = OkxSwapClientFactory.Create(new OkxSwapOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Passphrase = EmulatorOptions.DefaultOkxPassphrase,
            Environment = "custom",
            RestBaseUrl = emulator.OkxRestUrl.ToString(),
            WebSocketBaseUrl = emulator.OkxWebSocketUrl.ToString(),
        });
        return new EmulatorVenues(emulator, binance, okx);
    }

    public ArbitrageOptions Options() => new()
    {
        Pairs = [new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "okx_perp", Symbol = "BTC-USDT-SWAP" } }],
        LegBFailurePrior = 0m,
        MaxBookAgeMs = 5_000,
        MaxLatencyMs = 2_000,
        MaxClockSkewMs = 2_000,
        LegTimeoutMs = 5_000,
        ExecutionTimeoutMs = 60_000,
        UnknownOutcomeResolveMs = 3_000,
        OrderPollIntervalMs = 50,
        MakerWaitMs = 500,
    };

    internal ArbitrageEngine CreateEngine(ArbitrageOptions options, IDerivClient? binanceOverride = null, IArbitrageRiskPort? risk = null, IExecutionJournal? journal = null) => new(
        [binanceOverride ?? Binance, Okx],
        Microsoft.Extensions.Options.Options.Create(options),
        TimeProvider.System,
        journal ?? NullExecutionJournal.Instance,
        new ArbitrageMetrics(),
        risk ?? PermissiveRiskPort.Instance,
        new ExecutionIdGenerator());

    /// <summary>Signed cross-venue delta in base units from the emulator's own ledgers.</summary>
    public decimal LedgerDelta() =>
        Emulator.GetLedger(EmulatorVenue.Binance).Positions.Where(p => p.Symbol == "BTCUSDT").Sum(p => p.Quantity)
        + Emulator.GetLedger(EmulatorVenue.Okx).Positions.Where(p => p.Symbol == "BTC-USDT-SWAP").Sum(p => p.Quantity);

    public decimal LedgerPosition(EmulatorVenue venue) =>
        Emulator.GetLedger(venue).Positions.Sum(p => p.Quantity);

    public async ValueTask DisposeAsync()
    {
        await Okx.DisposeAsync();
        if (Binance is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
        else if (Binance is IDisposable s)
        {
            s.Dispose();
        }

        await Emulator.DisposeAsync();
    }
}
