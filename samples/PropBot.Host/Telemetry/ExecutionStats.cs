using System.Diagnostics.Metrics;

namespace PropBot.Host.Telemetry;

/// <summary>
/// Execution metrics for System Status (success rate, realized edge, p95 cycle time, rescues) and the
/// <c>PropBot.Host</c> meter.
/// </summary>
internal sealed class ExecutionStats
{
    public const string MeterName = "PropBot.Host";
    private readonly object _gate = new();
    private readonly Queue<double> _cycleMs = new();
    private readonly Counter<long> _executions;
    private readonly Counter<long> _rescues;
    private readonly Histogram<double> _cycle;
    private long _attempts;
    private long _hedged;
    private long _rescueCount;
    private long _dryRuns;
    private decimal _realizedEdgeSum;

    public ExecutionStats(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _executions = meter.CreateCounter<long>("propbot.host.executions", "{execution}", "Executions by outcome.");
        _rescues = meter.CreateCounter<long>("propbot.host.rescues", "{rescue}", "Hedge-outs after a failed second leg.");
        _cycle = meter.CreateHistogram<double>("propbot.host.execution.duration", "s", "Execution cycle time.");
        meter.CreateObservableGauge("propbot.host.execution.success_rate", () => Snapshot().SuccessRate, "1", "Hedged / live attempts.");
    }

    public void RecordDryRun()
    {
        lock (_gate)
        {
            _dryRuns++;
        }

        _executions.Add(1, new KeyValuePair<string, object?>("outcome", "dry_run"));
    }

    public void RecordLive(string outcome, bool rescued, decimal? realizedEdgeBps, TimeSpan cycle)
    {
        lock (_gate)
        {
            _attempts++;
            if (outcome == "hedged")
            {
                _hedged++;
                _realizedEdgeSum += realizedEdgeBps ?? 0m;
            }

            if (rescued)
            {
                _rescueCount++;
            }

            _cycleMs.Enqueue(cycle.TotalMilliseconds);
            if (_cycleMs.Count > 1000)
            {
                _cycleMs.Dequeue();
            }
        }

        _executions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _cycle.Record(cycle.TotalSeconds);
        if (rescued)
        {
            _rescues.Add(1);
        }
    }

    public ExecutionMetrics Snapshot()
    {
        lock (_gate)
        {
            var sorted = _cycleMs.Order().ToArray();
            double? p95 = sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
            return new ExecutionMetrics(
                _attempts,
                _hedged,
                _attempts == 0 ? 0m : Math.Round((decimal)_hedged / _attempts, 4),
                _hedged == 0 ? null : Math.Round(_realizedEdgeSum / _hedged, 2),
                p95 is null ? null : Math.Round(p95.Value, 1),
                _rescueCount,
                _dryRuns);
        }
    }
}

/// <summary>Execution metrics shown in System Status.</summary>
internal sealed record ExecutionMetrics(
    long Executions,
    long Hedged,
    decimal SuccessRate,
    decimal? RealizedEdgeBpsAvg,
    double? P95CycleMs,
    long Rescues,
    long DryRuns);
