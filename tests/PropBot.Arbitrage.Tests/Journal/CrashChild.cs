using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropBot.Arbitrage.Journal;
using PropBot.Exchanges;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;

namespace PropBot.Arbitrage.Tests.Journal;

/// <summary>
/// Entry point of this test assembly when it is started as a child process (<c>dotnet PropBot.Arbitrage.Tests.dll
/// emu-crash-run|emu-recover …</c>) by <see cref="RecoveryServiceEmulatorKillTests"/>. Without arguments it does nothing.
/// </summary>
internal static class CrashChild
{
    public const string KillPointMarker = "KILLPOINT-REACHED";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            return 0;
        }

        return args[0] switch
        {
            "emu-crash-run" => await EmulatorCrashRunAsync(args[1], args[2], args[3], args[4], args[5], args[6]),
            "emu-recover" => await EmulatorRecoverAsync(args[1], args[2], args[3], args[4], args[5], args[6]),
            _ => 2,
        };
    }

    /// <summary>Adapters of the emulator (in the parent process) at the given loopback URLs.</summary>
    private static IDerivClient[] EmulatorClients(string binanceRest, string binanceWs, string okxRest, string okxWs) =>
    [
        BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Environment = "custom",
            RestBaseUrl = binanceRest,
            WebSocketBaseUrl = binanceWs,
        }),
        OkxSwapClientFactory.Create(new OkxSwapOptions
        {
            ApiKey = EmulatorOptions.DefaultApiKey,
            ApiSecret = EmulatorOptions.DefaultApiSecret,
            Passphrase = EmulatorOptions.DefaultOkxPassphrase,
            Environment = "custom",
            RestBaseUrl = okxRest,
            WebSocketBaseUrl = okxWs,
        }),
    ];

    /// <summary>The real engine, live mode, through the real adapters against the emulator; SIGKILLed at the kill point.</summary>
    private static async Task<int> EmulatorCrashRunAsync(string databasePath, string binanceRest, string binanceWs, string okxRest, string okxWs, string killPoint)
    {
        var clients = EmulatorClients(binanceRest, binanceWs, okxRest, okxWs);
        var store = new SqliteJournalStore(databasePath);
        var journal = new KillPointJournal(new DurableExecutionJournal(store), killPoint);
        var options = new ArbitrageOptions
        {
            Pairs = [new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "okx_perp", Symbol = "BTC-USDT-SWAP" } }],
            LegBFailurePrior = 0m,
            // Real-clock runs must not depend on the time of day: the emulator settles funding at 00:00/08:00/16:00 UTC, and
            // the funding window has its own fake-clock test.
            Funding = new FundingOptions { AvoidWindowMinutes = 0 },
            // Generous freshness limits: these tests are about crashes, not about a loaded CI machine's latency.
            MaxBookAgeMs = 30_000,
            MaxLatencyMs = 20_000,
            MaxClockSkewMs = 20_000,
            LegTimeoutMs = 5_000,
            ExecutionTimeoutMs = 60_000,
            UnknownOutcomeResolveMs = 3_000,
            OrderPollIntervalMs = 50,
            MakerWaitMs = 500,
        };
        var engine = new ArbitrageEngine(
            clients,
            Microsoft.Extensions.Options.Options.Create(options),
            TimeProvider.System,
            journal,
            new ArbitrageMetrics(),
            PermissiveRiskPort.Instance,
            new ExecutionIdGenerator());
        var pair = new ArbPair(new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"), new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"));
        var report = await engine.ExecuteAsync(pair, 0.01m, dryRun: false);
        await Console.Out.WriteLineAsync($"NO-KILLPOINT {report.Outcome} {report.FinalState} {report.ReasonCode} {report.Detail}");
        return 3;
    }

    /// <summary>The restart: hosted recovery through the real adapters against the emulator.</summary>
    private static async Task<int> EmulatorRecoverAsync(string databasePath, string binanceRest, string binanceWs, string okxRest, string okxWs, string resultPath)
    {
        var clients = EmulatorClients(binanceRest, binanceWs, okxRest, okxWs);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        foreach (var client in clients)
        {
            builder.Services.AddSingleton(client);
        }

        builder.Services.AddPropBotJournal(o => o.DatabasePath = databasePath);
        var probe = new TradingProbe();
        builder.Services.AddHostedService(sp => new TradingProbeService(sp.GetRequiredService<IRecoveryStatus>(), probe));
        using var host = builder.Build();
        await host.StartAsync();
        var report = await host.Services.GetRequiredService<IRecoveryStatus>().Completion;
        await host.StopAsync();
        var result = new
        {
            executions = report.Executions.Select(e => new { id = e.ExecutionId, outcome = e.Outcome.ToString(), code = e.Code, last_state = e.LastState?.ToString(), hedged_out = e.HedgedOutQuantity, detail = e.Detail }),
            hold = report.HoldRequired,
            recovery_done_before_trading_started = probe.RecoveryDoneAtStart,
        };
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Appends durably, then at the kill point hands over to the parent (which SIGKILLs) and never returns.</summary>
    private sealed class KillPointJournal(IExecutionJournal inner, string killPoint) : IExecutionJournal
    {
        public async Task AppendAsync(ExecutionEvent executionEvent, CancellationToken cancellationToken)
        {
            await inner.AppendAsync(executionEvent, cancellationToken);
            var reached = killPoint switch
            {
                "before-leg-b" => executionEvent.Kind == ExecutionEventKind.OrderIntent && executionEvent.Leg == LegRole.B,
                "hedge-out-a" => executionEvent.Kind == ExecutionEventKind.OrderIntent && executionEvent.Leg == LegRole.HedgeOut,
                "leg-b-unknown" => executionEvent.Kind == ExecutionEventKind.OrderOutcomeUnknown && executionEvent.Leg == LegRole.B,
                _ => false,
            };
            if (!reached)
            {
                return;
            }

            await Console.Out.WriteLineAsync(KillPointMarker);
            await Console.Out.FlushAsync(CancellationToken.None);
            await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
        }
    }

    private sealed class TradingProbe
    {
        public bool RecoveryDoneAtStart { get; set; }
    }

    /// <summary>Stands for anything that trades, registered after the journal: it records whether recovery had finished when it started.</summary>
    private sealed class TradingProbeService(IRecoveryStatus recovery, TradingProbe probe) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            probe.RecoveryDoneAtStart = recovery.Completion.IsCompletedSuccessfully;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
