using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropBot.Host.Journal;

/// <summary>One journal entry. Also the outbox record: entries are published in sequence order.</summary>
internal sealed record JournalEntry
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

    /// <summary>Whether the outbox publisher has delivered the entry.</summary>
    public bool Published { get; init; }
}

/// <summary>Filter and page of a journal query.</summary>
internal sealed record JournalQuery(int Page, int PageSize, string? Kind, string? Severity, string? Venue, string? CorrelationId, DateTimeOffset? Since);

/// <summary>A page of journal entries, newest first.</summary>
internal sealed record JournalPage(int Page, int PageSize, int Total, IReadOnlyList<JournalEntry> Items);

/// <summary>
/// The host's journal and outbox. The in-memory implementation is the default; the journal package's durable store
/// plugs in behind this interface.
/// </summary>
internal interface IHostJournal
{
    Task<JournalEntry> AppendAsync(JournalEntry entry, object? data = null, CancellationToken cancellationToken = default);

    Task<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default);

    int Count { get; }

    int OutboxPending { get; }
}

internal sealed class InMemoryHostJournal(TimeProvider timeProvider, ILogger<InMemoryHostJournal> logger) : IHostJournal
{
    private const int Capacity = 20_000;
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly object _gate = new();
    private readonly LinkedList<JournalEntry> _entries = new();
    private long _seq;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public int OutboxPending => 0;

    public Task<JournalEntry> AppendAsync(JournalEntry entry, object? data = null, CancellationToken cancellationToken = default)
    {
        JournalEntry stored;
        lock (_gate)
        {
            stored = entry with
            {
                Seq = ++_seq,
                Time = timeProvider.GetUtcNow(),
                Data = data is null ? entry.Data : JsonSerializer.SerializeToElement(data, JsonOptions),
                Published = true,
            };
            _entries.AddLast(stored);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
        }

        // The outbox of the in-memory journal is the structured log: one line per entry, in order.
        logger.LogInformation("journal #{Seq} {Kind} [{Severity}] {Message}", stored.Seq, stored.Kind, stored.Severity, stored.Message);
        return Task.FromResult(stored);
    }

    public Task<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        List<JournalEntry> matches;
        lock (_gate)
        {
            matches = _entries.Reverse()
                .Where(e => query.Kind is null || e.Kind.StartsWith(query.Kind, StringComparison.Ordinal))
                .Where(e => query.Severity is null || e.Severity == query.Severity)
                .Where(e => query.Venue is null || e.Venue == query.Venue)
                .Where(e => query.CorrelationId is null || e.CorrelationId == query.CorrelationId)
                .Where(e => query.Since is null || e.Time >= query.Since)
                .ToList();
        }

        var items = matches.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return Task.FromResult(new JournalPage(query.Page, query.PageSize, matches.Count, items));
    }
}
