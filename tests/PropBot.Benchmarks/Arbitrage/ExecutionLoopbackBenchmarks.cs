using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;

namespace PropBot.Benchmarks.Arbitrage;

/// <summary>
/// Whole executions (preflight reads, leg A, leg B) against the loopback emulator through the real adapters. The
/// measured time is the cycle; the cleanup prints the leg gap (leg A fill known → leg B sent; target p99 ≤ 200 µs) and
/// the engine overhead (cycle minus time inside venue calls; target p95 ≤ 1 ms) over the measured (post-warm-up)
/// executions of the run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoopbackConfig))]
public class ExecutionLoopbackBenchmarks
{
    private readonly List<double> legGapsMicroseconds = [];
    private readonly List<double> overheadsMicroseconds = [];
    private VenueEmulator emulator = null!;
    private IBinanceUsdFuturesClient binance = null!;
    private IOkxSwapClient okx = null!;
    private IArbitrageEngine engine = null!;
    private ArbPair pair = null!;
    private string? lastReason;
    private int executions;

    /// <summary>Starts the emulator with a 50 bps dislocation and wires the engine to both adapters.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 7, RateLimits = RateLimitOptions.Unlimited });
        emulator.Market.Pause();
        emulator.Market.SetFairPrice("BTC", 65_000m);
        emulator.Market.SetBasis(EmulatorVenue.Binance, "BTC", 0m);
        emulator.Market.SetBasis(EmulatorVenue.Okx, "BTC", 0.005m);
        emulator.Tick();
        binance = BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Environment = "custom",
            RestBaseUrl = emulator.BinanceRestUrl.ToString(),
            WebSocketBaseUrl = emulator.BinanceWebSocketUrl.ToString(),
        });
        okx = OkxSwapClientFactory.Create(new OkxSwapOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Passphrase = EmulatorOptions.DefaultOkxPassphrase,
            Environment = "custom",
            RestBaseUrl = emulator.OkxRestUrl.ToString(),
            WebSocketBaseUrl = emulator.OkxWebSocketUrl.ToString(),
        });
        var options = new ArbitrageOptions
        {
            Pairs = [new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "okx_perp", Symbol = "BTC-USDT-SWAP" } }],
            MaxBookAgeMs = 5_000,
            MaxLatencyMs = 2_000,
            MaxClockSkewMs = 2_000,
            LegBFailurePrior = 0m,
            // Real-clock runs must not depend on the time of day: the emulator settles funding at 00:00/08:00/16:00 UTC, and
            // the funding window has its own fake-clock test.
            Funding = new FundingOptions { AvoidWindowMinutes = 0 },
        };
        engine = new ArbitrageEngine([binance, okx], Options.Create(options), TimeProvider.System, NullExecutionJournal.Instance, new ArbitrageMetrics(), PermissiveRiskPort.Instance, new ExecutionIdGenerator());
        pair = engine.Pairs[0];
    }

    /// <summary>Paces executions like a live engine (OKX allows 10 time requests per 2 s; Binance 2,400 weight per minute).</summary>
    [IterationSetup]
    public void Pace() => Thread.Sleep(400);

    /// <summary>One live execution of 0.002 BTC (preflight + two IOC legs).</summary>
    [Benchmark]
    public async Task<ExecutionOutcome> Execute()
    {
        var report = await engine.ExecuteAsync(pair, 0.002m, dryRun: false).ConfigureAwait(false);
        lastReason = report.ReasonCode + " " + report.Detail;
        if (++executions <= LoopbackConfig.JittingAndWarmupInvocations)
        {
            return report.Outcome; // steady state only: the JIT's first tiers and cold caches are not the engine
        }

        if (report.LegGap is { } gap)
        {
            legGapsMicroseconds.Add(gap.TotalMicroseconds);
        }

        overheadsMicroseconds.Add(Math.Max(0, (report.CycleTime - report.VenueTime).TotalMicroseconds));
        return report.Outcome;
    }

    /// <summary>Prints the leg-gap and overhead percentiles and stops the emulator.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var stats = engine.GetStats();
        Console.WriteLine($"// outcomes: {string.Join(", ", stats.ExecutionsByOutcome.Select(kv => $"{kv.Key}={kv.Value}"))}; halted: {stats.HaltReason}; last reason: {lastReason}");
        Console.WriteLine($"// leg gap µs: n={legGapsMicroseconds.Count} p50={Percentile(legGapsMicroseconds, 0.50):0.0} p99={Percentile(legGapsMicroseconds, 0.99):0.0}");
        Console.WriteLine($"// engine overhead µs: n={overheadsMicroseconds.Count} p50={Percentile(overheadsMicroseconds, 0.50):0.0} p95={Percentile(overheadsMicroseconds, 0.95):0.0}");
        await okx.DisposeAsync().ConfigureAwait(false);
        (binance as IDisposable)?.Dispose();
        await emulator.DisposeAsync().ConfigureAwait(false);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// In-process, one execution per iteration, no pilot: a whole execution spends request weight on both venues, so the
/// run must stay within the adapters' client-side budgets (Binance 2,400 weight per minute).
/// </summary>
public sealed class LoopbackConfig : ManualConfig
{
    /// <summary>Warm-up executions: enough for tiered JIT to reach optimised code for the per-execution paths.</summary>
    public const int WarmupCount = 60;

    /// <summary>Measured executions (the p99 is over these).</summary>
    public const int IterationCount = 100;

    /// <summary>Executions before the measured ones: BenchmarkDotNet's jitting invocation plus the warm-up.</summary>
    public const int JittingAndWarmupInvocations = WarmupCount + 1;

    /// <summary>Creates the config.</summary>
    public LoopbackConfig() => AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(WarmupCount)
        .WithIterationCount(IterationCount)
        .WithInvocationCount(1)
        .WithUnrollFactor(1));
}
