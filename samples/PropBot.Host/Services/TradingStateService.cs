namespace PropBot.Host.Services;

/// <summary>Trading state: Active (all orders), Reducing (HOLD: no new opens), Halted (kill switch: nothing but flatten).</summary>
internal enum HostTradingState
{
    Active,
    Reducing,
    Halted,
}

internal sealed record TradingStatus(HostTradingState State, string Reason, DateTimeOffset Since, string? ChangedBy);

/// <summary>
/// The host's trading-state controller (HOLD / reset / kill). Thread-safe; every change is returned to the caller for
/// journaling. The risk package's controller plugs in behind the same operations.
/// </summary>
internal sealed class TradingStateService(TimeProvider timeProvider)
{
    private readonly object _gate = new();
    private TradingStatus _status = new(HostTradingState.Active, "start-up", timeProvider.GetUtcNow(), null);

    public TradingStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public event Action<TradingStatus>? Changed;

    /// <summary>HOLD: stop new opens. Refused (false) when halted, because only a reset leaves Halted.</summary>
    public bool TryHold(string reason, string actor, out TradingStatus status) =>
        TryChange(HostTradingState.Reducing, reason, actor, s => s != HostTradingState.Halted, out status);

    public bool TryKill(string reason, string actor, out TradingStatus status) =>
        TryChange(HostTradingState.Halted, reason, actor, _ => true, out status);

    public bool TryReset(string reason, string actor, out TradingStatus status) =>
        TryChange(HostTradingState.Active, reason, actor, _ => true, out status);

    private bool TryChange(HostTradingState target, string reason, string actor, Func<HostTradingState, bool> allowed, out TradingStatus status)
    {
        lock (_gate)
        {
            if (!allowed(_status.State))
            {
                status = _status;
                return false;
            }

            _status = new TradingStatus(target, reason, timeProvider.GetUtcNow(), actor);
            status = _status;
        }

        Changed?.Invoke(status);
        return true;
    }
}
