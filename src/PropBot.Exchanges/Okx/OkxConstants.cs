namespace PropBot.Exchanges.Okx;

/// <summary>Defaults and bounds of the OKX adapter.</summary>
internal static class OkxConstants
{
    public const string PublicWebSocketPath = "/ws/v5/public";
    public const string DemoHeader = "x-simulated-trading";
    public const string InstType = "SWAP";

    public const int DefaultRequestTimeoutMs = 5_000;
    public const int MinRequestTimeoutMs = 100;
    public const int MaxRequestTimeoutMs = 60_000;

    public const int DefaultInstrumentsCacheTtlSeconds = 3_600;
    public const double DefaultReservedShare = 0.2;
    public const decimal DefaultMakerFeeBps = 2.0m;
    public const decimal DefaultTakerFeeBps = 5.0m;

    public const int DefaultPingIntervalSeconds = 20;
    public const int DefaultStaleAfterSeconds = 15;
    public const int DefaultMaxReconnectAttempts = 20;

    public const string PostOnlyCancelSource = "31";
    public const string DeadManCancelSource = "20";

    /// <summary>Dead-man switch bounds (seconds): 0 or 10–120.</summary>
    public const int DeadManMinSeconds = 10;
    public const int DeadManMaxSeconds = 120;
}
