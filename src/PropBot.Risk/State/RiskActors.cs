using System.Globalization;

namespace PropBot.Risk;

/// <summary>Actor names of the risk package's own components (appear in <see cref="TradingStateChanged.Actor"/>).</summary>
public static class RiskActors
{
    /// <summary>The runaway breaker.</summary>
    public const string RunawayBreaker = "risk.runaway_breaker";

    /// <summary>The margin headroom monitor.</summary>
    public const string MarginHeadroom = "risk.margin_headroom";

    /// <summary>The cross-venue delta monitor.</summary>
    public const string DeltaMonitor = "risk.delta_monitor";

    /// <summary>The snapshot-diff check.</summary>
    public const string SnapshotDiff = "risk.snapshot_diff";

    /// <summary>The cancel-on-disconnect supervisor.</summary>
    public const string CancelOnDisconnect = "risk.cancel_on_disconnect";
}

internal static class RiskIds
{
    public static string Incident(DateTimeOffset time, long sequence, string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{time.UtcDateTime:yyyyMMddHHmmss}{sequence % 100000:D5}");
}
