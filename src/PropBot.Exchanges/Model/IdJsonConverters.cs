using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropBot.Exchanges;

/// <summary>
/// Writes an id value type as its plain text (<c>"binance_um"</c>, not <c>{"value":"binance_um"}</c>), also as a
/// dictionary key. Reads the text, or the object form <c>{"value":"…"}</c> that records written before this converter
/// existed carry; anything invalid is a <see cref="JsonException"/> naming the type.
/// </summary>
/// <typeparam name="T">The id type.</typeparam>
internal abstract class TextIdJsonConverter<T> : JsonConverter<T>
    where T : struct
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text;
        if (reader.TokenType == JsonTokenType.String)
        {
            text = reader.GetString();
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            text = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isValue = string.Equals(reader.GetString(), "value", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (isValue && reader.TokenType == JsonTokenType.String)
                {
                    text = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            throw new JsonException($"{typeof(T).Name} must be a JSON string, was {reader.TokenType}.");
        }

        return Parse(text);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));

    /// <inheritdoc />
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Format(value));

    /// <summary>The id from its text, or false.</summary>
    protected abstract bool TryCreate(string text, out T value);

    /// <summary>The id's text.</summary>
    protected abstract string Format(T value);

    private T Parse(string? text) =>
        text is not null && TryCreate(text, out var value) ? value : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}.");
}

/// <summary>JSON text form of <see cref="VenueId"/>.</summary>
internal sealed class VenueIdJsonConverter : TextIdJsonConverter<VenueId>
{
    /// <inheritdoc />
    protected override bool TryCreate(string text, out VenueId value)
    {
        value = VenueId.IsValid(text) ? new VenueId(text) : default;
        return VenueId.IsValid(text);
    }

    /// <inheritdoc />
    protected override string Format(VenueId value) => value.Value ?? string.Empty;
}

/// <summary>JSON text form of <see cref="ClientOrderId"/>.</summary>
internal sealed class ClientOrderIdJsonConverter : TextIdJsonConverter<ClientOrderId>
{
    /// <inheritdoc />
    protected override bool TryCreate(string text, out ClientOrderId value)
    {
        value = ClientOrderId.IsValid(text) ? new ClientOrderId(text) : default;
        return ClientOrderId.IsValid(text);
    }

    /// <inheritdoc />
    protected override string Format(ClientOrderId value) => value.Value ?? string.Empty;
}

/// <summary>JSON text form of <see cref="VenueOrderId"/>.</summary>
internal sealed class VenueOrderIdJsonConverter : TextIdJsonConverter<VenueOrderId>
{
    /// <inheritdoc />
    protected override bool TryCreate(string text, out VenueOrderId value)
    {
        value = new VenueOrderId(text);
        return text.Length > 0;
    }

    /// <inheritdoc />
    protected override string Format(VenueOrderId value) => value.Value ?? string.Empty;
}

/// <summary>JSON text form of <see cref="UnifiedSymbol"/> (<c>BTC-USDT-PERP</c>).</summary>
internal sealed class UnifiedSymbolJsonConverter : TextIdJsonConverter<UnifiedSymbol>
{
    /// <inheritdoc />
    protected override bool TryCreate(string text, out UnifiedSymbol value) => UnifiedSymbol.TryParse(text, out value);

    /// <inheritdoc />
    protected override string Format(UnifiedSymbol value) => value.ToString();
}
