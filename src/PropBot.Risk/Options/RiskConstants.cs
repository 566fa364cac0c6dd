namespace PropBot.Risk;

/// <summary>Defaults and bounds of <see cref="RiskOptions"/>.</summary>
internal static class RiskConstants
{
    public const decimal DefaultPerSymbolUsd = 2000m;
    public const decimal DefaultPerVenueUsd = 5000m;
    public const decimal DefaultTotalUsd = 8000m;
    public const decimal DefaultCrossVenueDeltaAbsMaxUsd = 200m;
    public const int DefaultDeltaBreachGraceMs = 3000;
    public const decimal DefaultMarginBuffer = 0.5m;
    public const int DefaultClockSkewGuardMs = 150;
    public const decimal DefaultSnapshotDiffToleranceUsd = 1m;
    public const int DefaultSnapshotDiffGraceMs = 5000;
    public const int DefaultPositionPollIntervalMs = 5000;
    public const int DefaultMaxBookAgeMs = 1000;
    public const int DefaultMaxCrossVenueSkewMs = 250;
    public const int DefaultMaxFeedAgeMs = 5000;
    public const int DefaultDeadManTimeoutMs = 15_000;
    public const int DefaultHeartbeatIntervalMs = 5_000;
    public const int MinDeadManTimeoutMs = 10_000;
    public const int MaxDeadManTimeoutMs = 120_000;
    public const int DefaultPlacePerMin = 120;
    public const int DefaultCancelPerMin = 240;
    public const int DefaultRescuesPerMin = 3;
    public const decimal DefaultMaxFillMismatchRatio = 0.5m;
    public const int DefaultMinFillSamples = 4;
    public const int DefaultAvoidWindowMinutes = 5;

    /// <summary>Configuration section of the risk limits.</summary>
    public const string RiskSection = "risk";

    /// <summary>Configuration section of the guards.</summary>
    public const string GuardsSection = "guards";

    /// <summary>Configuration section of the funding options.</summary>
    public const string FundingSection = "derivatives:funding";

    /// <summary>Configuration section of the venues.</summary>
    public const string VenuesSection = "derivatives:venues";
}
