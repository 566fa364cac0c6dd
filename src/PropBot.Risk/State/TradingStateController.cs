namespace PropBot.Risk;

/// <summary>Default <see cref="ITradingStateController"/>. Thread-safe; events are raised outside the lock.</summary>
public sealed class TradingStateController : ITradingStateController
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly RiskMetrics? metrics;
    private readonly Dictionary<string, TradingState> conditions = new(StringComparer.Ordinal);
    private TradingState latched;
    private volatile TradingStateChanged? lastChange;
    private volatile int state;

    /// <summary>Creates a controller in <see cref="TradingState.Active"/>.</summary>
    public TradingStateController(TimeProvider? timeProvider = null)
        : this(timeProvider, null)
    {
    }

    internal TradingStateController(TimeProvider? timeProvider, RiskMetrics? metrics)
    {
        time = timeProvider ?? TimeProvider.System;
        this.metrics = metrics;
        metrics?.ObserveState(this);
    }

    /// <inheritdoc />
    public TradingState State => (TradingState)state;

    /// <inheritdoc />
    public TradingStateChanged? LastChange => lastChange;

    /// <inheritdoc />
    public event Action<TradingStateChanged>? Changed;

    /// <inheritdoc />
    public IReadOnlyList<string> ActiveConditions
    {
        get
        {
            lock (gate)
            {
                return [.. conditions.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <inheritdoc />
    public bool Escalate(TradingState target, string reason, string actor) =>
        Escalate(target, TradingStateChangeCodes.ManualEscalation, reason, actor);

    /// <inheritdoc />
    public bool Escalate(TradingState target, string code, string reason, string actor)
    {
        TradingStateChanged? change;
        lock (gate)
        {
            if (target > latched)
            {
                latched = target;
            }

            change = Recompute(code, reason, actor);
        }

        return Publish(change);
    }

    /// <inheritdoc />
    public void SetCondition(string key, TradingState level, string code, string reason, string actor)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        TradingStateChanged? change;
        lock (gate)
        {
            conditions[key] = level;
            change = Recompute(code, reason, actor);
        }

        Publish(change);
    }

    /// <inheritdoc />
    public bool ClearCondition(string key, string reason, string actor)
    {
        TradingStateChanged? change;
        bool removed;
        lock (gate)
        {
            removed = conditions.Remove(key);
            change = removed ? Recompute(TradingStateChangeCodes.ConditionCleared, reason, actor) : null;
        }

        Publish(change);
        return removed;
    }

    /// <inheritdoc />
    public bool IsConditionActive(string key)
    {
        lock (gate)
        {
            return conditions.ContainsKey(key);
        }
    }

    /// <inheritdoc />
    public TradingStateResetResult Reset(string operatorId, string reason)
    {
        if (string.IsNullOrWhiteSpace(operatorId))
        {
            return new TradingStateResetResult
            {
                Succeeded = false, State = State, Code = TradingStateResetCodes.MissingOperator,
                Message = "A manual reset needs the operator's identity, was empty.",
            };
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new TradingStateResetResult
            {
                Succeeded = false, State = State, Code = TradingStateResetCodes.MissingReason,
                Message = "A manual reset needs a reason, was empty.",
            };
        }

        TradingStateChanged? change;
        string[] remaining;
        TradingState now;
        lock (gate)
        {
            latched = TradingState.Active;
            change = Recompute(TradingStateChangeCodes.ManualReset, reason, operatorId, force: true);
            remaining = [.. conditions.Keys.Order(StringComparer.Ordinal)];
            now = (TradingState)state;
        }

        Publish(change);
        return new TradingStateResetResult
        {
            Succeeded = true,
            State = now,
            Message = remaining.Length == 0
                ? $"Reset by {operatorId}: trading state is {now}."
                : $"Reset by {operatorId}: trading state is {now} while conditions remain: {string.Join(", ", remaining)}.",
            RemainingConditions = remaining,
        };
    }

    private TradingStateChanged? Recompute(string code, string reason, string actor, bool force = false)
    {
        var target = latched;
        foreach (var level in conditions.Values)
        {
            if (level > target)
            {
                target = level;
            }
        }

        var previous = (TradingState)state;
        if (target == previous && !force)
        {
            return null;
        }

        state = (int)target;
        var change = new TradingStateChanged(previous, target, code, reason, actor, time.GetUtcNow());
        lastChange = change;
        return change;
    }

    private bool Publish(TradingStateChanged? change)
    {
        if (change is null)
        {
            return false;
        }

        metrics?.StateChanged(change);
        Changed?.Invoke(change);
        return change.Previous != change.Current;
    }
}
