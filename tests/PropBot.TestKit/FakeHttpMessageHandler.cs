using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PropBot.TestKit;

/// <summary>A request as the fake handler saw it (body read eagerly).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Path of the request, e.g. <c>/fapi/v1/order</c>.</summary>
    public string Path => Uri.AbsolutePath;

    /// <summary>Raw query without the leading '?'.</summary>
    public string Query => Uri.Query.TrimStart('?');

    /// <summary>Query and form-body parameters (URL-decoded); body values win over query values of the same name.</summary>
    public IReadOnlyDictionary<string, string> Parameters
    {
        get
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            Add(Query, result);
            Add(Body, result);
            return result;
        }
    }

    /// <summary>Header value, case-insensitively, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    private static void Add(string text, Dictionary<string, string> into)
    {
        if (string.IsNullOrEmpty(text) || text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['))
        {
            return;
        }

        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : WebUtility.UrlDecode(pair[(eq + 1)..]);
            into[key] = value;
        }
    }
}

/// <summary>
/// A scripted <see cref="HttpMessageHandler"/>: records every request and answers with the first matching route
/// (or a queued response), else 404. Use with <c>new HttpClient(handler) { BaseAddress = ... }</c>.
/// </summary>
public sealed class FakeHttpMessageHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(Func<RecordedRequest, bool> Match, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Respond)> _routes = [];
    private readonly ConcurrentQueue<Func<RecordedRequest, HttpResponseMessage>> _queued = new();

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The last request.</summary>
    public RecordedRequest LastRequest => Requests[^1];

    /// <summary>Answers requests with <paramref name="method"/> and <paramref name="path"/> with a JSON body.</summary>
    public FakeHttpMessageHandler On(HttpMethod method, string path, string json, HttpStatusCode status = HttpStatusCode.OK, IReadOnlyDictionary<string, string>? headers = null) =>
        On(r => r.Method == method && r.Path == path, _ => Json(json, status, headers));

    /// <summary>Answers matching requests with a custom response (may throw to simulate a transport failure).</summary>
    public FakeHttpMessageHandler On(Func<RecordedRequest, bool> match, Func<RecordedRequest, HttpResponseMessage> respond) =>
        OnAsync(match, (r, _) => Task.FromResult(respond(r)));

    /// <summary>Answers matching requests asynchronously (e.g. a slow venue that honours cancellation).</summary>
    public FakeHttpMessageHandler OnAsync(Func<RecordedRequest, bool> match, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (_routes)
        {
            _routes.Add((match, respond));
        }

        return this;
    }

    /// <summary>Queues a one-off response used before routes.</summary>
    public FakeHttpMessageHandler Enqueue(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        _queued.Enqueue(respond);
        return this;
    }

    /// <summary>Builds a JSON response.</summary>
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            response.Headers.TryAddWithoutValidation(k, v);
        }

        return response;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers)
        {
            headers[h.Key] = string.Join(",", h.Value);
        }

        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        _requests.Enqueue(recorded);
        if (_queued.TryDequeue(out var queued))
        {
            return queued(recorded);
        }

        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? route = null;
        lock (_routes)
        {
            route = _routes.FirstOrDefault(r => r.Match(recorded)).Respond;
        }

        if (route is not null)
        {
            return await route(recorded, cancellationToken);
        }

        return Json($"{{\"code\":-9999,\"msg\":\"no fake route for {request.Method} {recorded.Path}\"}}", HttpStatusCode.NotFound);
    }
}
