using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Fakes;

/// <summary>Records every journal event.</summary>
public sealed class RecordingJournal : IExecutionJournal
{
    private readonly Lock _gate = new();
    private readonly List<ExecutionEvent> _events = [];

    public IReadOnlyList<ExecutionEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task AppendAsync(ExecutionEvent executionEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(executionEvent);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Two fake venues with a 40 bps dislocation (long Binance at 100000, short OKX at 100400) and an engine.</summary>
public sealed class EngineHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public EngineHarness()
        : this(new ArbitrageMetrics())
    {
    }

    internal EngineHarness(ArbitrageMetrics metrics)
    {
        Metrics = metrics;
        Binance = new FakeDerivClient(VenueId.BinanceUsdFutures, "BTCUSDT", Time, step: 0.001m, minQuantity: 0.001m)
        {
            Asks = [new(100_000m, 1m), new(100_010m, 5m)],
            Bids = [new(99_990m, 1m), new(99_980m, 5m)],
            NextFundingTime = Start.AddHours(4),
        };
        Okx = new FakeDerivClient(VenueId.OkxSwap, "BTC-USDT-SWAP", Time, step: 0.01m, minQuantity: 0.01m)
        {
            Bids = [new(100_400m, 1m), new(100_390m, 5m)],
            Asks = [new(100_410m, 1m), new(100_420m, 5m)],
            NextFundingTime = Start.AddHours(4),
        };
        Pair = new ArbPair(Binance.Filters.Instrument, Okx.Filters.Instrument);
        Options = new ArbitrageOptions
        {
            Pairs = [new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "okx_perp", Symbol = "BTC-USDT-SWAP" } }],
            LegBFailurePrior = 0m,
        };
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeDerivClient Binance { get; }

    public FakeDerivClient Okx { get; }

    public ArbPair Pair { get; }

    public ArbitrageOptions Options { get; }

    public RecordingJournal Journal { get; } = new();

    internal ArbitrageMetrics Metrics { get; }

    internal ArbitrageEngine CreateEngine(IArbitrageRiskPort? risk = null, Microsoft.Extensions.Logging.ILogger<ArbitrageEngine>? logger = null) => new(
        [Binance, Okx],
        Microsoft.Extensions.Options.Options.Create(Options),
        Time,
        Journal,
        Metrics,
        risk ?? PermissiveRiskPort.Instance,
        new ExecutionIdGenerator(42),
        logger);

    /// <summary>Advances fake time until the task completes (polls and deadlines run on the fake clock).</summary>
    public async Task<T> Pump<T>(Task<T> task)
    {
        for (var i = 0; i < 20_000 && !task.IsCompleted; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(1);
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
