using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges.Binance.Wire;
using PropBot.Exchanges.RateLimiting;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Binance;

/// <summary>A Binance REST endpoint: route, security, cost and how failures are classified.</summary>
internal sealed record BinanceEndpoint(
    HttpMethod Method,
    string Path,
    bool Signed,
    int Weight,
    RequestIntent Intent = RequestIntent.Read,
    bool IsOrder = false,
    bool RiskReducing = false)
{
    /// <summary>Governor costs of one call (weight, and the ORDERS counters for order placement).</summary>
    public RateLimitCost[] Costs { get; } = ComputeCosts(Weight, IsOrder);
    public static readonly BinanceEndpoint Ping = new(HttpMethod.Get, "/fapi/v1/ping", false, 1);
    public static readonly BinanceEndpoint Time = new(HttpMethod.Get, "/fapi/v1/time", false, 1);
    public static readonly BinanceEndpoint ExchangeInfo = new(HttpMethod.Get, "/fapi/v1/exchangeInfo", false, 1);
    public static readonly BinanceEndpoint BookTicker = new(HttpMethod.Get, "/fapi/v1/ticker/bookTicker", false, 2);
    public static readonly BinanceEndpoint PremiumIndex = new(HttpMethod.Get, "/fapi/v1/premiumIndex", false, 1);
    public static readonly BinanceEndpoint FundingInfo = new(HttpMethod.Get, "/fapi/v1/fundingInfo", false, 0);
    public static readonly BinanceEndpoint CommissionRate = new(HttpMethod.Get, "/fapi/v1/commissionRate", true, 20);
    public static readonly BinanceEndpoint GetPositionMode = new(HttpMethod.Get, "/fapi/v1/positionSide/dual", true, 30);
    public static readonly BinanceEndpoint SetPositionMode = new(HttpMethod.Post, "/fapi/v1/positionSide/dual", true, 1);
    public static readonly BinanceEndpoint MarginType = new(HttpMethod.Post, "/fapi/v1/marginType", true, 1);
    public static readonly BinanceEndpoint Leverage = new(HttpMethod.Post, "/fapi/v1/leverage", true, 1);
    public static readonly BinanceEndpoint SymbolConfig = new(HttpMethod.Get, "/fapi/v1/symbolConfig", true, 5);
    public static readonly BinanceEndpoint NewOrder = new(HttpMethod.Post, "/fapi/v1/order", true, 0, RequestIntent.Write, IsOrder: true);
    public static readonly BinanceEndpoint TestOrder = new(HttpMethod.Post, "/fapi/v1/order/test", true, 1);
    public static readonly BinanceEndpoint CancelOrder = new(HttpMethod.Delete, "/fapi/v1/order", true, 1, RequestIntent.Write, RiskReducing: true);
    public static readonly BinanceEndpoint QueryOrder = new(HttpMethod.Get, "/fapi/v1/order", true, 1, RiskReducing: true);
    public static readonly BinanceEndpoint OpenOrders = new(HttpMethod.Get, "/fapi/v1/openOrders", true, 1);
    public static readonly BinanceEndpoint OpenOrdersAll = new(HttpMethod.Get, "/fapi/v1/openOrders", true, 40);
    public static readonly BinanceEndpoint PositionRisk = new(HttpMethod.Get, "/fapi/v2/positionRisk", true, 5);
    public static readonly BinanceEndpoint Account = new(HttpMethod.Get, "/fapi/v3/account", true, 5);
    public static readonly BinanceEndpoint CountdownCancelAll = new(HttpMethod.Post, "/fapi/v1/countdownCancelAll", true, 10, RequestIntent.Write, RiskReducing: true);

    private static RateLimitCost[] ComputeCosts(int weight, bool isOrder)
    {
        var costs = new List<RateLimitCost>(3);
        if (weight > 0)
        {
            costs.Add(new RateLimitCost(BinanceRestTransport.WeightWindow, weight));
        }

        if (isOrder)
        {
            costs.Add(new RateLimitCost(BinanceRestTransport.Orders10sWindow, 1));
            costs.Add(new RateLimitCost(BinanceRestTransport.Orders1mWindow, 1));
        }

        return [.. costs];
    }

    public static BinanceEndpoint Depth(int limit) => new(HttpMethod.Get, "/fapi/v1/depth", false, limit switch
    {
        <= 50 => 2,
        <= 100 => 5,
        <= 500 => 10,
        _ => 20,
    });
}

