using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PropBot.Exchanges.Binance;

/// <summary>
/// Options of the Binance USD-M futures client. Bind the venue section of the spec's YAML
/// (<c>derivatives:venues:[binance_um]</c>, with <c>routing:rest</c> / <c>routing:ws</c> mapped onto
/// <see cref="RestBaseUrl"/> / <see cref="WebSocketBaseUrl"/>).
/// </summary>
public sealed class BinanceUsdFuturesOptions
{
    /// <summary>API key (header <c>X-MBX-APIKEY</c>); only needed for signed endpoints. Never logged.</summary>
    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    /// <summary>API secret (HMAC-SHA256 key). Never logged.</summary>
    [ConfigurationKeyName("api_secret")]
    public string? ApiSecret { get; set; }

    /// <summary>Environment: <c>live</c>, <c>demo</c> (default), <c>testnet</c> or <c>custom</c> (then both URLs are required).</summary>
    [ConfigurationKeyName("environment")]
    public string Environment { get; set; } = BinanceUsdFuturesConstants.DefaultEnvironment;

    /// <summary>REST base URL overriding the environment's (spec key <c>routing.rest</c>).</summary>
    [ConfigurationKeyName("rest")]
    public string? RestBaseUrl { get; set; }

    /// <summary>WebSocket base URL overriding the environment's (spec key <c>routing.ws</c>); routed paths are appended.</summary>
    [ConfigurationKeyName("ws")]
    public string? WebSocketBaseUrl { get; set; }

    /// <summary><c>recvWindow</c> in milliseconds sent with signed requests (default 5000, Binance recommends ≤ 5000).</summary>
    [ConfigurationKeyName("recv_window_ms")]
    [Range(BinanceUsdFuturesConstants.MinRecvWindowMs, BinanceUsdFuturesConstants.MaxRecvWindowMs)]
    public int RecvWindowMs { get; set; } = BinanceUsdFuturesConstants.DefaultRecvWindowMs;

    /// <summary>Per-request timeout (default 5 s). A timed-out order placement is outcome-unknown.</summary>
    [ConfigurationKeyName("request_timeout")]
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = BinanceUsdFuturesConstants.DefaultRequestTimeout;

    /// <summary>How long exchange filters stay cached (refreshed earlier after a precision reject).</summary>
    [ConfigurationKeyName("filters_cache_ttl")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FiltersCacheTtl { get; set; } = BinanceUsdFuturesConstants.DefaultFiltersCacheTtl;

    /// <summary>Fee source: <c>auto</c> (read <c>commissionRate</c>, fall back to the manual fees) or <c>manual</c>.</summary>
    [ConfigurationKeyName("fee_source")]
    public string FeeSource { get; set; } = "auto";

    /// <summary>Manual maker fee in bps (spec <c>fees.manual.binance_um.maker_bps</c>).</summary>
    [ConfigurationKeyName("maker_bps")]
    [Range(-10.0, 100.0)]
    public decimal ManualMakerFeeBps { get; set; } = BinanceUsdFuturesConstants.DefaultMakerFeeBps;

    /// <summary>Manual taker fee in bps (spec <c>fees.manual.binance_um.taker_bps</c>).</summary>
    [ConfigurationKeyName("taker_bps")]
    [Range(-10.0, 100.0)]
    public decimal ManualTakerFeeBps { get; set; } = BinanceUsdFuturesConstants.DefaultTakerFeeBps;

    /// <summary>Share of every rate-limit window reserved for hedge-out, flatten and repair orders (default 0.2).</summary>
    [ConfigurationKeyName("reserved_rate_limit_share")]
    [Range(0.0, 0.9)]
    public double ReservedRateLimitShare { get; set; } = BinanceUsdFuturesConstants.DefaultReservedShare;

    /// <summary>Reconnect a market-data socket when it is silent this long (default 30 s).</summary>
    [ConfigurationKeyName("stream_idle_timeout")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = BinanceUsdFuturesConstants.DefaultStreamIdleTimeout;

    /// <summary>Reconnect proactively after this lifetime (Binance closes sockets at 24 h; default 23 h 30 min).</summary>
    [ConfigurationKeyName("stream_max_lifetime")]
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StreamMaxLifetime { get; set; } = BinanceUsdFuturesConstants.DefaultStreamMaxLifetime;

    /// <summary>Also subscribe <c>&lt;symbol&gt;@depth5@100ms</c> on the <c>/public</c> socket (default true).</summary>
    [ConfigurationKeyName("subscribe_depth5")]
    public bool SubscribeDepth5 { get; set; } = true;
}

/// <summary>Defaults and bounds of <see cref="BinanceUsdFuturesOptions"/>.</summary>
internal static class BinanceUsdFuturesConstants
{
    public const string DefaultEnvironment = "demo";
    public const int DefaultRecvWindowMs = 5000;
    public const int MinRecvWindowMs = 1;
    public const int MaxRecvWindowMs = 60000;
    public const decimal DefaultMakerFeeBps = 2.0m;
    public const decimal DefaultTakerFeeBps = 5.0m;
    public const double DefaultReservedShare = 0.2;
    public const string HttpClientName = "PropBot.Binance.UsdFutures";
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultFiltersCacheTtl = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStreamMaxLifetime = TimeSpan.FromHours(23.5);
}

/// <summary>Cross-field validation of <see cref="BinanceUsdFuturesOptions"/>.</summary>
internal sealed class BinanceUsdFuturesOptionsValidator : IValidateOptions<BinanceUsdFuturesOptions>
{
    public ValidateOptionsResult Validate(string? name, BinanceUsdFuturesOptions options)
    {
        var errors = new List<string>();
        var named = BinanceEnvironment.TryGet(options.Environment, out _);
        var custom = string.Equals(options.Environment, "custom", StringComparison.OrdinalIgnoreCase);
        if (!named && !custom)
        {
            errors.Add($"binance:environment must be live, demo, testnet or custom, was '{options.Environment}'.");
        }

        CheckUrl(options.RestBaseUrl, "binance:routing:rest", ["http", "https"], custom, errors);
        CheckUrl(options.WebSocketBaseUrl, "binance:routing:ws", ["ws", "wss"], custom, errors);
        if (string.IsNullOrWhiteSpace(options.ApiKey) != string.IsNullOrWhiteSpace(options.ApiSecret))
        {
            errors.Add("binance:api_key and binance:api_secret must be set together, was only one of them.");
        }

        if (!string.Equals(options.FeeSource, "auto", StringComparison.OrdinalIgnoreCase) && !string.Equals(options.FeeSource, "manual", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"binance:fee_source must be auto or manual, was '{options.FeeSource}'.");
        }

        if (options.ManualMakerFeeBps > options.ManualTakerFeeBps)
        {
            errors.Add($"binance:maker_bps must be <= binance:taker_bps, was {options.ManualMakerFeeBps} > {options.ManualTakerFeeBps}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(string? value, string key, string[] schemes, bool required, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key} is required when binance:environment is custom, was empty.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key} must be an absolute {string.Join("/", schemes)} URL, was '{value}'.");
        }
    }
}
