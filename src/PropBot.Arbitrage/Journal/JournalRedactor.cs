using System.Text.Json;
using System.Text.Json.Nodes;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// Defensive redaction of journal payloads: values of properties named like secrets are replaced by <c>***</c>
/// before anything is written. Callers must not put secrets in payloads; this is the second line of defence.
/// </summary>
internal static class JournalRedactor
{
    private static readonly string[] SensitiveFragments =
        ["secret", "passphrase", "password", "signature", "apikey", "api_key", "api-key", "privatekey", "private_key", "accesskey", "access_key", "token"];

    private static readonly string[] SensitiveExact = ["key", "sign", "sig", "auth", "authorization", "x-mbx-apikey", "ok-access-key", "ok-access-sign", "ok-access-passphrase"];

    /// <summary>Returns the payload with sensitive values redacted.</summary>
    /// <exception cref="ArgumentException">The payload is not valid JSON (a caller bug).</exception>
    public static string Redact(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Journal payload must be valid JSON: {ex.Message}", nameof(payload), ex);
        }

        return root is not null && RedactNode(root) ? root.ToJsonString() : payload;
    }

    internal static bool IsSensitive(string name)
    {
        var lower = name.ToLowerInvariant();
        if (SensitiveExact.Contains(lower))
        {
            return true;
        }

        foreach (var fragment in SensitiveFragments)
        {
            if (lower.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return lower.EndsWith("key", StringComparison.Ordinal) && !lower.EndsWith("idempotencykey", StringComparison.Ordinal)
            && !lower.EndsWith("idempotency_key", StringComparison.Ordinal);
    }

    private static bool RedactNode(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSensitive(name))
                    {
                        if (obj[name] is not JsonValue v || v.ToJsonString() != $"\"{JournalConstants.Redacted}\"")
                        {
                            obj[name] = JournalConstants.Redacted;
                            changed = true;
                        }
                    }
                    else if (obj[name] is { } child)
                    {
                        changed |= RedactNode(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        changed |= RedactNode(item);
                    }
                }

                break;
        }

        return changed;
    }
}
