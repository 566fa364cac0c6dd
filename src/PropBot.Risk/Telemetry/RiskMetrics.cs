using System.Diagnostics.Metrics;

namespace PropBot.Risk;

/// <summary>Names of the risk package's meter and instruments.</summary>
public static class RiskTelemetry
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "PropBot.Risk";

    /// <summary>Counter of denials, tagged <c>reason</c> (the denial code).</summary>
    public const string Denials = "propbot.risk.denials";

    /// <summary>Observable gauge of the trading state (0 Active, 1 Reducing, 2 Halted).</summary>
    public const string TradingState = "propbot.risk.trading_state";

    /// <summary>Counter of trading-state changes, tagged <c>to</c> and <c>code</c>.</summary>
    public const string TradingStateChanges = "propbot.risk.trading_state.changes";

    /// <summary>Counter of runaway-breaker trips, tagged <c>limit</c>.</summary>
    public const string BreakerTrips = "propbot.risk.breaker.trips";

    /// <summary>Counter of dead-man heartbeats sent, tagged <c>venue</c> and <c>outcome</c>.</summary>
    public const string DeadManHeartbeats = "propbot.risk.dead_man.heartbeats";
}

/// <summary>Instruments of the <c>PropBot.Risk</c> meter.</summary>
internal sealed class RiskMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> denials;
    private readonly Counter<long> stateChanges;
    private readonly Counter<long> breakerTrips;
    private readonly Counter<long> heartbeats;
    private ITradingStateController? observed;

    public RiskMetrics(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            meter = new Meter(RiskTelemetry.MeterName);
            ownsMeter = true;
        }
        else
        {
            meter = meterFactory.Create(RiskTelemetry.MeterName);
        }

        denials = meter.CreateCounter<long>(RiskTelemetry.Denials, "{denial}", "Local risk denials by reason code.");
        stateChanges = meter.CreateCounter<long>(RiskTelemetry.TradingStateChanges, "{change}", "Trading state changes.");
        breakerTrips = meter.CreateCounter<long>(RiskTelemetry.BreakerTrips, "{trip}", "Runaway breaker trips.");
        heartbeats = meter.CreateCounter<long>(RiskTelemetry.DeadManHeartbeats, "{heartbeat}", "Dead-man switch heartbeats.");
        meter.CreateObservableGauge(RiskTelemetry.TradingState, () => (int)(observed?.State ?? TradingState.Active), "{state}", "Trading state: 0 Active, 1 Reducing, 2 Halted.");
    }

    public void ObserveState(ITradingStateController controller) => observed = controller;

    public void Denied(string code)
    {
        if (denials.Enabled)
        {
            denials.Add(1, new KeyValuePair<string, object?>("reason", code));
        }
    }

    public void StateChanged(TradingStateChanged change)
    {
        if (stateChanges.Enabled)
        {
            stateChanges.Add(1, new KeyValuePair<string, object?>("to", change.Current.ToString()), new KeyValuePair<string, object?>("code", change.Code));
        }
    }

    public void BreakerTripped(string limit)
    {
        if (breakerTrips.Enabled)
        {
            breakerTrips.Add(1, new KeyValuePair<string, object?>("limit", limit));
        }
    }

    public void Heartbeat(string venue, bool success)
    {
        if (heartbeats.Enabled)
        {
            heartbeats.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("outcome", success ? "ok" : "error"));
        }
    }

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
