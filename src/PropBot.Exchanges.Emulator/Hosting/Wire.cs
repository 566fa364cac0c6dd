using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PropBot.Exchanges.Emulator.Hosting;

/// <summary>A finished response: status, JSON body, and whether the connection must be dropped instead.</summary>
internal readonly record struct Reply(int Status, byte[] Body, bool Drop = false);

/// <summary>Wire helpers shared by both venues: JSON building, decimal formatting, HMAC.</summary>
internal static class Wire
{
    private const string DecimalFormat = "0.############################";

    public static string D(decimal value) => value.ToString(DecimalFormat, CultureInfo.InvariantCulture);

    public static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static string MsText(DateTimeOffset time) => L(time.ToUnixTimeMilliseconds());

    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task SendAsync(HttpContext context, Reply reply)
    {
        if (reply.Drop)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = reply.Body.Length;
        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public static string HmacHex(string secret, string message)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
        return Convert.ToHexStringLower(mac);
    }

    public static string HmacBase64(string secret, string message)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
        return Convert.ToBase64String(mac);
    }

    public static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0;
        return !string.IsNullOrEmpty(text)
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static int Scale(decimal value)
    {
        var text = D(value);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    /// <summary>Number of decimals the text carries (trailing zeros ignored).</summary>
    public static int TextScale(decimal parsed) => Scale(parsed);

    public static bool IsMultiple(decimal value, decimal step) => step == 0 || value % step == 0;

    public static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0)
        {
            return "";
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
