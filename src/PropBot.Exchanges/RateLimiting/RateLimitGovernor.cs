using System.Globalization;

namespace PropBot.Exchanges.RateLimiting;

/// <summary>How a rate-limit window counts.</summary>
internal enum RateLimitWindowKind
{
    /// <summary>Fixed windows aligned to multiples of the length since the epoch (Binance: counters reset on the minute).</summary>
    Fixed,

    /// <summary>A rolling window over the last length (OKX: "20 requests per 2 seconds").</summary>
    Sliding,
}

/// <summary>One client-side window: a name, a length and a limit in units (weight or count).</summary>
/// <param name="Name">Window name, e.g. <c>REQUEST_WEIGHT 1m</c>.</param>
/// <param name="Length">Window length.</param>
/// <param name="Limit">Units allowed per window.</param>
/// <param name="Kind">Fixed (aligned) or sliding.</param>
internal sealed record RateLimitWindow(string Name, TimeSpan Length, int Limit, RateLimitWindowKind Kind = RateLimitWindowKind.Fixed);

/// <summary>The cost of a request in one window.</summary>
/// <param name="Window">Window name.</param>
/// <param name="Units">Units consumed (weight or 1 for a count).</param>
internal readonly record struct RateLimitCost(string Window, int Units);

/// <summary>
/// Client-side rate-limit governor of one venue. Refuses (never queues) a request that would overrun a window, keeps a
/// reserved share of every window for risk-reducing requests (hedge-out, flatten, repair), reconciles with the venue's
/// own usage headers (the larger count wins) and blocks every request while a ban or Retry-After is in force.
/// Thread-safe.
/// </summary>
internal sealed class RateLimitGovernor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WindowState> _windows = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly VenueId _venue;
    private readonly double _reservedShare;
    private DateTimeOffset? _blockedUntil;
    private string? _blockReason;
    private int _blockedRejections;

    /// <summary>Creates a governor.</summary>
    /// <param name="venue">Venue named in refusals.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="reservedShare">Share of every window (0 to 0.9) usable only by risk-reducing requests.</param>
    /// <param name="windows">Initial windows.</param>
    public RateLimitGovernor(VenueId venue, TimeProvider timeProvider, double reservedShare = 0.2, IEnumerable<RateLimitWindow>? windows = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (double.IsNaN(reservedShare) || reservedShare < 0 || reservedShare > 0.9)
        {
            throw new ArgumentOutOfRangeException(nameof(reservedShare), reservedShare, "Reserved share must be between 0 and 0.9.");
        }

        _venue = venue;
        _time = timeProvider;
        _reservedShare = reservedShare;
        foreach (var w in windows ?? [])
        {
            Configure(w);
        }
    }

    /// <summary>End of the current block (ban or Retry-After), if one is in force.</summary>
    public DateTimeOffset? BlockedUntil
    {
        get
        {
            lock (_gate)
            {
                return ActiveBlock(_time.GetUtcNow());
            }
        }
    }

    /// <summary>Adds a window or updates its length and limit (e.g. seeded from the venue's exchange info). Usage is kept.</summary>
    public void Configure(RateLimitWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Limit, 1, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window.Length, TimeSpan.Zero, nameof(window));
        lock (_gate)
        {
            if (_windows.TryGetValue(window.Name, out var existing))
            {
                existing.Definition = window;
            }
            else
            {
                _windows[window.Name] = new WindowState(window);
            }
        }
    }

    /// <summary>Whether a window of that name exists.</summary>
    public bool HasWindow(string name)
    {
        lock (_gate)
        {
            return _windows.ContainsKey(name);
        }
    }

    /// <summary>Units kept back for risk-reducing requests in a window of <paramref name="limit"/> units.</summary>
    public int ReservedFor(int limit) => Math.Min(limit - 1, (int)Math.Ceiling(limit * _reservedShare));

    /// <summary>Tries to take <paramref name="units"/> from one window.</summary>
    /// <returns>Null when granted; otherwise the refusal (nothing was consumed).</returns>
    public VenueError? TryAcquire(string window, int units, bool riskReducing) =>
        TryAcquire([new RateLimitCost(window, units)], riskReducing);

    /// <summary>Tries to take <paramref name="units"/> from one window for an order of <paramref name="purpose"/>.</summary>
    public VenueError? TryAcquire(string window, int units, OrderPurpose purpose) =>
        TryAcquire([new RateLimitCost(window, units)], purpose.IsRiskReducing());

    /// <summary>Tries to take the costs from their windows for an order of <paramref name="purpose"/>.</summary>
    public VenueError? TryAcquire(ReadOnlySpan<RateLimitCost> costs, OrderPurpose purpose) => TryAcquire(costs, purpose.IsRiskReducing());

    /// <summary>
    /// Tries to take all <paramref name="costs"/> at once (all or nothing). Ordinary requests may use a window up to
    /// its limit minus the reserved share; risk-reducing requests up to the full limit. Unknown window names are ignored.
    /// A block (ban, Retry-After) refuses everything.
    /// </summary>
    /// <returns>Null when granted; otherwise a <see cref="VenueErrorKind.Throttled"/> refusal (nothing was consumed).</returns>
    public VenueError? TryAcquire(ReadOnlySpan<RateLimitCost> costs, bool riskReducing)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (ActiveBlock(now) is { } until)
            {
                _blockedRejections++;
                return Refuse($"Requests to {_venue} are blocked until {until:O} ({_blockReason}).", until - now);
            }

            foreach (var cost in costs)
            {
                if (!_windows.TryGetValue(cost.Window, out var w) || cost.Units <= 0)
                {
                    continue;
                }

                var used = w.Used(now);
                var limit = w.Definition.Limit;
                var allowed = riskReducing ? limit : limit - ReservedFor(limit);
                if (used + cost.Units > allowed)
                {
                    w.Rejected++;
                    var lane = riskReducing ? "full window" : "ordinary lane";
                    return Refuse(
                        string.Create(CultureInfo.InvariantCulture, $"Local rate limit {w.Definition.Name}: {used}+{cost.Units} would exceed {allowed} of {limit} ({lane})."),
                        w.TimeUntilRoom(now, used + cost.Units - allowed));
                }
            }

            foreach (var cost in costs)
            {
                if (cost.Units > 0 && _windows.TryGetValue(cost.Window, out var w))
                {
                    w.Add(now, cost.Units);
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Reconciles a window with the venue's reported usage (e.g. <c>X-MBX-USED-WEIGHT-1M</c>): the larger of the local
    /// and the venue count wins.
    /// </summary>
    public void ReconcileUsed(string window, int used)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.TryGetValue(window, out var w))
            {
                var local = w.Used(now);
                if (used > local)
                {
                    w.Add(now, used - local);
                }
            }
        }
    }

    /// <summary>Blocks every request until <paramref name="until"/> (HTTP 418 ban, Retry-After). A later end wins.</summary>
    public void BlockUntil(DateTimeOffset until, string reason)
    {
        lock (_gate)
        {
            if (_blockedUntil is null || until > _blockedUntil)
            {
                _blockedUntil = until;
                _blockReason = reason;
            }
        }
    }

    /// <summary>Current usage of every window for System Status.</summary>
    public IReadOnlyList<RateLimitUsage> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var block = ActiveBlock(now);
            var list = new List<RateLimitUsage>(_windows.Count);
            foreach (var w in _windows.Values)
            {
                list.Add(new RateLimitUsage
                {
                    Name = w.Definition.Name,
                    Used = w.Used(now),
                    Limit = w.Definition.Limit,
                    Reserved = ReservedFor(w.Definition.Limit),
                    Window = w.Definition.Length,
                    Rejected = w.Rejected,
                    BlockedUntil = block,
                });
            }

            return list;
        }
    }

    private DateTimeOffset? ActiveBlock(DateTimeOffset now)
    {
        if (_blockedUntil is { } until && until > now)
        {
            return until;
        }

        _blockedUntil = null;
        _blockReason = null;
        return null;
    }

    private VenueError Refuse(string message, TimeSpan retryAfter) => new()
    {
        Kind = VenueErrorKind.Throttled,
        Reason = VenueErrorReason.LocalRateLimit,
        Venue = _venue,
        Message = message,
        RetryAfter = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter,
    };

    private sealed class WindowState(RateLimitWindow definition)
    {
        private readonly Queue<(DateTimeOffset At, int Units)> _entries = new();
        private long _fixedWindowIndex = long.MinValue;
        private int _fixedUsed;
        private int _slidingUsed;

        public RateLimitWindow Definition { get; set; } = definition;

        public int Rejected { get; set; }

        public int Used(DateTimeOffset now)
        {
            if (Definition.Kind == RateLimitWindowKind.Fixed)
            {
                RollFixed(now);
                return _fixedUsed;
            }

            var cutoff = now - Definition.Length;
            while (_entries.TryPeek(out var e) && e.At <= cutoff)
            {
                _entries.Dequeue();
                _slidingUsed -= e.Units;
            }

            return _slidingUsed;
        }

        public void Add(DateTimeOffset now, int units)
        {
            if (Definition.Kind == RateLimitWindowKind.Fixed)
            {
                RollFixed(now);
                _fixedUsed += units;
            }
            else
            {
                _entries.Enqueue((now, units));
                _slidingUsed += units;
            }
        }

        /// <summary>How long until <paramref name="excess"/> units have left the window.</summary>
        public TimeSpan TimeUntilRoom(DateTimeOffset now, int excess)
        {
            if (Definition.Kind == RateLimitWindowKind.Fixed)
            {
                var len = Definition.Length.Ticks;
                var next = ((now.UtcTicks / len) + 1) * len;
                return TimeSpan.FromTicks(next - now.UtcTicks);
            }

            var freed = 0;
            foreach (var e in _entries)
            {
                freed += e.Units;
                if (freed >= excess)
                {
                    return e.At + Definition.Length - now;
                }
            }

            return Definition.Length;
        }

        private void RollFixed(DateTimeOffset now)
        {
            var index = now.UtcTicks / Definition.Length.Ticks;
            if (index != _fixedWindowIndex)
            {
                _fixedWindowIndex = index;
                _fixedUsed = 0;
                Rejected = 0;
            }
        }
    }
}
