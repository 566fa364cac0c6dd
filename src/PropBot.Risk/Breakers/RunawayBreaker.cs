using System.Globalization;
using Microsoft.Extensions.Options;

namespace PropBot.Risk;

/// <summary>
/// Default <see cref="IRunawayBreaker"/>: 60 one-second buckets per counter (a sliding minute with one-second
/// resolution), time from <see cref="TimeProvider"/>. A limit of N allows N events per minute; the (N+1)-th trips.
/// A manual reset of the trading state clears the tripped flag and starts a fresh window.
/// </summary>
public sealed class RunawayBreaker : IRunawayBreaker
{
    private const int Buckets = 60;
    private const int Places = 0;
    private const int Cancels = 1;
    private const int Rescues = 2;
    private const int Outcomes = 3;
    private const int Mismatches = 4;
    private const int Counters = 5;

    private readonly Lock gate = new();
    private readonly RunawayBreakerOptions options;
    private readonly ITradingStateController state;
    private readonly RiskEvents events;
    private readonly TimeProvider time;
    private readonly RiskMetrics? metrics;
    private readonly int[,] counts = new int[Counters, Buckets];
    private readonly long[] bucketSecond = new long[Buckets];
    private volatile bool tripped;
    private long incidentSequence;

    /// <summary>Creates a breaker.</summary>
    public RunawayBreaker(IOptions<RiskOptions> options, ITradingStateController state, RiskEvents events, TimeProvider? timeProvider = null)
        : this(options, state, events, timeProvider, null)
    {
    }

    internal RunawayBreaker(IOptions<RiskOptions> options, ITradingStateController state, RiskEvents events, TimeProvider? timeProvider, RiskMetrics? metrics)
    {
        this.options = options.Value.Guards.RunawayBreaker;
        this.state = state;
        this.events = events;
        time = timeProvider ?? TimeProvider.System;
        this.metrics = metrics;
        Array.Fill(bucketSecond, long.MinValue);
        state.Changed += OnStateChanged;
    }

    /// <inheritdoc />
    public bool IsTripped => tripped;

    /// <inheritdoc />
    public void RecordPlace() => Record(Places, false);

    /// <inheritdoc />
    public void RecordCancel() => Record(Cancels, false);

    /// <inheritdoc />
    public void RecordRescue() => Record(Rescues, false);

    /// <inheritdoc />
    public void RecordFillOutcome(bool mismatch) => Record(Outcomes, mismatch);

    /// <inheritdoc />
    public RunawayBreakerSnapshot GetSnapshot()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var second = now.ToUnixTimeSeconds();
            return new RunawayBreakerSnapshot(Sum(Places, second), Sum(Cancels, second), Sum(Rescues, second), Sum(Outcomes, second), Sum(Mismatches, second), tripped);
        }
    }

    private void Record(int counter, bool mismatch)
    {
        var now = time.GetUtcNow();
        string? trip = null;
        string? code = null;
        lock (gate)
        {
            var second = now.ToUnixTimeSeconds();
            var i = (int)(((second % Buckets) + Buckets) % Buckets);
            if (bucketSecond[i] != second)
            {
                bucketSecond[i] = second;
                for (var c = 0; c < Counters; c++)
                {
                    counts[c, i] = 0;
                }
            }

            counts[counter, i]++;
            if (mismatch)
            {
                counts[Mismatches, i]++;
            }

            if (!tripped)
            {
                (code, trip) = Evaluate(counter, second);
                tripped = trip is not null;
            }
        }

        if (trip is not null)
        {
            Trip(code!, trip, now);
        }
    }

    private (string? Code, string? Message) Evaluate(int counter, long second)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (counter)
        {
            case Places:
                var p = Sum(Places, second);
                return p > options.PlacePerMin ? ("place_per_min", string.Create(inv, $"orders placed in the last minute exceed guards:runaway_breaker:place_per_min {options.PlacePerMin}, was {p}")) : default;
            case Cancels:
                var c = Sum(Cancels, second);
                return c > options.CancelPerMin ? ("cancel_per_min", string.Create(inv, $"cancels in the last minute exceed guards:runaway_breaker:cancel_per_min {options.CancelPerMin}, was {c}")) : default;
            case Rescues:
                var r = Sum(Rescues, second);
                return r > options.RescuesPerMin ? ("rescues_per_min", string.Create(inv, $"rescues in the last minute exceed guards:runaway_breaker:rescues_per_min {options.RescuesPerMin}, was {r}")) : default;
            default:
                var n = Sum(Outcomes, second);
                var m = Sum(Mismatches, second);
                if (n >= options.MinFillSamples && n > 0)
                {
                    var ratio = (decimal)m / n;
                    if (ratio > options.MaxFillMismatchRatio)
                    {
                        return ("max_fill_mismatch_ratio", string.Create(inv, $"fill mismatch ratio in the last minute exceeds guards:runaway_breaker:max_fill_mismatch_ratio {options.MaxFillMismatchRatio}, was {decimal.Round(ratio, 4)} ({m}/{n})"));
                    }
                }

                return default;
        }
    }

    private int Sum(int counter, long second)
    {
        var sum = 0;
        for (var i = 0; i < Buckets; i++)
        {
            var s = bucketSecond[i];
            if (s > second - Buckets && s <= second)
            {
                sum += counts[counter, i];
            }
        }

        return sum;
    }

    private void Trip(string limit, string message, DateTimeOffset now)
    {
        metrics?.BreakerTripped(limit);
        state.Escalate(TradingState.Halted, RiskDenialCodes.BreakerTripped, "runaway breaker: " + message, RiskActors.RunawayBreaker);
        var seq = Interlocked.Increment(ref incidentSequence);
        events.Raise(new RiskIncident
        {
            Id = RiskIds.Incident(now, seq, "br"),
            Time = now,
            Kind = RiskIncidentKinds.BreakerTripped,
            Message = "Runaway breaker tripped: " + message,
            Actor = RiskActors.RunawayBreaker,
            Details = new Dictionary<string, string> { ["limit"] = limit },
        });
    }

    private void OnStateChanged(TradingStateChanged change)
    {
        if (change.Code == TradingStateChangeCodes.ManualReset)
        {
            // A manual reset starts a fresh window, so the events that tripped the breaker do not trip it again.
            lock (gate)
            {
                Array.Fill(bucketSecond, long.MinValue);
                tripped = false;
            }
        }
    }
}
