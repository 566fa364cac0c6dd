using System.Text.Json;
using System.Text.Json.Serialization;
using PropBot.Arbitrage.Journal;

namespace PropBot.Host.Journal;

/// <summary>One journal entry. Also the outbox record: entries are published in sequence order.</summary>
internal sealed record HostJournalEntry
{
    public long Seq { get; init; }

    public DateTimeOffset Time { get; init; }

    /// <summary>Dotted kind, e.g. <c>arb.execute.dry_run</c>, <c>risk.hold</c>, <c>live.approval</c>.</summary>
    public required string Kind { get; init; }

    /// <summary><c>info</c>, <c>warn</c> or <c>error</c>.</summary>
    public string Severity { get; init; } = "info";

    public string? Venue { get; init; }

    public string? Symbol { get; init; }

    /// <summary>Operator name (never a token).</summary>
    public string? Actor { get; init; }

    public string? CorrelationId { get; init; }

    public required string Message { get; init; }

    public JsonElement? Data { get; init; }

}

/// <summary>Filter and page of a journal query.</summary>
internal sealed record HostJournalQuery(int Page, int PageSize, string? Kind, string? Severity, string? Venue, string? CorrelationId, DateTimeOffset? Since);

/// <summary>A page of journal entries, newest first.</summary>
internal sealed record HostJournalPage(int Page, int PageSize, int Total, IReadOnlyList<HostJournalEntry> Items);

/// <summary>
/// Operator actions (approvals, revocations, live switch, hold/reset/kill, setup, flatten) written to the engine's
/// durable SQLite journal (<see cref="IJournalStore"/>, registered by <c>AddPropBotJournal</c>), so executions and
/// operator actions share one hash-chained journal and outbox. Never pass tokens: actors are operator names.
/// </summary>
internal interface IHostJournal
{
    Task<HostJournalEntry> AppendAsync(HostJournalEntry entry, object? data = null, CancellationToken cancellationToken = default);

    Task<HostJournalPage> QueryAsync(HostJournalQuery query, CancellationToken cancellationToken = default);
}

internal sealed class DurableHostJournal(IJournalStore store, ILogger<DurableHostJournal> logger) : IHostJournal
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task<HostJournalEntry> AppendAsync(HostJournalEntry entry, object? data = null, CancellationToken cancellationToken = default)
    {
        var payload = entry with { Data = data is null ? entry.Data : JsonSerializer.SerializeToElement(data, JsonOptions) };
        var record = await store.AppendAsync(new JournalEntry
        {
            ExecutionId = entry.CorrelationId,
            Kind = entry.Kind.StartsWith("live.approv", StringComparison.Ordinal) || entry.Kind.StartsWith("live.revo", StringComparison.Ordinal)
                ? JournalRecordKind.Approval
                : JournalRecordKind.OperatorAction,
            Payload = JsonSerializer.Serialize(payload, JsonOptions),
        }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("journal #{Seq} {Kind} [{Severity}] {Message}", record.Sequence, entry.Kind, entry.Severity, entry.Message);
        return payload with { Seq = record.Sequence, Time = record.Time };
    }

    public async Task<HostJournalPage> QueryAsync(HostJournalQuery query, CancellationToken cancellationToken = default)
    {
        // What maps onto the store's indexed columns is filtered in SQL (correlation id = execution_id, record kinds,
        // time); the payload fields (kind prefix, severity, venue) are filtered here on that narrower set.
        var all = new List<HostJournalEntry>();
        var kinds = KindsFor(query.Kind);
        long after = 0;
        while (true)
        {
            var page = await store.QueryAsync(new JournalQuery { AfterSequence = after, Limit = 500, From = query.Since, ExecutionId = query.CorrelationId, Kinds = kinds }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Records.Select(ToEntry));
            if (page.NextAfterSequence is not { } next || page.Records.Count == 0)
            {
                break;
            }

            after = next;
        }

        var matches = all
            .Where(e => query.Kind is null || e.Kind.StartsWith(query.Kind, StringComparison.Ordinal))
            .Where(e => query.Severity is null || e.Severity == query.Severity)
            .Where(e => query.Venue is null || e.Venue == query.Venue)
            .Where(e => query.CorrelationId is null || e.CorrelationId == query.CorrelationId)
            .Reverse()
            .ToList();
        var items = matches.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new HostJournalPage(query.Page, query.PageSize, matches.Count, items);
    }

    /// <summary>Record kinds a host kind filter can match: <c>exec.transition</c> → Transition; a host kind
    /// (<c>hedge.flatten</c>, <c>live.approve</c> …) → operator and approval records; no filter → all.</summary>
    private static JournalRecordKind[]? KindsFor(string? kind)
    {
        if (string.IsNullOrEmpty(kind))
        {
            return null;
        }

        if (!kind.StartsWith("exec", StringComparison.Ordinal))
        {
            return [JournalRecordKind.OperatorAction, JournalRecordKind.Approval];
        }

        var matching = Enum.GetValues<JournalRecordKind>()
            .Where(k => ("exec." + JsonNamingPolicy.SnakeCaseLower.ConvertName(k.ToString())).StartsWith(kind, StringComparison.Ordinal))
            .ToArray();
        return matching.Length == 0 ? [JournalRecordKind.Unknown] : matching;
    }

    /// <summary>Operator records carry the host entry as payload; engine records are shown as <c>exec.*</c> entries.</summary>
    private static HostJournalEntry ToEntry(JournalRecord r)
    {
        if (r.Kind is JournalRecordKind.OperatorAction or JournalRecordKind.Approval)
        {
            try
            {
                if (JsonSerializer.Deserialize<HostJournalEntry>(r.Payload, JsonOptions) is { } e)
                {
                    return e with { Seq = r.Sequence, Time = r.Time };
                }
            }
            catch (JsonException)
            {
                // Not a host entry (another writer): fall through to the generic view.
            }
        }

        JsonElement? data = null;
        try
        {
            data = JsonSerializer.Deserialize<JsonElement>(r.Payload);
        }
        catch (JsonException)
        {
            data = null;
        }

        var kind = "exec." + JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Kind.ToString());
        return new HostJournalEntry
        {
            Seq = r.Sequence,
            Time = r.Time,
            Kind = kind,
            Severity = r.Kind == JournalRecordKind.Incident ? "error" : "info",
            CorrelationId = r.ExecutionId,
            Message = kind,
            Data = data,
        };
    }
}
