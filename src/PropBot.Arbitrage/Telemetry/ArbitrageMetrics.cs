using System.Diagnostics.Metrics;

namespace PropBot.Arbitrage;

/// <summary>
/// Instruments on Meter <c>PropBot.Arbitrage</c> plus an in-memory aggregate the host reads through
/// <see cref="IArbitrageEngine.GetStats"/>.
/// </summary>
internal sealed class ArbitrageMetrics : IDisposable
{
    public const string OutcomeTag = "outcome";
    public const string PairTag = "pair";
    public const string DryRunTag = "dry_run";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _predictedEdge;
    private readonly Histogram<double> _realizedEdge;
    private readonly Histogram<double> _cycle;
    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _legGap;
    private readonly Counter<long> _rescues;
    private readonly Histogram<double> _rescueCost;
    private readonly Counter<long> _unhandled;
    private readonly Lock _gate = new();
    private readonly Dictionary<ExecutionOutcome, long> _byOutcome = [];
    private readonly double[] _cycleWindow = new double[ArbitrageConstants.CycleTimeWindow];
    private int _cycleCount;
    private int _cycleNext;
    private long _attempted;
    private decimal _realizedSum;
    private decimal _predictedSum;
    private long _realizedCount;
    private long _rescueCount;
    private decimal _rescueCostSum;
    private long _incidents;
    private string? _lastId;
    private ExecutionOutcome? _lastOutcome;

    public ArbitrageMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(ArbitrageConstants.MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(ArbitrageConstants.MeterName);
        }

        _executions = _meter.CreateCounter<long>("propbot.arbitrage.executions", "{execution}", "Executions by outcome.");
        _predictedEdge = _meter.CreateHistogram<double>("propbot.arbitrage.edge.predicted", "bps", "Predicted net edge at the plan.");
        _realizedEdge = _meter.CreateHistogram<double>("propbot.arbitrage.edge.realized", "bps", "Realized edge of the hedged quantity after fees.");
        _cycle = _meter.CreateHistogram<double>("propbot.arbitrage.cycle.duration", "s", "Execution cycle time, start to terminal state.");
        _overhead = _meter.CreateHistogram<double>("propbot.arbitrage.engine.overhead", "s", "Cycle time minus time inside venue calls.");
        _legGap = _meter.CreateHistogram<double>("propbot.arbitrage.leg_gap.duration", "s", "Leg A fill known to leg B sent.");
        _rescues = _meter.CreateCounter<long>("propbot.arbitrage.rescues", "{rescue}", "Rescue hedge-outs.");
        _rescueCost = _meter.CreateHistogram<double>("propbot.arbitrage.rescue.cost", "USDT", "Cost of a rescue.");
        _unhandled = _meter.CreateCounter<long>("propbot.arbitrage.unhandled_triggers", "{trigger}", "Triggers the state machine did not accept.");
        _meter.CreateObservableGauge("propbot.arbitrage.success_rate", () => SuccessRate(), "1", "Succeeded / executions that sent orders.");
    }

    public void RecordUnhandledTrigger() => _unhandled.Add(1);

    public void RecordLegGap(TimeSpan gap) => _legGap.Record(gap.TotalSeconds);

    public void RecordExecution(ArbExecutionReport report)
    {
        var outcomeTag = new KeyValuePair<string, object?>(OutcomeTag, report.Outcome.Code());
        var dryTag = new KeyValuePair<string, object?>(DryRunTag, report.DryRun);
        _executions.Add(1, outcomeTag, dryTag);
        _cycle.Record(report.CycleTime.TotalSeconds, outcomeTag, dryTag);
        _overhead.Record(Math.Max(0d, (report.CycleTime - report.VenueTime).TotalSeconds), outcomeTag, dryTag);
        if (report.PredictedEdge is { } edge && report.Plan is not null)
        {
            _predictedEdge.Record((double)edge.NetBps, dryTag);
        }

        if (report.RealizedEdgeBps is { } realized)
        {
            _realizedEdge.Record((double)realized, dryTag);
        }

        var rescued = report.HedgeOuts.Count > 0;
        if (rescued)
        {
            _rescues.Add(1, dryTag);
            _rescueCost.Record((double)report.RescueCost, dryTag);
        }

        lock (_gate)
        {
            _byOutcome[report.Outcome] = _byOutcome.GetValueOrDefault(report.Outcome) + 1;
            if (report.LegA is not null)
            {
                _attempted++;
            }

            if (report.Outcome == ExecutionOutcome.Succeeded && report.RealizedEdgeBps is { } r)
            {
                _realizedSum += r;
                _predictedSum += report.PredictedEdge?.NetBps ?? 0m;
                _realizedCount++;
            }

            if (rescued)
            {
                _rescueCount++;
                _rescueCostSum += report.RescueCost;
            }

            if (report.Outcome == ExecutionOutcome.Incident)
            {
                _incidents++;
            }

            _cycleWindow[_cycleNext] = report.CycleTime.TotalSeconds;
            _cycleNext = (_cycleNext + 1) % _cycleWindow.Length;
            _cycleCount = Math.Min(_cycleCount + 1, _cycleWindow.Length);
            _lastId = report.ExecutionId;
            _lastOutcome = report.Outcome;
        }
    }

    public ArbitrageStats Snapshot(bool halted, string? haltReason, ArbState? current)
    {
        lock (_gate)
        {
            double[] window = _cycleWindow[.._cycleCount];
            Array.Sort(window);
            return new ArbitrageStats
            {
                ExecutionsByOutcome = new Dictionary<ExecutionOutcome, long>(_byOutcome),
                Executions = _byOutcome.Values.Sum(),
                SuccessRate = SuccessRateLocked(),
                AverageRealizedEdgeBps = _realizedCount == 0 ? null : _realizedSum / _realizedCount,
                AveragePredictedEdgeBps = _realizedCount == 0 ? null : _predictedSum / _realizedCount,
                P50CycleTime = Percentile(window, 0.50),
                P95CycleTime = Percentile(window, 0.95),
                RescueCount = _rescueCount,
                RescueCost = _rescueCostSum,
                IncidentCount = _incidents,
                Halted = halted,
                HaltReason = haltReason,
                LastExecutionId = _lastId,
                LastOutcome = _lastOutcome,
                CurrentState = current,
            };
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private double SuccessRate()
    {
        lock (_gate)
        {
            return SuccessRateLocked();
        }
    }

    private double SuccessRateLocked() =>
        _attempted == 0 ? 0d : (double)_byOutcome.GetValueOrDefault(ExecutionOutcome.Succeeded) / _attempted;

    private static TimeSpan? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return TimeSpan.FromSeconds(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }
}
