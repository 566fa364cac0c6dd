using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PropBot.Exchanges.Okx;

/// <summary>
/// OKX v5 request signing: <c>OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))</c>
/// for REST, and <c>Base64(HMAC-SHA256(secret, unixSeconds + "GET" + "/users/self/verify"))</c> for the WebSocket
/// login. The key is the secret's UTF-8 bytes (not decoded). Pure functions, reproduced against the reference vectors.
/// </summary>
public static class OkxSigner
{
    /// <summary>Request path signed by the WebSocket login.</summary>
    public const string WebSocketLoginPath = "/users/self/verify";

    /// <summary>Formats a REST timestamp: ISO 8601 UTC with milliseconds, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The REST prehash string: <paramref name="timestamp"/> + upper-case <paramref name="method"/> +
    /// <paramref name="requestPathAndQuery"/> (with <c>?query</c> for GET) + <paramref name="body"/> (empty for GET).
    /// </summary>
    public static string RestPrehash(string timestamp, string method, string requestPathAndQuery, string? body) =>
        string.Concat(timestamp, method.ToUpperInvariant(), requestPathAndQuery, body ?? string.Empty);

    /// <summary>Signs an arbitrary prehash string with the secret: Base64(HMAC-SHA256(UTF8(secret), UTF8(prehash))).</summary>
    public static string Sign(string secret, string prehash)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(prehash);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(prehash);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>The <c>OK-ACCESS-SIGN</c> header value of a REST request.</summary>
    /// <param name="secret">API secret.</param>
    /// <param name="timestamp">Exactly the <c>OK-ACCESS-TIMESTAMP</c> header value.</param>
    /// <param name="method">HTTP method (<c>GET</c>, <c>POST</c>).</param>
    /// <param name="requestPathAndQuery">Path including the query string, e.g. <c>/api/v5/account/balance?ccy=BTC</c>.</param>
    /// <param name="body">The exact JSON body sent, or null/empty for GET.</param>
    public static string SignRest(string secret, string timestamp, string method, string requestPathAndQuery, string? body) =>
        Sign(secret, RestPrehash(timestamp, method, requestPathAndQuery, body));

    /// <summary>The <c>sign</c> of a WebSocket login for a Unix-seconds timestamp string.</summary>
    public static string SignWebSocketLogin(string secret, string unixSeconds) =>
        Sign(secret, string.Concat(unixSeconds, "GET", WebSocketLoginPath));

    /// <summary>The <c>sign</c> of a WebSocket login at <paramref name="time"/> (Unix seconds).</summary>
    public static string SignWebSocketLogin(string secret, DateTimeOffset time) =>
        SignWebSocketLogin(secret, time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
}
