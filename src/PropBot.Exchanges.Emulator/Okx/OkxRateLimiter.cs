namespace PropBot.Exchanges.Emulator.Okx;

/// <summary>Fixed-window counters per (endpoint, instrument) as in the OKX per-endpoint limit table.</summary>
internal sealed class OkxRateLimiter(RateLimitOptions options)
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, (long Window, int Count)> counters = new(StringComparer.Ordinal);

    /// <summary>Counts a request; false when it exceeds <paramref name="limit"/> per <paramref name="windowSeconds"/>.</summary>
    public bool TryAcquire(string key, int limit, int windowSeconds, DateTimeOffset now)
    {
        if (!options.Enabled)
        {
            return true;
        }

        var effective = Math.Max(1, (int)Math.Floor(limit * options.OkxLimitMultiplier));
        var window = now.ToUnixTimeMilliseconds() / (windowSeconds * 1000L);
        lock (sync)
        {
            counters.TryGetValue(key, out var entry);
            if (entry.Window != window)
            {
                entry = (window, 0);
            }

            entry.Count++;
            counters[key] = entry;
            return entry.Count <= effective;
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            counters.Clear();
        }
    }
}
