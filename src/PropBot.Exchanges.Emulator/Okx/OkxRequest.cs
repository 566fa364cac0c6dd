using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Okx;

/// <summary>A parsed OKX REST request: query and JSON body parameters (all as strings) plus the exact signed bytes.</summary>
internal sealed class OkxRequest
{
    private readonly Dictionary<string, string> parameters = new(StringComparer.Ordinal);

    public required string Method { get; init; }

    /// <summary>Path plus <c>?query</c> exactly as sent (the prehash's requestPath).</summary>
    public required string PathAndQuery { get; init; }

    public required string Body { get; init; }

    public string? ApiKey { get; init; }

    public string? Sign { get; init; }

    public string? Timestamp { get; init; }

    public string? Passphrase { get; init; }

    public string? ContentType { get; init; }

    public bool BodyInvalid { get; private set; }

    public string? this[string name] => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<OkxRequest> ReadAsync(HttpContext context)
    {
        var http = context.Request;
        var body = HttpMethods.IsGet(http.Method) ? "" : await Wire.ReadBodyAsync(http, context.RequestAborted).ConfigureAwait(false);
        var request = new OkxRequest
        {
            Method = http.Method.ToUpperInvariant(),
            PathAndQuery = (http.Path.Value ?? "") + (http.QueryString.HasValue ? http.QueryString.Value : ""),
            Body = body,
            ApiKey = Header(http, "OK-ACCESS-KEY"),
            Sign = Header(http, "OK-ACCESS-SIGN"),
            Timestamp = Header(http, "OK-ACCESS-TIMESTAMP"),
            Passphrase = Header(http, "OK-ACCESS-PASSPHRASE"),
            ContentType = http.ContentType,
        };
        foreach (var (key, value) in http.Query)
        {
            request.parameters[key] = value.ToString();
        }

        if (body.Length > 0)
        {
            request.ParseBody(body);
        }

        return request;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    private void ParseBody(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                BodyInvalid = document.RootElement.ValueKind != JsonValueKind.Array;
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        parameters[property.Name] = property.Value.GetString() ?? "";
                        break;
                    case JsonValueKind.True:
                        parameters[property.Name] = "true";
                        break;
                    case JsonValueKind.False:
                        parameters[property.Name] = "false";
                        break;
                    case JsonValueKind.Null or JsonValueKind.Undefined:
                        break;
                    default:
                        parameters[property.Name] = property.Value.GetRawText();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            BodyInvalid = true;
        }
    }
}
