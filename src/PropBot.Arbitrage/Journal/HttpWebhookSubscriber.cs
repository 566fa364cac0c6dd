using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// Outbox sink that POSTs each record as JSON to a URL with the header <c>Idempotency-Key: &lt;record id&gt;</c>.
/// Any 2xx acknowledges; anything else (non-2xx, network error, timeout) is retried by the dispatcher with the same
/// key. Body: <c>{"id","sequence","execution_id","kind","time","attempt","payload"}</c>.
/// </summary>
public sealed class HttpWebhookSubscriber : IOutboxSubscriber
{
    /// <summary>Name of the idempotency header.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly HttpClient _httpClient;
    private readonly Uri _url;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a webhook sink.</summary>
    /// <param name="name">Subscriber name (cursor key).</param>
    /// <param name="url">Absolute http(s) URL.</param>
    /// <param name="httpClient">Client used to send (not disposed here).</param>
    /// <param name="timeout">Timeout of one delivery.</param>
    /// <param name="timeProvider">Clock for the timeout.</param>
    /// <param name="logger">Logger.</param>
    public HttpWebhookSubscriber(string name, Uri url, HttpClient httpClient, TimeSpan timeout, TimeProvider? timeProvider = null, ILogger<HttpWebhookSubscriber>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"journal:webhooks:url must be an absolute http(s) URL, was '{url}'.", nameof(url));
        }

        Name = name;
        _url = url;
        _httpClient = httpClient;
        _timeout = timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(BuildBody(message)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, message.IdempotencyKey);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            _logger.LogWarning("Webhook {Subscriber} answered HTTP {Status} for record {Sequence}", Name, (int)response.StatusCode, message.Sequence);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Webhook {Subscriber} timed out for record {Sequence}", Name, message.Sequence);
            return false;
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning("Webhook {Subscriber} failed for record {Sequence}: {Error}", Name, message.Sequence, ex.Message);
            return false;
        }
    }

    internal static byte[] BuildBody(OutboxMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", message.IdempotencyKey);
            writer.WriteNumber("sequence", message.Sequence);
            if (message.ExecutionId is null)
            {
                writer.WriteNull("execution_id");
            }
            else
            {
                writer.WriteString("execution_id", message.ExecutionId);
            }

            writer.WriteString("kind", message.Kind.ToString());
            writer.WriteString("time", message.Time.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("attempt", message.Attempt);
            writer.WritePropertyName("payload");
            try
            {
                writer.WriteRawValue(message.Payload, skipInputValidation: false);
            }
            catch (JsonException)
            {
                // A damaged record is still delivered (as a string) so the receiver sees it.
                writer.WriteStringValue(message.Payload);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
