using Microsoft.AspNetCore.Http;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>A parsed Binance REST request: merged parameters (query wins) and the exact bytes that were signed.</summary>
internal sealed class BinanceRequest
{
    private readonly Dictionary<string, string> parameters = new(StringComparer.Ordinal);

    public string? ApiKey { get; private set; }

    public string? Signature { get; private set; }

    /// <summary>totalParams without the signature: query string concatenated with the body.</summary>
    public string SignedPayload { get; private set; } = "";

    public string? this[string name] => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool Has(string name) => parameters.ContainsKey(name);

    public static async Task<BinanceRequest> ReadAsync(HttpContext context)
    {
        var request = new BinanceRequest();
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value!.Substring(1) : "";
        var body = HttpMethods.IsGet(context.Request.Method) ? "" : await Wire.ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (context.Request.Headers.TryGetValue("X-MBX-APIKEY", out var key))
        {
            request.ApiKey = key.ToString();
        }

        request.Parse(body);
        request.Parse(query);
        var signedQuery = StripSignature(query, out var fromQuery);
        var signedBody = StripSignature(body, out var fromBody);
        request.Signature = fromQuery ?? fromBody;
        request.SignedPayload = signedQuery + signedBody;
        return request;
    }

    private void Parse(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            parameters[name] = value.Trim();
        }
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string StripSignature(string text, out string? signature)
    {
        signature = null;
        if (text.Length == 0)
        {
            return text;
        }

        var start = text.StartsWith("signature=", StringComparison.Ordinal) ? 0 : text.IndexOf("&signature=", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var valueStart = text.IndexOf('=', start) + 1;
        var end = text.IndexOf('&', valueStart);
        signature = end < 0 ? text[valueStart..] : text[valueStart..end];
        if (start == 0)
        {
            return end < 0 ? "" : text[(end + 1)..];
        }

        return end < 0 ? text[..start] : text[..start] + text[end..];
    }
}
