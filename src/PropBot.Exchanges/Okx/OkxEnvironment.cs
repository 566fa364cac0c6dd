namespace PropBot.Exchanges.Okx;

/// <summary>
/// An OKX environment: REST base URL, WebSocket host and whether requests carry the demo-trading header
/// <c>x-simulated-trading: 1</c>. WebSocket URLs use the default TLS port (the old <c>:8443</c> port is retired).
/// </summary>
public sealed record OkxEnvironment
{
    /// <summary>Creates an environment.</summary>
    /// <param name="name">Name (<c>live</c>, <c>demo</c> or a custom name).</param>
    /// <param name="restBaseUrl">REST base URL, e.g. <c>https://www.okx.com</c>.</param>
    /// <param name="webSocketBaseUrl">WebSocket base URL without path, e.g. <c>wss://ws.okx.com</c>; the client appends <c>/ws/v5/public</c>.</param>
    /// <param name="isDemo">Whether every request carries <c>x-simulated-trading: 1</c>.</param>
    public OkxEnvironment(string name, Uri restBaseUrl, Uri webSocketBaseUrl, bool isDemo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(restBaseUrl);
        ArgumentNullException.ThrowIfNull(webSocketBaseUrl);
        Name = name;
        RestBaseUrl = restBaseUrl;
        WebSocketBaseUrl = webSocketBaseUrl;
        IsDemo = isDemo;
    }

    /// <summary>Production: <c>https://www.okx.com</c>, <c>wss://ws.okx.com</c>.</summary>
    public static OkxEnvironment Live { get; } = new("live", new Uri("https://www.okx.com"), new Uri("wss://ws.okx.com"), isDemo: false);

    /// <summary>Demo trading: the production REST host with <c>x-simulated-trading: 1</c>, WebSocket host <c>wss://wspap.okx.com</c>.</summary>
    public static OkxEnvironment Demo { get; } = new("demo", new Uri("https://www.okx.com"), new Uri("wss://wspap.okx.com"), isDemo: true);

    /// <summary>Environment name.</summary>
    public string Name { get; }

    /// <summary>REST base URL.</summary>
    public Uri RestBaseUrl { get; }

    /// <summary>WebSocket base URL (scheme and host, optionally a path prefix).</summary>
    public Uri WebSocketBaseUrl { get; }

    /// <summary>Whether requests carry the demo-trading header.</summary>
    public bool IsDemo { get; }

    /// <summary>A custom environment (emulator, tests, regional hosts).</summary>
    public static OkxEnvironment Custom(Uri restBaseUrl, Uri webSocketBaseUrl, bool isDemo = false) =>
        new("custom", restBaseUrl, webSocketBaseUrl, isDemo);

    /// <summary>The built-in environment with this name (<c>live</c> or <c>demo</c>, case-insensitive), if any.</summary>
    public static bool TryGet(string? name, out OkxEnvironment environment)
    {
        environment = Live;
        if (string.Equals(name, "live", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(name, "demo", StringComparison.OrdinalIgnoreCase))
        {
            environment = Demo;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The public WebSocket endpoint: <see cref="WebSocketBaseUrl"/> + <c>/ws/v5/public</c>, unless the base already
    /// ends with that path.
    /// </summary>
    public Uri PublicWebSocketUrl => AppendPath(WebSocketBaseUrl, OkxConstants.PublicWebSocketPath);

    internal static Uri AppendPath(Uri baseUrl, string path)
    {
        var text = baseUrl.ToString().TrimEnd('/');
        if (text.EndsWith(path, StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(text);
        }

        var query = string.Empty;
        var q = text.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = text[q..];
            text = text[..q].TrimEnd('/');
            if (text.EndsWith(path, StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(text + query);
            }
        }

        return new Uri(text + path + query);
    }
}
