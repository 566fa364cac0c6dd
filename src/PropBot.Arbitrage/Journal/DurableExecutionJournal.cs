using System.Text.Json;
using System.Text.Json.Serialization;
using PropBot.Exchanges;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// The engine's write-ahead <see cref="IExecutionJournal"/> on an <see cref="IJournalStore"/>: each
/// <see cref="ExecutionEvent"/> becomes one durable record (JSON payload) before the engine acts on it.
/// </summary>
public sealed class DurableExecutionJournal : IExecutionJournal
{
    private readonly IJournalStore _store;

    /// <summary>Creates the journal on a store.</summary>
    public DurableExecutionJournal(IJournalStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public Task AppendAsync(ExecutionEvent executionEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        return _store.AppendAsync(ExecutionEventSerializer.ToEntry(executionEvent), cancellationToken);
    }
}

/// <summary>JSON form of <see cref="ExecutionEvent"/> in journal payloads.</summary>
internal static class ExecutionEventSerializer
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static JournalRecordKind KindOf(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.Started => JournalRecordKind.Started,
        ExecutionEventKind.Transition => JournalRecordKind.Transition,
        ExecutionEventKind.OrderIntent or ExecutionEventKind.OrderReported or ExecutionEventKind.OrderFailed
            or ExecutionEventKind.OrderOutcomeUnknown => JournalRecordKind.Order,
        ExecutionEventKind.LegCompleted => JournalRecordKind.Fill,
        ExecutionEventKind.Incident => JournalRecordKind.Incident,
        ExecutionEventKind.Completed => JournalRecordKind.Completed,
        _ => JournalRecordKind.Unknown,
    };

    public static JournalEntry ToEntry(ExecutionEvent executionEvent) => new()
    {
        ExecutionId = executionEvent.ExecutionId,
        Kind = KindOf(executionEvent.Kind),
        IsTerminal = executionEvent.Kind == ExecutionEventKind.Completed,
        Payload = JsonSerializer.Serialize(executionEvent, Options),
    };

    /// <summary>Reads an event back; null when the payload is not an execution event (or cannot be read).</summary>
    public static ExecutionEvent? TryRead(JournalRecord record)
    {
        try
        {
            return JsonSerializer.Deserialize<ExecutionEvent>(record.Payload, Options);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // A value object refused a damaged value (e.g. an invalid client order id).
            return null;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new StringValueConverter<ClientOrderId>(v => new ClientOrderId(v), v => v.Value));
        options.Converters.Add(new StringValueConverter<VenueId>(v => new VenueId(v), v => v.Value));
        options.Converters.Add(new StringValueConverter<VenueOrderId>(v => new VenueOrderId(v), v => v.Value));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Writes a validated identifier value type as its string (STJ would otherwise bypass its constructor).</summary>
internal sealed class StringValueConverter<T>(Func<string, T> create, Func<T, string> text) : JsonConverter<T>
    where T : struct
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a string for {typeof(T).Name}, was {reader.TokenType}.");
        }

        try
        {
            return create(reader.GetString()!);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(text(value));
}