/// <summary>
/// Signed/unsigned Binance REST calls: rate-limit governor first (fail fast), exact-bytes HMAC signing with
/// <c>timestamp</c> + <c>recvWindow</c>, usage-header reconciliation, 418/429 blocking, <c>-1021</c> clock resync with
/// one retry, and error mapping through <see cref="BinanceErrorMap"/>.
/// </summary>
internal sealed partial class BinanceRestTransport
{
    internal const string WeightWindow = "REQUEST_WEIGHT 1m";
    internal const string Orders10sWindow = "ORDERS 10s";
    internal const string Orders1mWindow = "ORDERS 1m";

    private readonly VenueHttpClient _http;
    private readonly BinanceEnvironment _environment;
    private readonly BinanceUsdFuturesOptions _options;
    private readonly VenueClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BinanceRestTransport(
        HttpClient httpClient,
        BinanceEnvironment environment,
        BinanceUsdFuturesOptions options,
        VenueClock clock,
        RateLimitGovernor governor,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _environment = environment;
        _options = options;
        _clock = clock;
        _time = timeProvider;
        _logger = logger;
        Governor = governor;
        _http = new VenueHttpClient(httpClient, VenueId.BinanceUsdFutures, timeProvider, options.RequestTimeout);
    }

    public RateLimitGovernor Governor { get; }

    public bool HasCredentials => !string.IsNullOrEmpty(_options.ApiKey) && !string.IsNullOrEmpty(_options.ApiSecret);

    /// <summary>Default windows (live limits) until exchangeInfo seeds the real ones.</summary>
    public static IEnumerable<RateLimitWindow> DefaultWindows() =>
    [
        new RateLimitWindow(WeightWindow, TimeSpan.FromMinutes(1), 2400),
        new RateLimitWindow(Orders10sWindow, TimeSpan.FromSeconds(10), 300),
        new RateLimitWindow(Orders1mWindow, TimeSpan.FromMinutes(1), 1200),
    ];

