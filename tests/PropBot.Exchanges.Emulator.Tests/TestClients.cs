using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PropBot.Exchanges.Emulator.Tests;

/// <summary>Raw HTTP client that signs Binance requests exactly as the reference specifies.</summary>
internal sealed class BinanceTestClient(Uri baseUrl, TimeProvider time, string apiKey = EmulatorOptions.DefaultApiKey, string secret = EmulatorOptions.DefaultApiSecret) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static string Sign(string secret, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));

    public long Timestamp => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<HttpResponseMessage> PublicAsync(string pathAndQuery) => http.GetAsync(pathAndQuery);

    /// <summary>Signed request with all parameters in the query string (the official SDK's recipe).</summary>
    public Task<HttpResponseMessage> SignedAsync(HttpMethod method, string path, string parameters, long? timestamp = null, string? keyOverride = null, string? secretOverride = null)
    {
        var query = (parameters.Length > 0 ? parameters + "&" : "") + "timestamp=" + (timestamp ?? Timestamp).ToString(CultureInfo.InvariantCulture);
        var signature = Sign(secretOverride ?? secret, query);
        var request = new HttpRequestMessage(method, $"{path}?{query}&signature={signature}");
        request.Headers.Add("X-MBX-APIKEY", keyOverride ?? apiKey);
        return http.SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> SendJsonAsync(HttpMethod method, string path, string parameters)
    {
        using var response = await SignedAsync(method, path, parameters);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }

    public HttpClient Http => http;

    public void Dispose() => http.Dispose();
}

/// <summary>Raw HTTP client that signs OKX requests exactly as the reference specifies.</summary>
internal sealed class OkxTestClient(Uri baseUrl, TimeProvider time) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static string Sign(string secret, string prehash) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(prehash)));

    public string Timestamp => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, string? timestamp = null, string? secret = null, string? passphrase = null, string? key = null)
    {
        var ts = timestamp ?? Timestamp;
        var sign = Sign(secret ?? EmulatorOptions.DefaultApiSecret, ts + method.Method + pathAndQuery + (body ?? ""));
        var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("OK-ACCESS-KEY", key ?? EmulatorOptions.DefaultApiKey);
        request.Headers.Add("OK-ACCESS-SIGN", sign);
        request.Headers.Add("OK-ACCESS-TIMESTAMP", ts);
        request.Headers.Add("OK-ACCESS-PASSPHRASE", passphrase ?? EmulatorOptions.DefaultOkxPassphrase);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return http.SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> JsonAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var response = await SendAsync(method, pathAndQuery, body);
        return ((int)response.StatusCode, await BinanceTestClient.ReadJsonAsync(response));
    }

    public async Task<JsonElement> PublicAsync(string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery);
        return await BinanceTestClient.ReadJsonAsync(response);
    }

    public HttpClient Http => http;

    public void Dispose() => http.Dispose();
}

/// <summary>Raw WebSocket helper.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();

    public static async Task<WsClient> ConnectAsync(Uri uri)
    {
        var client = new WsClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    public WebSocketState State => socket.State;

    public Task SendAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Next text message, or null when none arrives within the timeout or the socket closes.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        try
        {
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            return Encoding.UTF8.GetString(message.ToArray());
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Receives until a message satisfies the predicate (or the deadline passes).</summary>
    public async Task<string?> ReceiveUntilAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is null)
            {
                return null;
            }

            if (predicate(message))
            {
                return message;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        socket.Dispose();
    }
}

internal static class Json
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).ValueKind == JsonValueKind.String
        ? element.GetProperty(name).GetString()!
        : element.GetProperty(name).GetRawText();

    public static decimal Dec(this JsonElement element, string name) => decimal.Parse(element.Str(name), CultureInfo.InvariantCulture);

    public static int Code(this JsonElement element) => element.GetProperty("code").GetInt32();
}
