namespace PropBot.Exchanges;

/// <summary>
/// A client order id valid on every supported venue: 1 to 32 ASCII letters or digits (the intersection of Binance
/// <c>newClientOrderId</c> and OKX <c>clOrdId</c> rules). Derive it from the intent so an unknown outcome can be
/// resolved by looking it up.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ClientOrderIdJsonConverter))]
public readonly record struct ClientOrderId
{
    /// <summary>Maximum length (OKX <c>clOrdId</c>).</summary>
    public const int MaxLength = 32;

    /// <summary>Creates a client order id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or not alphanumeric.</exception>
    public ClientOrderId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"Client order id must be 1-{MaxLength} ASCII letters or digits, was '{value}'.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The id as sent to the venue.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="value"/> is a valid client order id.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Derives a deterministic id from an execution id, a leg tag and an attempt number:
    /// <c>{execution}{leg}{attempt}</c>, e.g. <c>pb7f3a9c2eA0</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The result would not be a valid id.</exception>
    public static ClientOrderId Derive(string executionId, string leg, int attempt) =>
        new(string.Concat(executionId, leg, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>The venue's own order id (kept as text: Binance uses 64-bit numbers, OKX numeric strings).</summary>
/// <param name="Value">The id as the venue reports it.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(VenueOrderIdJsonConverter))]
public readonly record struct VenueOrderId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
