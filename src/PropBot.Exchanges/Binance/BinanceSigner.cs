using System.Security.Cryptography;
using System.Text;

namespace PropBot.Exchanges.Binance;

/// <summary>Binance HMAC-SHA256 request signing: lower-case hex of HMAC(key: UTF-8 secret, data: UTF-8 payload).</summary>
public static class BinanceSigner
{
    /// <summary>
    /// Signs the exact query string (or query + body concatenated) that will be sent. Never re-encode or re-order the
    /// parameters after signing.
    /// </summary>
    public static string Sign(string secret, string payload)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(payload);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(payload);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, hash);
        return Convert.ToHexStringLower(hash);
    }
}
