using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges.Okx.Wire;
using PropBot.Exchanges.RateLimiting;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Okx;

/// <summary>A decoded OKX response: the data rows on success, or the mapped error; plus timing for clock sync.</summary>
internal readonly record struct OkxResponse<T>(List<T>? Data, VenueError? Error, TimeSpan Elapsed, DateTimeOffset ReceivedAt)
{
    public bool Success => Error is null;
}

/// <summary>
/// The signed REST transport of the OKX client: builds the query once and the body once and signs exactly those bytes,
/// adds the demo header, passes every call through the rate-limit governor (fail fast), decodes the
/// <c>{code,msg,data}</c> envelope and the per-item <c>sCode</c>, and keeps the clock offset from
/// <c>/api/v5/public/time</c>. A <c>50102</c> (timestamp expired) triggers one resync and one retry.
/// </summary>
internal sealed class OkxRestClient
{
    private readonly VenueHttpClient _http;
    private readonly OkxSwapOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _basePath;
    private readonly string _baseUrl;
    private readonly VenueClock _clock;

    public OkxRestClient(HttpClient http, OkxSwapOptions options, OkxEnvironment environment, TimeProvider time, RateLimitGovernor governor, ILogger logger)
    {
        _options = options;
        Environment = environment;
        _time = time;
        Governor = governor;
        _logger = logger;
        _http = new VenueHttpClient(http, VenueId.OkxSwap, time, options.RequestTimeout);
        _clock = new VenueClock(time);
        _baseUrl = environment.RestBaseUrl.GetLeftPart(UriPartial.Authority);
        _basePath = environment.RestBaseUrl.AbsolutePath.TrimEnd('/');
    }

    public OkxEnvironment Environment { get; }

    public RateLimitGovernor Governor { get; }

    public ClockState Clock => _clock.State;

    public TimeSpan Offset => _clock.Offset;

    /// <summary>Venue time now (local clock plus the measured offset).</summary>
    public DateTimeOffset VenueNow => _clock.VenueNow;

    public ServerTimeInfo UpdateClock(ServerTimeInfo info) => _clock.Update(info);

    /// <summary>Reads <c>/api/v5/public/time</c> and updates the offset.</summary>
    public async Task<VenueResult<ServerTimeInfo>> SyncTimeAsync(CancellationToken cancellationToken)
    {
        var before = _time.GetUtcNow();
        var r = await SendAsync(OkxEndpoints.Time, null, null, null, OkxJsonContext.Default.ListOkxTime, riskReducing: true, cancellationToken).ConfigureAwait(false);
        if (r.Error is { } error)
        {
            return error;
        }

        if (r.Data is not { Count: > 0 } || OkxParse.MillisOrNull(r.Data[0].Ts) is not { } server)
        {
            return Malformed("public/time without ts");
        }

        var info = new ServerTimeInfo { ServerTime = server, LocalTime = before + (r.Elapsed / 2), RoundTrip = r.Elapsed };
        return UpdateClock(info);
    }

