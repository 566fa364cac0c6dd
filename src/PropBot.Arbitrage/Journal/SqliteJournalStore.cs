using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// The embedded journal store on SQLite (Microsoft.Data.Sqlite): WAL journal mode with <c>synchronous=FULL</c>, so an
/// append is on disk when <see cref="AppendAsync"/> returns; one append-only table of records, each with a SHA-256
/// hash chained to the previous record's hash and a committed head row, so edited, torn, garbage or missing trailing
/// records are detected by <see cref="VerifyAsync"/> and reported, never silently dropped. The outbox table and the
/// per-subscriber cursors live in the same database and are written in the same transaction. One connection, one
/// writer at a time (thread-safe). See <c>docs/JOURNAL.md</c>.
/// </summary>
public sealed class SqliteJournalStore : IJournalStore, IOutboxStore, IAsyncDisposable, IDisposable
{
    private const int SchemaVersion = 1;
    private const string RecordColumns = "sequence, record_id, execution_id, kind, time_ticks, terminal, payload, previous_hash, hash";

    private readonly string _databasePath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private long _headSequence;
    private string _headHash = JournalConstants.GenesisHash;
    private bool _disposed;

    /// <summary>Creates a store on <paramref name="databasePath"/> (the file is created on first use).</summary>
    /// <param name="databasePath">Path of the SQLite file.</param>
    /// <param name="timeProvider">Clock for record times (default: system).</param>
    /// <param name="logger">Logger (default: none).</param>
    public SqliteJournalStore(string databasePath, TimeProvider? timeProvider = null, ILogger<SqliteJournalStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _databasePath = databasePath;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public event Action<long>? RecordAppended;

    /// <summary>Path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    public async Task<JournalRecord> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var payload = JournalRedactor.Redact(entry.Payload);
        var recordId = Guid.NewGuid().ToString("N");
        JournalRecord record;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open(cancellationToken);
            var sequence = _headSequence + 1;
            var time = _timeProvider.GetUtcNow().ToUniversalTime();
            var kind = entry.Kind.ToString();
            var hash = ComputeHash(sequence, recordId, entry.ExecutionId, kind, time.UtcTicks, entry.IsTerminal, payload, _headHash);
            record = new JournalRecord
            {
                Sequence = sequence,
                RecordId = recordId,
                ExecutionId = entry.ExecutionId,
                Kind = entry.Kind,
                Time = time,
                IsTerminal = entry.IsTerminal,
                Payload = payload,
                PreviousHash = _headHash,
                Hash = hash,
            };

            // Past this point the append is not cancelled: a half-done append is worse than a late one.
            using (var transaction = connection.BeginTransaction())
            {
                using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = $"INSERT INTO journal_records ({RecordColumns}) VALUES ($seq, $id, $exec, $kind, $ticks, $terminal, $payload, $prev, $hash)";
                    insert.Parameters.AddWithValue("$seq", sequence);
                    insert.Parameters.AddWithValue("$id", recordId);
                    insert.Parameters.AddWithValue("$exec", (object?)entry.ExecutionId ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$kind", kind);
                    insert.Parameters.AddWithValue("$ticks", time.UtcTicks);
                    insert.Parameters.AddWithValue("$terminal", entry.IsTerminal ? 1 : 0);
                    insert.Parameters.AddWithValue("$payload", payload);
                    insert.Parameters.AddWithValue("$prev", _headHash);
                    insert.Parameters.AddWithValue("$hash", hash);
                    insert.ExecuteNonQuery();
                }

                if (entry.Publish)
                {
                    using var outbox = connection.CreateCommand();
                    outbox.Transaction = transaction;
                    outbox.CommandText = "INSERT INTO outbox_messages (sequence, record_id) VALUES ($seq, $id)";
                    outbox.Parameters.AddWithValue("$seq", sequence);
                    outbox.Parameters.AddWithValue("$id", recordId);
                    outbox.ExecuteNonQuery();
                }

                using (var head = connection.CreateCommand())
                {
                    head.Transaction = transaction;
                    head.CommandText = "INSERT INTO journal_head (id, sequence, hash) VALUES (1, $seq, $hash) ON CONFLICT(id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash";
                    head.Parameters.AddWithValue("$seq", sequence);
                    head.Parameters.AddWithValue("$hash", hash);
                    head.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            _headSequence = sequence;
            _headHash = hash;
        }
        finally
        {
            _gate.Release();
        }

        RaiseAppended(record.Sequence);
        return record;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalRecord>> ReadExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        return ReadAsync(
            $"SELECT {RecordColumns} FROM journal_records WHERE execution_id = $exec ORDER BY sequence",
            command => command.Parameters.AddWithValue("$exec", executionId),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalRecord>> ReadRangeAsync(long fromSequence, long toSequence, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {RecordColumns} FROM journal_records WHERE sequence >= $from AND sequence <= $to ORDER BY sequence",
            command =>
            {
                command.Parameters.AddWithValue("$from", fromSequence);
                command.Parameters.AddWithValue("$to", toSequence);
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "journal query limit must be 1 to 10000.");
        }

        var sql = new StringBuilder($"SELECT {RecordColumns} FROM journal_records WHERE sequence > $after");
        var kinds = query.Kinds is { Count: > 0 } ? query.Kinds.Select(k => k.ToString()).Distinct().ToList() : null;
        if (kinds is not null)
        {
            sql.Append(" AND kind IN (").AppendJoin(", ", kinds.Select((_, i) => $"$k{i}")).Append(')');
        }

        if (query.ExecutionId is not null)
        {
            sql.Append(" AND execution_id = $exec");
        }

        if (query.From is not null)
        {
            sql.Append(" AND time_ticks >= $from");
        }

        if (query.To is not null)
        {
            sql.Append(" AND time_ticks < $to");
        }

        sql.Append(" ORDER BY sequence LIMIT $limit");
        var records = await ReadAsync(
            sql.ToString(),
            command =>
            {
                command.Parameters.AddWithValue("$after", query.AfterSequence);
                command.Parameters.AddWithValue("$limit", query.Limit + 1);
                for (var i = 0; kinds is not null && i < kinds.Count; i++)
                {
                    command.Parameters.AddWithValue($"$k{i}", kinds[i]);
                }

                if (query.ExecutionId is not null)
                {
                    command.Parameters.AddWithValue("$exec", query.ExecutionId);
                }

                if (query.From is { } from)
                {
                    command.Parameters.AddWithValue("$from", from.UtcTicks);
                }

                if (query.To is { } to)
                {
                    command.Parameters.AddWithValue("$to", to.UtcTicks);
                }
            },
            cancellationToken).ConfigureAwait(false);

        if (records.Count > query.Limit)
        {
            var page = records.Take(query.Limit).ToList();
            return new JournalPage(page, page[^1].Sequence);
        }

        return new JournalPage(records, null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListUnfinishedExecutionsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT execution_id FROM journal_records WHERE execution_id IS NOT NULL GROUP BY execution_id HAVING MAX(terminal) = 0 ORDER BY MIN(sequence)";
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<JournalIntegrityResult> VerifyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        JournalIntegrityResult result;
        try
        {
            result = VerifyCore(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        if (!result.IsIntact)
        {
            _logger.LogError("Journal integrity check failed: {Code} at sequence {Sequence}: {Detail}", result.Code, result.FirstBadSequence, result.Detail);
        }

        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalRecord>> ReadOutboxAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {string.Join(", ", RecordColumns.Split(", ").Select(c => "r." + c))} FROM outbox_messages o JOIN journal_records r ON r.sequence = o.sequence WHERE o.sequence > $after ORDER BY o.sequence LIMIT $limit",
            command =>
            {
                command.Parameters.AddWithValue("$after", afterSequence);
                command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<long> GetCursorAsync(string subscriber, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriber);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT delivered_sequence FROM outbox_cursors WHERE subscriber = $name";
            command.Parameters.AddWithValue("$name", subscriber);
            var value = command.ExecuteScalar();
            return value is null or DBNull ? 0L : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SetCursorAsync(string subscriber, long sequence, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriber);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO outbox_cursors (subscriber, delivered_sequence, updated_ticks) VALUES ($name, $seq, $ticks) " +
                "ON CONFLICT(subscriber) DO UPDATE SET delivered_sequence = MAX(delivered_sequence, excluded.delivered_sequence), updated_ticks = excluded.updated_ticks";
            command.Parameters.AddWithValue("$name", subscriber);
            command.Parameters.AddWithValue("$seq", sequence);
            command.Parameters.AddWithValue("$ticks", _timeProvider.GetUtcNow().UtcTicks);
            command.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens the database (creating the schema) and returns the integrity check of what is there.</summary>
    public Task<JournalIntegrityResult> InitializeAsync(CancellationToken cancellationToken) => VerifyAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection?.Dispose();
        _connection = null;
        _gate.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static string ComputeHash(long sequence, string recordId, string? executionId, string kind, long timeTicks, bool terminal, string payload, string previousHash)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{sequence}\n{recordId}\n{executionId ?? "\0"}\n{kind}\n{timeTicks}\n{(terminal ? 1 : 0)}\n{payload}\n{previousHash}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private void RaiseAppended(long sequence)
    {
        try
        {
            RecordAppended?.Invoke(sequence);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A journal append listener failed");
        }
    }

    private async Task<IReadOnlyList<JournalRecord>> ReadAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var records = new List<JournalRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(ReadRecord(reader));
            }

            return records;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static JournalRecord ReadRecord(SqliteDataReader reader)
    {
        var kindText = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
        return new JournalRecord
        {
            Sequence = reader.GetInt64(0),
            RecordId = reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
            ExecutionId = reader.IsDBNull(2) ? null : reader.GetString(2),
            Kind = Enum.TryParse<JournalRecordKind>(kindText, ignoreCase: false, out var kind) && Enum.IsDefined(kind) && !int.TryParse(kindText, CultureInfo.InvariantCulture, out _)
                ? kind
                : JournalRecordKind.Unknown,
            Time = new DateTimeOffset(Math.Clamp(reader.GetInt64(4), DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero),
            IsTerminal = reader.GetInt64(5) != 0,
            Payload = reader.IsDBNull(6) ? string.Empty : ReadText(reader, 6),
            PreviousHash = reader.IsDBNull(7) ? string.Empty : reader.GetString(7),
            Hash = reader.IsDBNull(8) ? string.Empty : reader.GetString(8),
        };
    }

    private static string ReadText(SqliteDataReader reader, int ordinal)
    {
        // Garbage written as a BLOB must still come back (and fail its hash), not throw.
        var value = reader.GetValue(ordinal);
        return value switch
        {
            string s => s,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    private JournalIntegrityResult VerifyCore(CancellationToken cancellationToken)
    {
        long count = 0;
        long lastValid = 0;
        try
        {
            var connection = Open(cancellationToken);
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check";
                var outcome = Convert.ToString(check.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (!string.Equals(outcome, "ok", StringComparison.Ordinal))
                {
                    return new JournalIntegrityResult { Problem = JournalIntegrityProblem.StorageCorrupt, Detail = $"SQLite quick_check reported '{outcome}'." };
                }
            }

            var previousHash = JournalConstants.GenesisHash;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT {RecordColumns} FROM journal_records ORDER BY sequence";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    count++;
                    var sequence = reader.GetInt64(0);
                    JournalIntegrityResult Bad(JournalIntegrityProblem problem, long at, string detail) =>
                        new() { Problem = problem, RecordCount = count, LastValidSequence = lastValid, FirstBadSequence = at, Detail = detail };

                    if (sequence != lastValid + 1)
                    {
                        return Bad(JournalIntegrityProblem.SequenceGap, lastValid + 1, $"record {lastValid + 1} is missing; next present record is {sequence}.");
                    }

                    var stored = ReadRawColumns(reader);
                    var expected = ComputeHash(sequence, stored.RecordId, stored.ExecutionId, stored.Kind, stored.TimeTicks, stored.Terminal, stored.Payload, stored.PreviousHash);
                    if (!string.Equals(expected, stored.Hash, StringComparison.Ordinal))
                    {
                        return Bad(JournalIntegrityProblem.HashMismatch, sequence, $"record {sequence} does not match its hash (edited, garbage or torn).");
                    }

                    if (!string.Equals(stored.PreviousHash, previousHash, StringComparison.Ordinal))
                    {
                        return Bad(JournalIntegrityProblem.ChainBroken, sequence, $"record {sequence} does not chain to record {sequence - 1}.");
                    }

                    if (!IsJson(stored.Payload))
                    {
                        return Bad(JournalIntegrityProblem.InvalidPayload, sequence, $"record {sequence} payload is not valid JSON.");
                    }

                    previousHash = stored.Hash;
                    lastValid = sequence;
                }
            }

            var (headSequence, headHash) = ReadHead(connection);
            if (headSequence > lastValid)
            {
                return new JournalIntegrityResult
                {
                    Problem = JournalIntegrityProblem.MissingTrailingRecords,
                    RecordCount = count,
                    LastValidSequence = lastValid,
                    FirstBadSequence = lastValid + 1,
                    Detail = $"the head says {headSequence} records were committed, only {lastValid} are present.",
                };
            }

            if (headSequence < lastValid || (lastValid > 0 && !string.Equals(headHash, previousHash, StringComparison.Ordinal)))
            {
                return new JournalIntegrityResult
                {
                    Problem = JournalIntegrityProblem.ChainBroken,
                    RecordCount = count,
                    LastValidSequence = Math.Min(headSequence, lastValid),
                    FirstBadSequence = Math.Min(headSequence, lastValid) + 1,
                    Detail = $"the head (sequence {headSequence}) does not match the last record ({lastValid}).",
                };
            }

            return new JournalIntegrityResult { Problem = JournalIntegrityProblem.None, RecordCount = count, LastValidSequence = lastValid };
        }
        catch (SqliteException ex)
        {
            return new JournalIntegrityResult
            {
                Problem = JournalIntegrityProblem.StorageCorrupt,
                RecordCount = count,
                LastValidSequence = lastValid,
                FirstBadSequence = lastValid + 1,
                Detail = $"SQLite error {ex.SqliteErrorCode}: {ex.Message}",
            };
        }
    }

    private static (string RecordId, string? ExecutionId, string Kind, long TimeTicks, bool Terminal, string Payload, string PreviousHash, string Hash) ReadRawColumns(SqliteDataReader reader) =>
        (reader.IsDBNull(1) ? string.Empty : ReadText(reader, 1),
         reader.IsDBNull(2) ? null : ReadText(reader, 2),
         reader.IsDBNull(3) ? string.Empty : ReadText(reader, 3),
         reader.IsDBNull(4) ? 0L : reader.GetInt64(4),
         !reader.IsDBNull(5) && reader.GetInt64(5) != 0,
         reader.IsDBNull(6) ? string.Empty : ReadText(reader, 6),
         reader.IsDBNull(7) ? string.Empty : ReadText(reader, 7),
         reader.IsDBNull(8) ? string.Empty : ReadText(reader, 8));

    private static bool IsJson(string payload)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (long Sequence, string Hash) ReadHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash FROM journal_head WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0L, JournalConstants.GenesisHash);
    }

    private SqliteConnection Open(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null)
        {
            return _connection;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.GetDirectoryName(Path.GetFullPath(_databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
                pragmas.ExecuteNonQuery();
            }

            using (var schema = connection.CreateCommand())
            {
                schema.CommandText = $"""
                    CREATE TABLE IF NOT EXISTS journal_records (
                        sequence      INTEGER PRIMARY KEY,
                        record_id     TEXT    NOT NULL UNIQUE,
                        execution_id  TEXT    NULL,
                        kind          TEXT    NOT NULL,
                        time_ticks    INTEGER NOT NULL,
                        terminal      INTEGER NOT NULL,
                        payload       TEXT    NOT NULL,
                        previous_hash TEXT    NOT NULL,
                        hash          TEXT    NOT NULL);
                    CREATE INDEX IF NOT EXISTS ix_journal_records_execution ON journal_records (execution_id, sequence);
                    CREATE INDEX IF NOT EXISTS ix_journal_records_kind_time ON journal_records (kind, time_ticks);
                    CREATE TABLE IF NOT EXISTS journal_head (
                        id       INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence INTEGER NOT NULL,
                        hash     TEXT    NOT NULL);
                    CREATE TABLE IF NOT EXISTS outbox_messages (
                        sequence  INTEGER PRIMARY KEY,
                        record_id TEXT    NOT NULL);
                    CREATE TABLE IF NOT EXISTS outbox_cursors (
                        subscriber         TEXT    PRIMARY KEY,
                        delivered_sequence INTEGER NOT NULL,
                        updated_ticks      INTEGER NOT NULL);
                    PRAGMA user_version = {SchemaVersion};
                    """;
                schema.ExecuteNonQuery();
            }

            (_headSequence, _headHash) = ReadHead(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        _logger.LogInformation("Journal opened at {Path}; head sequence {Sequence}", _databasePath, _headSequence);
        return connection;
    }
}
