using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using PropBot.Exchanges.Telemetry;

namespace PropBot.Exchanges.Transport;

/// <summary>Whether a request changes state at the venue (decides how transport failures are classified).</summary>
internal enum RequestIntent
{
    /// <summary>A read: transport failures are <see cref="VenueErrorKind.Transient"/>.</summary>
    Read,

    /// <summary>
    /// A write whose effect must be known (order placement, cancel): transport failures, timeouts and 5xx are
    /// <see cref="VenueErrorKind.OutcomeUnknown"/>.
    /// </summary>
    Write,
}

/// <summary>An HTTP response fully read (body bytes and headers), or a transport failure.</summary>
internal sealed class VenueHttpResponse
{
    /// <summary>HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; init; }

    /// <summary>Body bytes (empty on transport failure).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>Response headers, if a response arrived.</summary>
    public HttpResponseHeaders? Headers { get; init; }

    /// <summary>Retry-After, when the venue sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Round trip of the request.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Local time when the response (or failure) was observed.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The transport failure (timeout, connection drop), if no response arrived.</summary>
    public VenueError? TransportError { get; init; }

    /// <summary>Whether an HTTP response arrived with a 2xx status.</summary>
    public bool IsSuccessStatus => StatusCode is >= 200 and <= 299;

    /// <summary>Body as text (for error messages).</summary>
    public string BodyText(int max = 512)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        return text.Length <= max ? text : text[..max];
    }

    /// <summary>First value of a header, case-insensitively.</summary>
    public string? Header(string name) =>
        Headers is not null && Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>
/// Sends venue HTTP requests with a per-request timeout (default 5 s; never the 100 s <see cref="HttpClient"/>
/// default) and classifies transport failures: timeouts, dropped connections and 5xx are
/// <see cref="VenueErrorKind.OutcomeUnknown"/> for writes and <see cref="VenueErrorKind.Transient"/> for reads.
/// Cancellation by the caller is not a failure and propagates as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class VenueHttpClient
{
    /// <summary>Default per-request timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>Creates the helper.</summary>
    public VenueHttpClient(HttpClient http, VenueId venue, TimeProvider timeProvider, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _http = http;
        Venue = venue;
        _time = timeProvider;
        Timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(timeout));
    }

    /// <summary>The venue named in errors.</summary>
    public VenueId Venue { get; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Sends a request and reads the whole body within the timeout.</summary>
    public async Task<VenueHttpResponse> SendAsync(HttpRequestMessage request, RequestIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        using var timeoutCts = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var result = new VenueHttpResponse
            {
                StatusCode = (int)response.StatusCode,
                Body = body,
                Headers = response.Headers,
                RetryAfter = ReadRetryAfter(response.Headers, _time.GetUtcNow()),
                Elapsed = _time.GetElapsedTime(started),
                ReceivedAt = _time.GetUtcNow(),
            };
            ExchangesMetrics.RecordRequest(Venue, Route(request), ExchangesMetrics.StatusClass(result.StatusCode), result.Elapsed);
            if (intent == RequestIntent.Write && IsServerSide(result.StatusCode))
            {
                ExchangesMetrics.RecordOutcomeUnknown(Venue, "server_error");
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Failed(request, intent, VenueErrorReason.Timeout, $"No response within {Timeout.TotalMilliseconds:0} ms.", started);
        }
        catch (HttpRequestException ex)
        {
            return Failed(request, intent, VenueErrorReason.Network, $"Transport failure: {ex.HttpRequestError}.", started);
        }
        catch (IOException ex)
        {
            return Failed(request, intent, VenueErrorReason.Network, $"Transport failure: {ex.GetType().Name}.", started);
        }
    }

    /// <summary>Low-cardinality route tag: the request path without the query.</summary>
    private static string Route(HttpRequestMessage request) => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : "unknown";

    /// <summary>The error for a 5xx response without a more specific venue mapping.</summary>
    public VenueError ServerError(VenueHttpResponse response, RequestIntent intent, string? venueCode = null, string? message = null) => new()
    {
        Kind = intent == RequestIntent.Write ? VenueErrorKind.OutcomeUnknown : VenueErrorKind.Transient,
        Reason = VenueErrorReason.ServerError,
        Venue = Venue,
        VenueCode = venueCode,
        HttpStatus = response.StatusCode,
        RetryAfter = response.RetryAfter,
        Message = message ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {response.StatusCode}: {response.BodyText(200)}"),
    };

    /// <summary>Parses Retry-After (delta seconds or an HTTP date).</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var ra = headers.RetryAfter;
        if (ra is null)
        {
            return null;
        }

        if (ra.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (ra.Date is { } date)
        {
            var d = date - now;
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }

        return null;
    }

    /// <summary>Whether a status is a server error (5xx) or a gateway timeout class status (408).</summary>
    public static bool IsServerSide(int status) => status >= 500 || status == (int)HttpStatusCode.RequestTimeout;

    private VenueHttpResponse Failed(HttpRequestMessage request, RequestIntent intent, VenueErrorReason reason, string message, long started)
    {
        var elapsed = _time.GetElapsedTime(started);
        var outcome = reason == VenueErrorReason.Timeout ? "timeout" : "network";
        ExchangesMetrics.RecordRequest(Venue, Route(request), outcome, elapsed);
        if (intent == RequestIntent.Write)
        {
            ExchangesMetrics.RecordOutcomeUnknown(Venue, outcome);
        }

        return new()
        {
            StatusCode = 0,
            Elapsed = elapsed,
            ReceivedAt = _time.GetUtcNow(),
            TransportError = new VenueError
            {
                Kind = intent == RequestIntent.Write ? VenueErrorKind.OutcomeUnknown : VenueErrorKind.Transient,
                Reason = reason,
                Venue = Venue,
                Message = message,
            },
        };
    }
}