    /// <summary>Window name for a limiter type and interval, e.g. (<c>ORDERS</c>, 10, <c>s</c>) → <c>ORDERS 10s</c>.</summary>
    public static string WindowName(string type, int number, char unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{type} {number}{char.ToLowerInvariant(unit)}");

    /// <summary>Sends a request and deserialises a 2xx body.</summary>
    public async Task<VenueResult<T>> SendAsync<T>(
        BinanceEndpoint endpoint,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken,
        OrderPurpose purpose = OrderPurpose.Entry)
    {
        var raw = await SendRawAsync(endpoint, parameters, cancellationToken, purpose).ConfigureAwait(false);
        if (!raw.Success)
        {
            return raw.Error;
        }

        try
        {
            var value = JsonSerializer.Deserialize(raw.Data.Body, typeInfo);
            return value is null ? Malformed(endpoint, "empty body") : value;
        }
        catch (JsonException ex)
        {
            return Malformed(endpoint, ex.Message);
        }
    }

    /// <summary>Sends a request; returns the 2xx response or the mapped error.</summary>
    public async Task<VenueResult<VenueHttpResponse>> SendRawAsync(
        BinanceEndpoint endpoint,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken,
        OrderPurpose purpose = OrderPurpose.Entry)
    {
        if (endpoint.Signed && !HasCredentials)
        {
            return new VenueError
            {
                Kind = VenueErrorKind.Unauthorized,
                Reason = VenueErrorReason.InvalidApiKey,
                Venue = VenueId.BinanceUsdFutures,
                Message = $"{endpoint.Method} {endpoint.Path} needs an API key and secret; none configured.",
            };
        }

        for (var attempt = 0; ; attempt++)
        {
            var refusal = Acquire(endpoint, purpose);
            if (refusal is not null)
            {
                return refusal;
            }

            using var request = BuildRequest(endpoint, parameters);
            var response = await _http.SendAsync(request, endpoint.Intent, cancellationToken).ConfigureAwait(false);
            Reconcile(response);
            if (response.TransportError is { } transport)
            {
                _logger.LogWarning("Binance {Method} {Path} failed without a response: {Reason}", endpoint.Method, endpoint.Path, transport.Code);
                return transport;
            }

            if (response.IsSuccessStatus)
            {
                return response;
            }

            var error = MapError(endpoint, response);
            if (error.Reason == VenueErrorReason.TimestampOutOfWindow && endpoint.Signed && attempt == 0)
            {
                // -1021: the request was refused before processing; resync the clock and retry once.
                if (await SyncClockAsync(cancellationToken).ConfigureAwait(false) is { Success: true })
                {
                    continue;
                }
            }

            return error;
        }
    }

    /// <summary>Reads <c>/fapi/v1/time</c> and updates the clock offset.</summary>
    public async Task<VenueResult<ServerTimeInfo>> SyncClockAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var result = await SendAsync(BinanceEndpoint.Time, [], BinanceJsonContext.Default.BinanceServerTime, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error;
        }

        var roundTrip = _time.GetUtcNow() - started;
        var info = new ServerTimeInfo
        {
            ServerTime = DateTimeOffset.FromUnixTimeMilliseconds(result.Data.ServerTime),
            LocalTime = started + (roundTrip / 2),
            RoundTrip = roundTrip,
        };
        return _clock.Update(info);
    }

    internal static string BuildQuery(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return sb.ToString();
    }

    private HttpRequestMessage BuildRequest(BinanceEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var query = BuildQuery(parameters);
        if (endpoint.Signed)
        {
            var signed = new StringBuilder(query);
            if (signed.Length > 0)
            {
                signed.Append('&');
            }

            signed.Append("recvWindow=").Append(_options.RecvWindowMs.ToString(CultureInfo.InvariantCulture))
                .Append("&timestamp=").Append(_clock.VenueNowMilliseconds.ToString(CultureInfo.InvariantCulture));
            var payload = signed.ToString();
            query = payload + "&signature=" + BinanceSigner.Sign(_options.ApiSecret!, payload);
        }

        var uri = new Uri(_environment.RestBaseUrl, query.Length == 0 ? endpoint.Path : endpoint.Path + "?" + query);
        var request = new HttpRequestMessage(endpoint.Method, uri);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", _options.ApiKey);
        }

