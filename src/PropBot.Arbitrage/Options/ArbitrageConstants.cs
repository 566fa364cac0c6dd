namespace PropBot.Arbitrage;

/// <summary>Defaults and fixed values of the arbitrage engine.</summary>
internal static class ArbitrageConstants
{
    public const string MeterName = "PropBot.Arbitrage";
    public const string ArbitrageSection = "derivatives:arbitrage";
    public const string FeesSection = "derivatives:fees";
    public const string FundingSection = "derivatives:funding";
    public const string VenuesSection = "derivatives:venues";

    public const decimal DefaultMinEdgeBps = 6m;
    public const int DefaultMaxLatencyMs = 250;
    public const decimal DefaultMaxLegSlippageBps = 3m;
    public const int DefaultLegTimeoutMs = 2_000;
    public const int DefaultExecutionTimeoutMs = 15_000;
    public const int DefaultUnknownOutcomeResolveMs = 3_000;
    public const int DefaultOrderPollIntervalMs = 100;
    public const int DefaultMakerWaitMs = 1_000;
    public const int DefaultMaxBookAgeMs = 1_000;
    public const int DefaultMaxClockSkewMs = 150;
    public const int DefaultOrderBookDepth = 20;
    public const int DefaultExpectedHoldMinutes = 480;
    public const decimal DefaultVolatilityBpsPerSqrtSecond = 1m;
    public const decimal DefaultLegBFailurePrior = 0.05m;
    public const int LegBFailurePriorWeight = 20;
    public const int DefaultMaxRescueAttempts = 3;
    public const int DefaultAvoidWindowMinutes = 5;
    public const int CycleTimeWindow = 512;
    public const decimal BasisPoints = 10_000m;
    public static readonly TimeSpan ReadCacheTtl = TimeSpan.FromSeconds(60);
}
