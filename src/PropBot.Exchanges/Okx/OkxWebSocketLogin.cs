using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PropBot.Exchanges.Okx.Wire;

namespace PropBot.Exchanges.Okx;

/// <summary>Builds the WebSocket <c>login</c> op for private channels (<c>timestamp</c> in Unix seconds, valid 30 s).</summary>
internal static class OkxWebSocketLogin
{
    // Base64 signatures contain '+' and '/': keep them literal rather than \u002B escapes.
    private static readonly JsonTypeInfo<OkxWsLoginRequest> TypeInfo = (JsonTypeInfo<OkxWsLoginRequest>)new JsonSerializerOptions
    {
        TypeInfoResolver = OkxJsonContext.Default,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(OkxWsLoginRequest));

    public static string Build(string apiKey, string passphrase, string secret, DateTimeOffset venueNow)
    {
        var timestamp = venueNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new OkxWsLoginRequest
        {
            Args =
            [
                new OkxWsLoginArg
                {
                    ApiKey = apiKey,
                    Passphrase = passphrase,
                    Timestamp = timestamp,
                    Sign = OkxSigner.SignWebSocketLogin(secret, timestamp),
                },
            ],
        };
        return JsonSerializer.Serialize(request, TypeInfo);
    }
}