        return request;
    }

    private VenueError? Acquire(BinanceEndpoint endpoint, OrderPurpose purpose)
    {
        var riskReducing = endpoint.RiskReducing || purpose.IsRiskReducing();
        return Governor.TryAcquire(endpoint.Costs, riskReducing);
    }

    private void Reconcile(VenueHttpResponse response)
    {
        if (response.Headers is null)
        {
            return;
        }

        foreach (var header in response.Headers)
        {
            var m = UsageHeader().Match(header.Key);
            if (!m.Success)
            {
                continue;
            }

            var type = m.Groups[1].Value.Equals("used-weight", StringComparison.OrdinalIgnoreCase) ? "REQUEST_WEIGHT" : "ORDERS";
            var window = WindowName(type, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value[0]);
            if (int.TryParse(header.Value.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var used))
            {
                Governor.ReconcileUsed(window, used);
            }
        }
    }

    private VenueError MapError(BinanceEndpoint endpoint, VenueHttpResponse response)
    {
        BinanceErrorBody? body = null;
        try
        {
            body = response.Body.Length > 0 ? JsonSerializer.Deserialize(response.Body, BinanceJsonContext.Default.BinanceErrorBody) : null;
        }
        catch (JsonException)
        {
            // Non-JSON error page (WAF, gateway): classified by status below.
        }

        var status = response.StatusCode;
        var code = body?.Code;
        var message = body?.Message ?? $"HTTP {status}";
        var now = _time.GetUtcNow();

        if (status == 418)
        {
            var until = BanEnd(message) ?? (response.RetryAfter is { } ra ? now + ra : now + TimeSpan.FromMinutes(2));
            Governor.BlockUntil(until, "HTTP 418 IP ban");
            _logger.LogError("Binance IP ban until {Until:O}; no request will be sent before then", until);
            return Error(VenueErrorKind.Banned, VenueErrorReason.IpBanned, code, message, status, until - now);
        }

        if (status == 429 || code is -1003)
        {
            var wait = response.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : NextMinuteBoundary(now) - now;
            Governor.BlockUntil(now + wait, "HTTP 429 rate limited");
            _logger.LogWarning("Binance rate limit hit (HTTP {Status}); blocking for {Wait}", status, wait);
            return Error(VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests, code, message, status, wait);
        }

        if (VenueHttpClient.IsServerSide(status))
        {
            var knownFailure = code is -1008 or -1001 || message.Contains("Service Unavailable", StringComparison.OrdinalIgnoreCase);
            if (endpoint.Intent == RequestIntent.Write && !knownFailure)
            {
                return Error(VenueErrorKind.OutcomeUnknown, code is null ? VenueErrorReason.ServerError : VenueErrorReason.ExecutionStatusUnknown, code, message, status, response.RetryAfter);
            }

            var reason = code == -1008 ? VenueErrorReason.TooManyRequests : VenueErrorReason.ServerError;
            return Error(VenueErrorKind.Transient, reason, code, message, status, response.RetryAfter);
        }

        var (kind, mapped) = BinanceErrorMap.Map(code ?? 0, status);
        if (kind == VenueErrorKind.OutcomeUnknown && endpoint.Intent == RequestIntent.Read)
        {
            kind = VenueErrorKind.Transient;
        }

        return Error(kind, mapped, code, message, status, response.RetryAfter);
    }

    private static DateTimeOffset NextMinuteBoundary(DateTimeOffset now)
    {
        var ticks = TimeSpan.TicksPerMinute;
        return new DateTimeOffset(((now.UtcTicks / ticks) + 1) * ticks, TimeSpan.Zero).AddSeconds(1);
    }

    private static DateTimeOffset? BanEnd(string message)
    {
        var m = BannedUntil().Match(message);
        return m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    private static VenueError Error(VenueErrorKind kind, VenueErrorReason reason, int? code, string message, int status, TimeSpan? retryAfter) => new()
    {
        Kind = kind,
        Reason = reason,
        Venue = VenueId.BinanceUsdFutures,
        VenueCode = code?.ToString(CultureInfo.InvariantCulture),
        Message = message,
        HttpStatus = status,
        RetryAfter = retryAfter,
    };

    private static VenueError Malformed(BinanceEndpoint endpoint, string detail) => new()
    {
        Kind = endpoint.Intent == RequestIntent.Write ? VenueErrorKind.OutcomeUnknown : VenueErrorKind.Transient,
        Reason = VenueErrorReason.MalformedResponse,
        Venue = VenueId.BinanceUsdFutures,
        Message = $"Malformed response from {endpoint.Method} {endpoint.Path}: {detail}",
    };

    [GeneratedRegex(@"^x-mbx-(used-weight|order-count)-(\d+)([smhd])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UsageHeader();

    [GeneratedRegex(@"banned until (\d{10,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BannedUntil();
}
