using PropBot.Risk;

namespace PropBot.Host.Services;

/// <summary>Trading state: Active (all orders), Reducing (HOLD: no new opens), Halted (kill switch: nothing but flatten).</summary>
internal enum HostTradingState
{
    Active = TradingState.Active,
    Reducing = TradingState.Reducing,
    Halted = TradingState.Halted,
}

internal sealed record TradingStatus(HostTradingState State, string Reason, DateTimeOffset Since, string? ChangedBy, string? Code, IReadOnlyList<string> Conditions);

/// <summary>
/// The host's view of the risk package's <see cref="ITradingStateController"/>: HOLD escalates to Reducing, the kill
/// switch to Halted, and only an operator's reset (with identity and reason) returns to Active. Automatic conditions
/// raised by the risk monitors (margin stress, delta, runaway breaker) show up here too.
/// </summary>
internal sealed class TradingStateService
{
    public const string HoldCode = "OPERATOR_HOLD";
    private readonly ITradingStateController _controller;
    private readonly DateTimeOffset _start;

    public TradingStateService(ITradingStateController controller, TimeProvider timeProvider)
    {
        _controller = controller;
        _start = timeProvider.GetUtcNow();
        controller.Changed += _ => Changed?.Invoke(Current);
    }

    public event Action<TradingStatus>? Changed;

    public TradingStatus Current
    {
        get
        {
            var last = _controller.LastChange;
            return new TradingStatus((HostTradingState)_controller.State, last?.Reason ?? "start-up", last?.Time ?? _start, last?.Actor, last?.Code, _controller.ActiveConditions);
        }
    }

    /// <summary>HOLD: stop new opens. Refused (false) when halted, because only a reset leaves Halted.</summary>
    public bool TryHold(string reason, string actor, out TradingStatus status)
    {
        if (_controller.State == TradingState.Halted)
        {
            status = Current;
            return false;
        }

        _controller.Escalate(TradingState.Reducing, HoldCode, reason, actor);
        status = Current;
        return true;
    }

    /// <summary>Manual reset; false (with the risk package's message) when conditions keep the state raised.</summary>
    public bool TryReset(string reason, string actor, out TradingStatus status, out string message)
    {
        var result = _controller.Reset(actor, reason);
        status = Current;
        message = result.Message;
        return result.Succeeded && result.State == TradingState.Active;
    }
}
