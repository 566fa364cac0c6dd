using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>
/// The engine: previews and runs executions, one at a time (position verification after a rescue compares against
/// the positions read in preflight, so executions must not overlap). Venue clients come in as
/// <see cref="IDerivClient"/>s keyed by <see cref="IDerivClient.Venue"/>.
/// </summary>
internal sealed class ArbitrageEngine : IArbitrageEngine
{
    private readonly IReadOnlyDictionary<VenueId, IDerivClient> _clients;
    private readonly ArbitrageOptions _options;
    private readonly TimeProvider _time;
    private readonly IExecutionIdGenerator _ids;
    private readonly EngineServices _services;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly Lock _gate = new();
    private string? _haltReason;
    private ArbExecution? _current;

    public ArbitrageEngine(
        IEnumerable<IDerivClient> clients,
        IOptions<ArbitrageOptions> options,
        TimeProvider time,
        IExecutionJournal journal,
        ArbitrageMetrics metrics,
        IArbitrageRiskPort risk,
        IExecutionIdGenerator ids,
        ILogger<ArbitrageEngine>? logger = null)
    {
        _clients = clients.GroupBy(c => c.Venue).ToDictionary(g => g.Key, g => g.First());
        _options = options.Value;
        _time = time;
        _ids = ids;
        Pairs = [.. _options.Pairs.Select(p => new ArbPair(
            new InstrumentId(new VenueId(p.Long.Venue), p.Long.Symbol),
            new InstrumentId(new VenueId(p.Short.Venue), p.Short.Symbol)))];
        _services = new EngineServices(
            _options,
            time,
            journal,
            risk,
            metrics,
            new VenueHealthStats(_options.LegBFailurePrior),
            new VolatilityTracker(time, _options.DefaultVolatilityBpsPerSqrtSecond),
            (ILogger?)logger ?? NullLogger.Instance,
            Halt,
            new ReadCache(time, ArbitrageConstants.ReadCacheTtl));
        WarnIfPostureNotConfigured();
    }

    public IReadOnlyList<ArbPair> Pairs { get; }

    public bool IsHalted
    {
        get
        {
            lock (_gate)
            {
                return _haltReason is not null;
            }
        }
    }

    public void ResetHalt()
    {
        lock (_gate)
        {
            _haltReason = null;
        }
    }

    public ArbitrageStats GetStats()
    {
        lock (_gate)
        {
            return _services.Metrics.Snapshot(_haltReason is not null, _haltReason, _current?.State);
        }
    }

    public async Task<ArbPreview> PreviewAsync(ArbPair pair, decimal? quantity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var now = _time.GetUtcNow();
        if (!_clients.TryGetValue(pair.Long.Venue, out var longClient) || !_clients.TryGetValue(pair.Short.Venue, out var shortClient))
        {
            return new ArbPreview
            {
                Pair = pair,
                Edge = default,
                Checks = [new PreflightCheck(PreflightCodes.Connectivity, false, PreflightCodes.VenueNotRegistered, $"No IDerivClient for {pair}.")],
                Time = now,
            };
        }

        var longLeg = new LegMarket { Direction = LegDirection.Long, Instrument = pair.Long, Client = longClient };
        var shortLeg = new LegMarket { Direction = LegDirection.Short, Instrument = pair.Short, Client = shortClient };
        await Task.WhenAll(MarketReader.ReadAsync(longLeg, _options, _services.Cache, cancellationToken), MarketReader.ReadAsync(shortLeg, _options, _services.Cache, cancellationToken)).ConfigureAwait(false);
        var report = PreflightPlanner.Evaluate(new PreflightPlanner.Context(
            "preview", pair, longLeg, shortLeg, quantity, PairMax(pair), DryRun: true, _options, _time.GetUtcNow(), _services.Risk, _services.Health, _services.Volatility));
        return new ArbPreview { Pair = pair, Edge = report.Edge, Checks = report.Checks, Plan = report.Plan, Time = now };
    }

    public async Task<ArbExecutionReport> ExecuteAsync(ArbPair pair, decimal? quantity = null, bool dryRun = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        string? halted;
        lock (_gate)
        {
            halted = _haltReason;
        }

        var id = _ids.Next();
        if (halted is not null && !dryRun)
        {
            var now = _time.GetUtcNow();
            var refused = new ArbExecutionReport
            {
                ExecutionId = id,
                Pair = pair,
                DryRun = dryRun,
                Outcome = ExecutionOutcome.Aborted,
                FinalState = ArbState.Aborted,
                ReasonCode = PreflightCodes.EngineHalted,
                Detail = halted,
                StartedAt = now,
                CompletedAt = now,
            };
            _services.Metrics.RecordExecution(refused);
            return refused;
        }

        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var execution = new ArbExecution(_services, _clients, id, pair, quantity, PairMax(pair), dryRun);
            lock (_gate)
            {
                _current = execution;
            }

            return await execution.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _current = null;
            }

            _serial.Release();
        }
    }

    private void Halt(string code, string detail)
    {
        _services.Cache.Clear();
        lock (_gate)
        {
            _haltReason ??= $"{code}: {detail}";
        }

        _services.Logger.LogCritical("Arbitrage engine halted: {Code}: {Detail}", code, detail);
    }

    /// <summary>
    /// One warning at start when a traded venue has no expected posture (<c>derivatives:venues</c>): preflight can then
    /// only check that the position mode is readable, and its <c>POSTURE</c> check reports
    /// <c>POSTURE_NOT_CONFIGURED</c>.
    /// </summary>
    private void WarnIfPostureNotConfigured()
    {
        var missing = Pairs
            .SelectMany(p => new[] { p.Long.Venue.Value, p.Short.Venue.Value })
            .Distinct(StringComparer.Ordinal)
            .Where(venue => !_options.Venues.Any(v => string.Equals(v.Id, venue, StringComparison.Ordinal)))
            .ToList();
        if (missing.Count > 0)
        {
            _services.Logger.LogWarning(
                "Account posture not configured ({Code}): {Detail}",
                PreflightCodes.PostureNotConfigured,
                PreflightPlanner.PostureNotConfiguredDetail(missing));
        }
    }

    private decimal PairMax(ArbPair pair)
    {
        foreach (var p in _options.Pairs)
        {
            if (p.Long.Venue == pair.Long.Venue.Value && p.Long.Symbol == pair.Long.Symbol && p.Short.Venue == pair.Short.Venue.Value && p.Short.Symbol == pair.Short.Symbol)
            {
                return p.MaxQuantity;
            }
        }

        return 0m;
    }
}
