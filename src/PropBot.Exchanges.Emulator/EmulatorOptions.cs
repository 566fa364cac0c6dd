namespace PropBot.Exchanges.Emulator;

/// <summary>Settings of a <see cref="VenueEmulator"/>: seed, clock, credentials, market model, rate limits and URLs.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The default API key accepted by both venues: <c>propbot-emulator-key</c>.</summary>
    public const string DefaultApiKey = "propbot-emulator-key";

    /// <summary>The default API secret of both venues: <c>propbot-emulator-secret</c>.</summary>
    public const string DefaultApiSecret = "propbot-emulator-secret";

    /// <summary>The default OKX passphrase: <c>propbot-emulator-pass</c>.</summary>
    public const string DefaultOkxPassphrase = "propbot-emulator-pass";

    /// <summary>Seed of the market model; the same seed and the same sequence of ticks give the same prices.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Clock for timestamps, recvWindow checks, funding, dead-man timers and market ticks. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>API key accepted on both venues.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>API secret (HMAC key) on both venues.</summary>
    public string ApiSecret { get; set; } = DefaultApiSecret;

    /// <summary>OKX API passphrase.</summary>
    public string OkxPassphrase { get; set; } = DefaultOkxPassphrase;

    /// <summary>Fixed Binance listen URL (e.g. <c>http://127.0.0.1:9100</c>); null = an ephemeral loopback port.</summary>
    public Uri? BinanceUrl { get; set; }

    /// <summary>Fixed OKX listen URL (e.g. <c>http://127.0.0.1:9200</c>); null = an ephemeral loopback port.</summary>
    public Uri? OkxUrl { get; set; }

    /// <summary>Initial USDT wallet balance of the single account on each venue.</summary>
    public decimal InitialBalance { get; set; } = 100_000m;

    /// <summary>Write ASP.NET Core logs (warnings and above) to the console. Off by default so tests stay quiet.</summary>
    public bool EnableConsoleLogging { get; set; }

    /// <summary>Market-model parameters.</summary>
    public MarketModelOptions Market { get; set; } = new();

    /// <summary>Rate-limit parameters.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>Parameters of the synthetic market: a common fair price per asset, a per-venue basis and funding rates.</summary>
public sealed class MarketModelOptions
{
    /// <summary>Interval between market ticks (price steps, resting-order matching, WebSocket pushes, timers). Default 100 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Initial BTC fair price in USDT.</summary>
    public decimal InitialBtcPrice { get; set; } = 65_000m;

    /// <summary>Initial ETH fair price in USDT.</summary>
    public decimal InitialEthPrice { get; set; } = 3_200m;

    /// <summary>Volatility of the fair price per square-root second, as a fraction (0.0002 = 2 bps).</summary>
    public double Volatility { get; set; } = 0.0002;

    /// <summary>Mean-reversion speed of each venue's basis towards zero, per second.</summary>
    public double BasisMeanReversion { get; set; } = 0.4;

    /// <summary>Diffusion of each venue's basis per square-root second, as a fraction.</summary>
    public double BasisVolatility { get; set; } = 0.00008;

    /// <summary>Probability per second that a venue's basis jumps.</summary>
    public double JumpProbabilityPerSecond { get; set; } = 0.06;

    /// <summary>Size of a basis jump as a fraction of price (0.0025 = 25 bps); the sign is random.</summary>
    public double JumpSize { get; set; } = 0.0025;

    /// <summary>Bid/ask spread of each synthetic book, in ticks.</summary>
    public int SpreadTicks { get; set; } = 1;

    /// <summary>Number of price levels per side of each synthetic book.</summary>
    public int DepthLevels { get; set; } = 20;

    /// <summary>Distance between consecutive levels, in ticks.</summary>
    public int LevelSpacingTicks { get; set; } = 2;

    /// <summary>Notional in USDT resting on the first level; deeper levels grow linearly.</summary>
    public decimal LevelNotional { get; set; } = 20_000m;

    /// <summary>Funding interval; settlements happen on multiples of it since the Unix epoch (8 h = 00:00, 08:00, 16:00 UTC). Shorten it for demos.</summary>
    public TimeSpan FundingInterval { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Long-run funding rate per interval that each venue's rate drifts around.</summary>
    public double BaseFundingRate { get; set; } = 0.0001;

    /// <summary>Diffusion of the funding rate per square-root second.</summary>
    public double FundingRateVolatility { get; set; } = 0.000002;
}

/// <summary>Rate-limit settings. Defaults are the real venues' limits.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Enforce the limits; when false only the usage headers are reported.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Binance <c>REQUEST_WEIGHT</c> per minute.</summary>
    public int BinanceRequestWeightPerMinute { get; set; } = 2400;

    /// <summary>Binance <c>ORDERS</c> per 10 seconds.</summary>
    public int BinanceOrdersPer10Seconds { get; set; } = 300;

    /// <summary>Binance <c>ORDERS</c> per minute.</summary>
    public int BinanceOrdersPerMinute { get; set; } = 1200;

    /// <summary>Number of requests answered with 429 in one window after which the client is banned with 418.</summary>
    public int BinanceRejectedRequestsBeforeBan { get; set; } = 10;

    /// <summary>Length of a Binance 418 ban.</summary>
    public TimeSpan BinanceBanDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Multiplier applied to every OKX per-endpoint limit (1 = the real limits, e.g. 60 orders / 2 s per instrument).</summary>
    public double OkxLimitMultiplier { get; set; } = 1.0;

    /// <summary>Settings with enforcement off, for benchmarks.</summary>
    public static RateLimitOptions Unlimited => new() { Enabled = false };
}
