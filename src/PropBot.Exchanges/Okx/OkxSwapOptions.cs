using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PropBot.Exchanges.Okx;

/// <summary>
/// Options of the OKX v5 perpetual swap client. Bind from configuration (snake_case keys) or set in code.
/// <see cref="RestBaseUrl"/> / <see cref="WebSocketBaseUrl"/> override the URLs of <see cref="Environment"/>.
/// </summary>
public sealed class OkxSwapOptions
{
    /// <summary>Configuration section conventionally used for these options.</summary>
    public const string SectionName = "okx";

    /// <summary>API key (<c>OK-ACCESS-KEY</c>); empty for public market data only.</summary>
    [ConfigurationKeyName("api_key")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>API secret (HMAC key). Never logged.</summary>
    [ConfigurationKeyName("api_secret")]
    public string ApiSecret { get; set; } = string.Empty;

    /// <summary>API passphrase (<c>OK-ACCESS-PASSPHRASE</c>). Never logged.</summary>
    [ConfigurationKeyName("passphrase")]
    public string Passphrase { get; set; } = string.Empty;

    /// <summary>Environment: <c>live</c>, <c>demo</c> or <c>custom</c> (custom requires <see cref="RestBaseUrl"/> and <see cref="WebSocketBaseUrl"/>).</summary>
    [ConfigurationKeyName("environment")]
    [Required]
    public string Environment { get; set; } = "live";

    /// <summary>REST base URL override (spec <c>routing.rest</c>; e.g. the emulator).</summary>
    [ConfigurationKeyName("rest")]
    public string? RestBaseUrl { get; set; }

    /// <summary>WebSocket base URL override (spec <c>routing.ws</c>); the client appends <c>/ws/v5/public</c>.</summary>
    [ConfigurationKeyName("ws")]
    public string? WebSocketBaseUrl { get; set; }

    /// <summary>Force the demo-trading header <c>x-simulated-trading: 1</c> (implied by <c>environment: demo</c>).</summary>
    [ConfigurationKeyName("demo")]
    public bool Demo { get; set; }

    /// <summary>Per-request timeout; a placement that times out is reported as outcome unknown.</summary>
    [ConfigurationKeyName("request_timeout")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMilliseconds(OkxConstants.DefaultRequestTimeoutMs);

    /// <summary>How long instrument rules are cached before they are read again.</summary>
    [ConfigurationKeyName("instruments_cache_ttl")]
    public TimeSpan InstrumentsCacheTtl { get; set; } = TimeSpan.FromSeconds(OkxConstants.DefaultInstrumentsCacheTtlSeconds);

    /// <summary>Fee source: <c>auto</c> (read <c>trade-fee</c>, manual table as fallback) or <c>manual</c>.</summary>
    [ConfigurationKeyName("fee_source")]
    public string FeeSource { get; set; } = "auto";

    /// <summary>Manual maker fee in bps, positive = you pay (spec <c>fees.manual.okx_perp.maker_bps</c>).</summary>
    [ConfigurationKeyName("maker_bps")]
    [Range(-100.0, 100.0)]
    public decimal ManualMakerFeeBps { get; set; } = OkxConstants.DefaultMakerFeeBps;

    /// <summary>Manual taker fee in bps, positive = you pay (spec <c>fees.manual.okx_perp.taker_bps</c>).</summary>
    [ConfigurationKeyName("taker_bps")]
    [Range(-100.0, 100.0)]
    public decimal ManualTakerFeeBps { get; set; } = OkxConstants.DefaultTakerFeeBps;

    /// <summary>Share of every rate-limit window kept for risk-reducing orders (hedge-out, flatten, repair).</summary>
    [ConfigurationKeyName("reserved_rate_limit_share")]
    [Range(0.0, 0.9)]
    public double ReservedRateLimitShare { get; set; } = OkxConstants.DefaultReservedShare;

    /// <summary>Idle time after which the WebSocket sends the text <c>ping</c> (must stay below 30 s).</summary>
    [ConfigurationKeyName("ping_interval")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(OkxConstants.DefaultPingIntervalSeconds);

    /// <summary>Public book channel: <c>bbo-tbt</c> (top of book every 10 ms) or <c>books5</c> (5 levels every 100 ms).</summary>
    [ConfigurationKeyName("book_channel")]
    public string BookChannel { get; set; } = "bbo-tbt";

    /// <summary>Connection attempts allowed per minute (the attempt budget of the reconnect loop).</summary>
    [ConfigurationKeyName("max_reconnect_attempts")]
    [Range(1, 10_000)]
    public int MaxReconnectAttempts { get; set; } = OkxConstants.DefaultMaxReconnectAttempts;

    /// <summary>Whether API credentials are configured.</summary>
    public bool HasCredentials =>
        !string.IsNullOrEmpty(ApiKey) && !string.IsNullOrEmpty(ApiSecret) && !string.IsNullOrEmpty(Passphrase);

    /// <summary>The effective environment: the named one with URL overrides and the demo flag applied.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid (see <see cref="OkxSwapOptionsValidator"/>).</exception>
    public OkxEnvironment ResolveEnvironment()
    {
        var errors = OkxSwapOptionsValidator.Errors(this);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        OkxEnvironment.TryGet(Environment, out var env);
        var rest = string.IsNullOrWhiteSpace(RestBaseUrl) ? env.RestBaseUrl : new Uri(RestBaseUrl);
        var ws = string.IsNullOrWhiteSpace(WebSocketBaseUrl) ? env.WebSocketBaseUrl : new Uri(WebSocketBaseUrl);
        var isCustom = string.Equals(Environment, "custom", StringComparison.OrdinalIgnoreCase);
        return new OkxEnvironment(isCustom ? "custom" : env.Name, rest, ws, env.IsDemo || Demo);
    }
}

/// <summary>Cross-field validation of <see cref="OkxSwapOptions"/>; messages name the configuration key.</summary>
public sealed class OkxSwapOptionsValidator : IValidateOptions<OkxSwapOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OkxSwapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Errors(OkxSwapOptions o)
    {
        var errors = new List<string>();
        var isCustom = string.Equals(o.Environment, "custom", StringComparison.OrdinalIgnoreCase);
        if (!isCustom && !OkxEnvironment.TryGet(o.Environment, out _))
        {
            errors.Add($"okx:environment must be live, demo or custom, was '{o.Environment}'.");
        }

        if (isCustom && (string.IsNullOrWhiteSpace(o.RestBaseUrl) || string.IsNullOrWhiteSpace(o.WebSocketBaseUrl)))
        {
            errors.Add("okx:routing:rest and okx:routing:ws are required when okx:environment is custom.");
        }

        CheckUrl(o.RestBaseUrl, "okx:routing:rest", ["http", "https"], errors);
        CheckUrl(o.WebSocketBaseUrl, "okx:routing:ws", ["ws", "wss"], errors);
        if (o.WebSocketBaseUrl is { } wsText && wsText.Contains(":8443", StringComparison.Ordinal))
        {
            errors.Add($"okx:routing:ws must not use the retired port 8443, was '{wsText}'.");
        }

        if (o.RequestTimeout < TimeSpan.FromMilliseconds(OkxConstants.MinRequestTimeoutMs) || o.RequestTimeout > TimeSpan.FromMilliseconds(OkxConstants.MaxRequestTimeoutMs))
        {
            errors.Add($"okx:request_timeout must be between 100 ms and 60 s, was {o.RequestTimeout}.");
        }

        if (o.InstrumentsCacheTtl <= TimeSpan.Zero)
        {
            errors.Add($"okx:instruments_cache_ttl must be > 0, was {o.InstrumentsCacheTtl}.");
        }

        if (o.PingInterval <= TimeSpan.Zero || o.PingInterval >= TimeSpan.FromSeconds(30))
        {
            errors.Add($"okx:ping_interval must be > 0 and < 30 s, was {o.PingInterval}.");
        }

        if (o.BookChannel is not ("bbo-tbt" or "books5"))
        {
            errors.Add($"okx:book_channel must be bbo-tbt or books5, was '{o.BookChannel}'.");
        }

        if (o.ReservedRateLimitShare is < 0 or > 0.9)
        {
            errors.Add($"okx:reserved_rate_limit_share must be between 0 and 0.9, was {o.ReservedRateLimitShare}.");
        }

        if (o.FeeSource is not ("auto" or "manual"))
        {
            errors.Add($"okx:fee_source must be auto or manual, was '{o.FeeSource}'.");
        }

        var credentials = new[] { o.ApiKey, o.ApiSecret, o.Passphrase }.Count(s => !string.IsNullOrEmpty(s));
        if (credentials is > 0 and < 3)
        {
            errors.Add("okx:api_key, okx:api_secret and okx:passphrase must be set together.");
        }

        return errors;
    }

    private static void CheckUrl(string? text, string key, string[] schemes, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key} must be an absolute {string.Join("/", schemes)} URL, was '{text}'.");
        }
    }
}
