namespace PropBot.Exchanges.Binance;

/// <summary>
/// Base URLs of a Binance USD-M futures environment. The one table of default hosts: <see cref="Live"/>,
/// <see cref="Demo"/> and <see cref="Testnet"/>; anything else (the emulator, tests) is <see cref="Custom"/>.
/// WebSocket URLs are bases: the client appends the 2026 routed paths (<c>/public</c>, <c>/market</c>).
/// </summary>
public sealed record BinanceEnvironment
{
    private BinanceEnvironment(string name, Uri restBaseUrl, Uri webSocketBaseUrl)
    {
        Name = name;
        RestBaseUrl = restBaseUrl;
        WebSocketBaseUrl = webSocketBaseUrl;
    }

    /// <summary>Production: <c>https://fapi.binance.com</c>, <c>wss://fstream.binance.com</c>.</summary>
    public static BinanceEnvironment Live { get; } = new("live", new Uri("https://fapi.binance.com"), new Uri("wss://fstream.binance.com"));

    /// <summary>Demo trading (the current testnet): <c>https://demo-fapi.binance.com</c>, <c>wss://demo-fstream.binance.com</c>.</summary>
    public static BinanceEnvironment Demo { get; } = new("demo", new Uri("https://demo-fapi.binance.com"), new Uri("wss://demo-fstream.binance.com"));

    /// <summary>Legacy testnet hosts (same backend as demo): <c>https://testnet.binancefuture.com</c>, <c>wss://fstream.binancefuture.com</c>.</summary>
    public static BinanceEnvironment Testnet { get; } = new("testnet", new Uri("https://testnet.binancefuture.com"), new Uri("wss://fstream.binancefuture.com"));

    /// <summary>Environment name: <c>live</c>, <c>demo</c>, <c>testnet</c> or <c>custom</c>.</summary>
    public string Name { get; }

    /// <summary>REST base URL.</summary>
    public Uri RestBaseUrl { get; }

    /// <summary>WebSocket base URL (routed paths are appended).</summary>
    public Uri WebSocketBaseUrl { get; }

    /// <summary>Whether orders here move real money.</summary>
    public bool IsLive => Name == "live";

    /// <summary>A custom environment (emulator, tests).</summary>
    /// <exception cref="ArgumentException">A URL is not absolute.</exception>
    public static BinanceEnvironment Custom(Uri restBaseUrl, Uri webSocketBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(restBaseUrl);
        ArgumentNullException.ThrowIfNull(webSocketBaseUrl);
        if (!restBaseUrl.IsAbsoluteUri || !webSocketBaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("Custom Binance URLs must be absolute.", nameof(restBaseUrl));
        }

        return new BinanceEnvironment("custom", restBaseUrl, webSocketBaseUrl);
    }

    /// <summary>The named environment (<c>live</c>, <c>demo</c>, <c>testnet</c>), case-insensitively.</summary>
    public static bool TryGet(string? name, out BinanceEnvironment environment)
    {
        environment = name?.Trim().ToLowerInvariant() switch
        {
            "live" or "prod" or "production" or "mainnet" => Live,
            "demo" => Demo,
            "testnet" => Testnet,
            _ => null!,
        };
        return environment is not null;
    }

    /// <summary>
    /// The environment configured by <paramref name="options"/>: the named one, with <c>RestBaseUrl</c> /
    /// <c>WebSocketBaseUrl</c> overriding its hosts when set (then the name becomes <c>custom</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown and no URLs are given.</exception>
    public static BinanceEnvironment Resolve(BinanceUsdFuturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasRest = !string.IsNullOrWhiteSpace(options.RestBaseUrl);
        var hasWs = !string.IsNullOrWhiteSpace(options.WebSocketBaseUrl);
        if (TryGet(options.Environment, out var named) && !hasRest && !hasWs)
        {
            return named;
        }

        var rest = hasRest ? new Uri(options.RestBaseUrl!, UriKind.Absolute) : named?.RestBaseUrl;
        var ws = hasWs ? new Uri(options.WebSocketBaseUrl!, UriKind.Absolute) : named?.WebSocketBaseUrl;
        if (rest is null || ws is null)
        {
            throw new ArgumentException(
                $"binance:environment must be live, demo or testnet, or binance:routing:rest and binance:routing:ws must both be set, was '{options.Environment}'.",
                nameof(options));
        }

        return Custom(rest, ws);
    }
}