    /// <summary>Sends one request through the governor and decodes the envelope.</summary>
    /// <param name="endpoint">Endpoint (method, path, signing, limit).</param>
    /// <param name="instId">Instrument for per-instrument limits.</param>
    /// <param name="query">GET parameters (null/empty values skipped), in order.</param>
    /// <param name="body">POST body object (serialised once with the source-generated context).</param>
    /// <param name="typeInfo">Type of the data rows.</param>
    /// <param name="riskReducing">Whether the call may use the reserved lane.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<OkxResponse<T>> SendAsync<T>(
        OkxEndpoint endpoint,
        string? instId,
        IReadOnlyList<KeyValuePair<string, string?>>? query,
        object? body,
        JsonTypeInfo<List<T>> typeInfo,
        bool riskReducing,
        CancellationToken cancellationToken)
    {
        var windowName = endpoint.WindowName(instId);
        if (!Governor.HasWindow(windowName))
        {
            Governor.Configure(new RateLimitWindow(windowName, endpoint.Window, endpoint.Limit, RateLimitWindowKind.Sliding));
        }

        if (endpoint.Signed && !_options.HasCredentials)
        {
            return new(null, new VenueError
            {
                Kind = VenueErrorKind.Unauthorized,
                Reason = VenueErrorReason.InvalidApiKey,
                Venue = VenueId.OkxSwap,
                Message = "OKX API credentials are not configured (okx:api_key, okx:api_secret, okx:passphrase).",
            }, TimeSpan.Zero, _time.GetUtcNow());
        }

        var pathAndQuery = endpoint.Path + BuildQuery(query);
        var bodyText = body is null ? null : SerializeBody(body);
        var isWrite = endpoint.Method == "POST";

        for (var attempt = 0; ; attempt++)
        {
            if (Governor.TryAcquire(windowName, 1, riskReducing) is { } refused)
            {
                return new(null, refused, TimeSpan.Zero, _time.GetUtcNow());
            }

            using var request = BuildRequest(endpoint, pathAndQuery, bodyText);
            var response = await _http.SendAsync(request, isWrite ? RequestIntent.Write : RequestIntent.Read, cancellationToken).ConfigureAwait(false);
            var decoded = Decode(response, typeInfo, isWrite);
            if (decoded.Error is { Reason: VenueErrorReason.TimestampOutOfWindow, VenueCode: "50102" } && attempt == 0 && endpoint != OkxEndpoints.Time)
            {
                _logger.LogWarning("OKX rejected the request timestamp (50102); resynchronising the clock and retrying once.");
                var sync = await SyncTimeAsync(cancellationToken).ConfigureAwait(false);
                if (sync.Success)
                {
                    continue;
                }
            }

            if (decoded.Error is { Kind: VenueErrorKind.RateLimited } rl)
            {
                // OKX limits are per endpoint (and instrument): fill that window locally so the next calls fail fast
                // until it slides; a Retry-After longer than the window blocks the venue as a whole.
                Governor.ReconcileUsed(windowName, endpoint.Limit);
                if (rl.RetryAfter is { } retryAfter && retryAfter > endpoint.Window)
                {
                    Governor.BlockUntil(_time.GetUtcNow() + retryAfter, $"OKX rate limit {rl.VenueCode ?? rl.HttpStatus?.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            return decoded;
        }
    }

    internal static string BuildQuery(IReadOnlyList<KeyValuePair<string, string?>>? query)
    {
        if (query is null || query.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var (key, value) in query)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            sb.Append(sb.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return sb.ToString();
    }

    internal static string SerializeBody(object body) => body switch
    {
        OkxPlaceOrderRequest b => JsonSerializer.Serialize(b, OkxJsonContext.Default.OkxPlaceOrderRequest),
        OkxCancelOrderRequest b => JsonSerializer.Serialize(b, OkxJsonContext.Default.OkxCancelOrderRequest),
        OkxSetPositionModeRequest b => JsonSerializer.Serialize(b, OkxJsonContext.Default.OkxSetPositionModeRequest),
        OkxSetLeverageRequest b => JsonSerializer.Serialize(b, OkxJsonContext.Default.OkxSetLeverageRequest),
        OkxCancelAllAfterRequest b => JsonSerializer.Serialize(b, OkxJsonContext.Default.OkxCancelAllAfterRequest),
        string s => s,
        _ => throw new ArgumentException($"Unsupported OKX request body {body.GetType().Name}.", nameof(body)),
    };

    private HttpRequestMessage BuildRequest(OkxEndpoint endpoint, string pathAndQuery, string? bodyText)
    {
        var method = endpoint.Method == "POST" ? HttpMethod.Post : HttpMethod.Get;
        var signedPath = _basePath + pathAndQuery;
        var request = new HttpRequestMessage(method, new Uri(_baseUrl + signedPath));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method == HttpMethod.Post)
        {
            bodyText ??= "{}";
            request.Content = new StringContent(bodyText, Encoding.UTF8, "application/json");
        }

        if (Environment.IsDemo)
        {
            request.Headers.TryAddWithoutValidation(OkxConstants.DemoHeader, "1");
        }

        if (endpoint.Signed)
        {
            var timestamp = OkxSigner.FormatTimestamp(VenueNow);
            var sign = OkxSigner.SignRest(_options.ApiSecret, timestamp, endpoint.Method, signedPath, method == HttpMethod.Post ? bodyText : string.Empty);
            request.Headers.TryAddWithoutValidation("OK-ACCESS-KEY", _options.ApiKey);
            request.Headers.TryAddWithoutValidation("OK-ACCESS-SIGN", sign);
            request.Headers.TryAddWithoutValidation("OK-ACCESS-TIMESTAMP", timestamp);
            request.Headers.TryAddWithoutValidation("OK-ACCESS-PASSPHRASE", _options.Passphrase);
        }

        return request;
    }

    internal static OkxResponse<T> Decode<T>(VenueHttpResponse response, JsonTypeInfo<List<T>> typeInfo, bool isWrite)
    {
        if (response.TransportError is { } transport)
        {
            var error = transport.IsOutcomeUnknown
                ? transport with { Message = transport.Message + " Outcome unknown: resolve by clOrdId, do not re-send." }
                : transport;
            return new(null, error, response.Elapsed, response.ReceivedAt);
        }

        OkxEnvelope? envelope = null;
        try
        {
            if (response.Body.Length > 0)
            {
                envelope = JsonSerializer.Deserialize(response.Body, OkxJsonContext.Default.OkxEnvelope);
            }
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope?.Code is null)
        {
            var status = response.StatusCode;
            var err = status is >= 200 and <= 299
                ? MalformedError("Response is not an OKX envelope.", status)
                : OkxErrorMap.FromHttpStatus(status, $"HTTP {status}: {response.BodyText(200)}", isWrite) with { RetryAfter = response.RetryAfter };
            return new(null, err, response.Elapsed, response.ReceivedAt);
        }

        if (envelope.Code == "0" && response.IsSuccessStatus)
        {
            return DecodeData(envelope, typeInfo, response);
        }

        // "1" all failed / "2" partial: the reason is per item in sCode.
        if (envelope.Code is "1" or "2" && TryFirstItemError(envelope, response.StatusCode, isWrite) is { } itemError)
        {
            return new(null, itemError with { RetryAfter = response.RetryAfter }, response.Elapsed, response.ReceivedAt);
        }

        if (envelope.Code == "0")
        {
            // Code 0 with a non-2xx status: trust the status.
            return new(null, OkxErrorMap.FromHttpStatus(response.StatusCode, envelope.Msg, isWrite), response.Elapsed, response.ReceivedAt);
        }

        var mapped = OkxErrorMap.ToError(envelope.Code, envelope.Msg, response.StatusCode, isWrite);
        return new(null, mapped with { RetryAfter = response.RetryAfter }, response.Elapsed, response.ReceivedAt);
    }

    private static OkxResponse<T> DecodeData<T>(OkxEnvelope envelope, JsonTypeInfo<List<T>> typeInfo, VenueHttpResponse response)
    {
        try
        {
            var data = envelope.Data.ValueKind switch
            {
                JsonValueKind.Array => envelope.Data.Deserialize(typeInfo) ?? [],
                JsonValueKind.Undefined or JsonValueKind.Null => [],
                _ => null,
            };
            return data is null
                ? new(null, MalformedError("OKX data is not an array.", response.StatusCode), response.Elapsed, response.ReceivedAt)
                : new(data, null, response.Elapsed, response.ReceivedAt);
        }
        catch (JsonException ex)
        {
            return new(null, MalformedError($"OKX data could not be parsed: {ex.Message}", response.StatusCode), response.Elapsed, response.ReceivedAt);
        }
    }

    private static VenueError? TryFirstItemError(OkxEnvelope envelope, int status, bool isWrite)
    {
        if (envelope.Data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in envelope.Data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("sCode", out var sCodeEl))
            {
                continue;
            }

            var sCode = sCodeEl.ValueKind == JsonValueKind.String ? sCodeEl.GetString() : sCodeEl.GetRawText();
            if (string.IsNullOrEmpty(sCode) || sCode == "0")
            {
                continue;
            }

            var sMsg = item.TryGetProperty("sMsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return OkxErrorMap.ToError(sCode, sMsg, status, isWrite);
        }

        return null;
    }

    internal static VenueError MalformedError(string message, int? status = null) => new()
    {
        Kind = VenueErrorKind.Transient,
        Reason = VenueErrorReason.MalformedResponse,
        Venue = VenueId.OkxSwap,
        Message = message,
        HttpStatus = status,
    };

    private static VenueError Malformed(string what) => MalformedError($"Malformed OKX response: {what}.");
}
