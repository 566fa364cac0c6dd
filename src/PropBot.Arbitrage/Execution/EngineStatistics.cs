using System.Security.Cryptography;
using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Creates short alphanumeric execution ids (<c>pb</c> + 12 hex digits), seedable for tests.</summary>
internal interface IExecutionIdGenerator
{
    string Next();
}

/// <summary>Random execution ids; a seed makes them deterministic.</summary>
internal sealed class ExecutionIdGenerator : IExecutionIdGenerator
{
    private readonly Lock _gate = new();
    private readonly Random? _random;

    public ExecutionIdGenerator(int? seed = null)
    {
        _random = seed is { } s ? new Random(s) : null;
    }

    public string Next()
    {
        Span<byte> bytes = stackalloc byte[6];
        if (_random is null)
        {
            RandomNumberGenerator.Fill(bytes);
        }
        else
        {
            lock (_gate)
            {
                _random.NextBytes(bytes);
            }
        }

        return "pb" + Convert.ToHexStringLower(bytes);
    }
}

/// <summary>
/// Per-venue execution health: how often an entry leg on the venue fails or fills short. Gives the leg-B failure
/// probability of the edge model (Beta prior: <c>(failures + prior·W) / (attempts + W)</c>) and picks the riskier leg.
/// </summary>
internal sealed class VenueHealthStats(decimal prior)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<VenueId, (long Attempts, long Failures)> _stats = [];

    public void Record(VenueId venue, bool failed)
    {
        lock (_gate)
        {
            var (a, f) = _stats.GetValueOrDefault(venue);
            _stats[venue] = (a + 1, f + (failed ? 1 : 0));
        }
    }

    public decimal FailureProbability(VenueId venue)
    {
        lock (_gate)
        {
            var (a, f) = _stats.GetValueOrDefault(venue);
            const int w = ArbitrageConstants.LegBFailurePriorWeight;
            return (f + (prior * w)) / (a + w);
        }
    }
}

/// <summary>Recent volatility of each instrument's mid price, bps per √second (EWMA of squared returns per second).</summary>
internal sealed class VolatilityTracker(TimeProvider time, decimal fallbackBpsPerSqrtSecond)
{
    private const double Lambda = 0.9;
    private const int MinSamples = 5;
    private readonly Lock _gate = new();
    private readonly Dictionary<InstrumentId, State> _states = [];

    public void Observe(InstrumentId instrument, decimal mid)
    {
        if (mid <= 0m)
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_states.TryGetValue(instrument, out var s))
            {
                _states[instrument] = new State { LastMid = (double)mid, LastTime = now };
                return;
            }

            var dt = (now - s.LastTime).TotalSeconds;
            if (dt <= 0)
            {
                return;
            }

            var r = Math.Log((double)mid / s.LastMid) * 10_000d;
            var perSecond = r * r / dt;
            s.Variance = s.Samples == 0 ? perSecond : (Lambda * s.Variance) + ((1 - Lambda) * perSecond);
            s.Samples++;
            s.LastMid = (double)mid;
            s.LastTime = now;
        }
    }

    public decimal BpsPerSqrtSecond(InstrumentId instrument)
    {
        lock (_gate)
        {
            return _states.TryGetValue(instrument, out var s) && s.Samples >= MinSamples
                ? (decimal)Math.Sqrt(s.Variance)
                : fallbackBpsPerSqrtSecond;
        }
    }

    private sealed class State
    {
        public double LastMid;
        public DateTimeOffset LastTime;
        public double Variance;
        public int Samples;
    }
}
