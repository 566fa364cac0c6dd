using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropBot.Arbitrage.Journal;
using PropBot.Arbitrage.Tests.Fakes;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Journal;

/// <summary>
/// Entry point of this test assembly when it is started as a child process (<c>dotnet PropBot.Arbitrage.Tests.dll
/// crash-run|recover …</c>) by <see cref="RecoveryServiceProcessKillTests"/>. Without arguments it does nothing.
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
            "crash-run" => await CrashRunAsync(args[1], args[2], args[3]),
            "recover" => await RecoverAsync(args[1], args[2], args[3]),
            _ => 2,
        };
    }

    /// <summary>
    /// Runs a live (non-dry-run) execution of the real engine on fake venues with the SQLite journal; at the kill point
    /// the venues' state (the stand-in for the standalone emulator's ledger) is written out, the marker printed, and the
    /// process waits to be killed.
    /// </summary>
    private static async Task<int> CrashRunAsync(string databasePath, string venueStatePath, string killPoint)
    {
        var h = new EngineHarness();
        var store = new SqliteJournalStore(databasePath, h.Time);
        var venues = new[] { h.Binance, h.Okx };
        var first = true;
        foreach (var venue in venues)
        {
            var other = venue == h.Binance ? h.Okx : h.Binance;
            venue.OnPlace = _ =>
            {
                if (!first)
                {
                    return;
                }

                // Leg A goes out first; script the other venue's next order (leg B).
                first = false;
                if (killPoint == "hedge-out-a")
                {
                    other.Script(new FakeOrderScript(FakeOrderBehavior.Reject));
                }
                else if (killPoint == "leg-b-unknown")
                {
                    other.Script(new FakeOrderScript(FakeOrderBehavior.UnknownButFilled));
                }
            };
        }

        var journal = new KillPointJournal(new DurableExecutionJournal(store), killPoint, () => DumpVenues(venueStatePath, venues));
        var engine = new ArbitrageEngine(
            venues,
            Microsoft.Extensions.Options.Options.Create(h.Options),
            h.Time,
            journal,
            new ArbitrageMetrics(),
            PermissiveRiskPort.Instance,
            new ExecutionIdGenerator(42));
        var report = await h.Pump(engine.ExecuteAsync(h.Pair, 0.01m, dryRun: false));
        await Console.Out.WriteLineAsync($"NO-KILLPOINT {report.Outcome} {report.FinalState}");
        return 3;
    }

    private static async Task<int> RecoverAsync(string databasePath, string venueStatePath, string resultPath)
    {
        var states = JsonSerializer.Deserialize<List<VenueState>>(await File.ReadAllTextAsync(venueStatePath), ExecutionEventSerializer.Options)!;
        var venues = states.Select(s =>
        {
            var venue = new FakeVenue(new VenueId(s.Venue)) { Price = s.MarkPrice };
            foreach (var order in s.Orders)
            {
                venue.Load(order);
            }

            foreach (var position in s.Positions)
            {
                venue.SetPosition(position.Symbol, position.Quantity, position.Side);
            }

            return venue;
        }).ToList();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        foreach (var venue in venues)
        {
            builder.Services.AddSingleton<IDerivClient>(venue);
        }

        builder.Services.AddPropBotJournal(o => o.DatabasePath = databasePath);
        var probe = new TradingProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddHostedService(sp => new TradingProbeService(sp.GetRequiredService<IRecoveryStatus>(), probe));
        using var host = builder.Build();
        await host.StartAsync();
        var report = await host.Services.GetRequiredService<IRecoveryStatus>().Completion;
        await host.StopAsync();

        var result = new
        {
            executions = report.Executions.Select(e => new { id = e.ExecutionId, outcome = e.Outcome.ToString(), code = e.Code, last_state = e.LastState?.ToString(), hedged_out = e.HedgedOutQuantity }),
            hold = report.HoldRequired,
            recovery_done_before_trading_started = probe.RecoveryDoneAtStart,
            placed = venues.SelectMany(v => v.Placed.Select(o => new { venue = v.Venue.Value, symbol = o.Symbol, side = o.Side.ToString(), quantity = o.Quantity, reduce_only = o.ReduceOnly, purpose = o.Purpose.ToString(), client_order_id = o.ClientOrderId.Value })),
            positions = venues.SelectMany(v => v.Positions.Select(p => new { venue = v.Venue.Value, symbol = p.Key.Symbol, side = p.Key.Side.ToString(), quantity = p.Value, mark = v.Price })),
        };
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result));
        return 0;
    }

    private static void DumpVenues(string path, IEnumerable<FakeDerivClient> venues)
    {
        var states = new List<VenueState>();
        foreach (var venue in venues)
        {
            var orders = venue.Placed
                .Select(o => venue.GetOrderAsync(new OrderLookup { Symbol = o.Symbol, ClientOrderId = o.ClientOrderId }).GetAwaiter().GetResult())
                .Where(r => r.Success)
                .Select(r => r.Data!)
                .ToList();
            var positions = venue.GetPositionsAsync().GetAwaiter().GetResult().Data ?? [];
            states.Add(new VenueState(
                venue.Venue.Value,
                orders,
                [.. positions.Select(p => new PositionState(p.Instrument.Symbol, p.PositionSide, p.Quantity))],
                positions.FirstOrDefault()?.MarkPrice ?? 100_000m));
        }

        File.WriteAllText(path, JsonSerializer.Serialize(states, ExecutionEventSerializer.Options));
    }

    internal sealed record VenueState(string Venue, List<OrderReport> Orders, List<PositionState> Positions, decimal MarkPrice);

    internal sealed record PositionState(string Symbol, PositionSide Side, decimal Quantity);

    /// <summary>Appends durably, then at the kill point hands over to the parent (which SIGKILLs) and never returns.</summary>
    private sealed class KillPointJournal(IExecutionJournal inner, string killPoint, Action dumpVenues) : IExecutionJournal
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

            dumpVenues();
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
