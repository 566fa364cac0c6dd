using Microsoft.Extensions.Time.Testing;
using PropBot.Arbitrage.Journal;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class SqliteJournalStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private static JournalEntry Entry(string? exec, JournalRecordKind kind, string payload = "{\"n\":1}", bool terminal = false, bool publish = true) =>
        new() { ExecutionId = exec, Kind = kind, Payload = payload, IsTerminal = terminal, Publish = publish };

    [Fact]
    public async Task AppendAsync_AssignsContiguousSequencesAndChainsHashes()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);

        var first = await store.AppendAsync(Entry("e1", JournalRecordKind.Started), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await store.AppendAsync(Entry("e1", JournalRecordKind.Transition), CancellationToken.None);

        first.Sequence.ShouldBe(1);
        second.Sequence.ShouldBe(2);
        first.PreviousHash.ShouldBe(new string('0', 64));
        second.PreviousHash.ShouldBe(first.Hash);
        second.Time.ShouldBe(_time.GetUtcNow());
        first.RecordId.ShouldNotBe(second.RecordId);
    }

    [Fact]
    public async Task ReadExecutionAsync_ReturnsRecordsOfOneExecutionInOrder()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        await store.AppendAsync(Entry("e1", JournalRecordKind.Started), CancellationToken.None);
        await store.AppendAsync(Entry("e2", JournalRecordKind.Started), CancellationToken.None);
        await store.AppendAsync(Entry("e1", JournalRecordKind.Order, "{\"n\":2}"), CancellationToken.None);
        await store.AppendAsync(Entry("e1", JournalRecordKind.Fill, "{\"n\":3}"), CancellationToken.None);

        var records = await store.ReadExecutionAsync("e1", CancellationToken.None);

        records.Select(r => r.Sequence).ShouldBe([1L, 3L, 4L]);
        records.Select(r => r.Kind).ShouldBe([JournalRecordKind.Started, JournalRecordKind.Order, JournalRecordKind.Fill]);
    }

    [Fact]
    public async Task ReadRangeAsync_ReturnsInclusiveRange()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(Entry("e1", JournalRecordKind.Transition), CancellationToken.None);
        }

        var records = await store.ReadRangeAsync(2, 4, CancellationToken.None);

        records.Select(r => r.Sequence).ShouldBe([2L, 3L, 4L]);
    }

    [Fact]
    public async Task QueryAsync_FiltersByKindAndTimeAndPages()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            await store.AppendAsync(Entry("e1", i % 2 == 0 ? JournalRecordKind.Order : JournalRecordKind.Incident), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var page1 = await store.QueryAsync(new JournalQuery { Kinds = [JournalRecordKind.Order], Limit = 2 }, CancellationToken.None);
        var page2 = await store.QueryAsync(new JournalQuery { Kinds = [JournalRecordKind.Order], Limit = 2, AfterSequence = page1.NextAfterSequence!.Value }, CancellationToken.None);
        var byTime = await store.QueryAsync(new JournalQuery { From = start.AddMinutes(1), To = start.AddMinutes(3) }, CancellationToken.None);

        page1.Records.Select(r => r.Sequence).ShouldBe([1L, 3L]);
        page1.NextAfterSequence.ShouldBe(3);
        page2.Records.Select(r => r.Sequence).ShouldBe([5L]);
        page2.NextAfterSequence.ShouldBeNull();
        byTime.Records.Select(r => r.Sequence).ShouldBe([2L, 3L]);
    }

    [Fact]
    public async Task ListUnfinishedExecutionsAsync_ExcludesExecutionsWithATerminalRecord()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);
        await store.AppendAsync(Entry("e1", JournalRecordKind.Started), CancellationToken.None);
        await store.AppendAsync(Entry("e2", JournalRecordKind.Started), CancellationToken.None);
        await store.AppendAsync(Entry(null, JournalRecordKind.OperatorAction), CancellationToken.None);
        await store.AppendAsync(Entry("e1", JournalRecordKind.Completed, terminal: true), CancellationToken.None);
        await store.AppendAsync(Entry("e3", JournalRecordKind.Started), CancellationToken.None);

        var unfinished = await store.ListUnfinishedExecutionsAsync(CancellationToken.None);

        unfinished.ShouldBe(["e2", "e3"]);
    }

    [Fact]
    public async Task AppendAsync_SurvivesRestart()
    {
        JournalRecord last;
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            await store.AppendAsync(Entry("e1", JournalRecordKind.Started), CancellationToken.None);
            last = await store.AppendAsync(Entry("e1", JournalRecordKind.Order), CancellationToken.None);
        }

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var before = await reopened.ReadExecutionAsync("e1", CancellationToken.None);
        var next = await reopened.AppendAsync(Entry("e1", JournalRecordKind.Fill), CancellationToken.None);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);

        before.Count.ShouldBe(2);
        before[^1].ShouldBe(last);
        next.Sequence.ShouldBe(3);
        next.PreviousHash.ShouldBe(last.Hash);
        integrity.IsIntact.ShouldBeTrue(integrity.ToString());
        integrity.RecordCount.ShouldBe(3);
        (await reopened.ListUnfinishedExecutionsAsync(CancellationToken.None)).ShouldBe(["e1"]);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWriters_KeepSequencesContiguous()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync(Entry($"w{w}", JournalRecordKind.Transition, $"{{\"i\":{i}}}"), CancellationToken.None);
            }
        })));

        var all = await store.ReadRangeAsync(1, 1000, CancellationToken.None);
        all.Select(r => r.Sequence).ShouldBe(Enumerable.Range(1, 80).Select(i => (long)i));
        (await store.VerifyAsync(CancellationToken.None)).IsIntact.ShouldBeTrue();
        for (var w = 0; w < 8; w++)
        {
            var own = await store.ReadExecutionAsync($"w{w}", CancellationToken.None);
            own.Select(r => r.Payload).ShouldBe(Enumerable.Range(0, 10).Select(i => $"{{\"i\":{i}}}"));
        }
    }

    [Fact]
    public async Task VerifyAsync_TruncatedTrailingPayload_ReportsHashMismatchAtLastRecordAndKeepsIt()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(Entry("e1", JournalRecordKind.Order, "{\"clientOrderId\":\"pbA0\",\"quantity\":0.01}"), CancellationToken.None);
            }
        }

        _db.Execute("UPDATE journal_records SET payload = substr(payload, 1, 12) WHERE sequence = 3");

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);
        var records = await reopened.ReadExecutionAsync("e1", CancellationToken.None);

        integrity.IsIntact.ShouldBeFalse();
        integrity.Problem.ShouldBe(JournalIntegrityProblem.HashMismatch);
        integrity.Code.ShouldBe("JOURNAL_HASH_MISMATCH");
        integrity.FirstBadSequence.ShouldBe(3);
        integrity.LastValidSequence.ShouldBe(2);
        records.Count.ShouldBe(3, "a damaged record is reported, never silently dropped");
        records[^1].Payload.ShouldBe("{\"clientOrde");
    }

    [Fact]
    public async Task VerifyAsync_GarbageTrailingRecord_ReportsHashMismatch()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            await store.AppendAsync(Entry("e1", JournalRecordKind.Order), CancellationToken.None);
            await store.AppendAsync(Entry("e1", JournalRecordKind.Fill), CancellationToken.None);
        }

        _db.Execute("UPDATE journal_records SET payload = X'00FF13', kind = 'Zz', time_ticks = 'garbage' WHERE sequence = 2");

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);
        var records = await reopened.ReadExecutionAsync("e1", CancellationToken.None);

        integrity.Problem.ShouldBe(JournalIntegrityProblem.HashMismatch);
        integrity.FirstBadSequence.ShouldBe(2);
        records.Count.ShouldBe(2);
        records[1].Kind.ShouldBe(JournalRecordKind.Unknown);
    }

    [Fact]
    public async Task VerifyAsync_LostTrailingRecord_ReportsMissingTrailingRecords()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(Entry("e1", JournalRecordKind.Transition), CancellationToken.None);
            }
        }

        _db.Execute("DELETE FROM journal_records WHERE sequence = 3");

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);

        integrity.Problem.ShouldBe(JournalIntegrityProblem.MissingTrailingRecords);
        integrity.FirstBadSequence.ShouldBe(3);
        integrity.LastValidSequence.ShouldBe(2);
    }

    [Fact]
    public async Task VerifyAsync_MissingMiddleRecord_ReportsSequenceGap()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(Entry("e1", JournalRecordKind.Transition), CancellationToken.None);
            }
        }

        _db.Execute("DELETE FROM journal_records WHERE sequence = 2");

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);

        integrity.Problem.ShouldBe(JournalIntegrityProblem.SequenceGap);
        integrity.FirstBadSequence.ShouldBe(2);
    }

    [Fact]
    public async Task VerifyAsync_RecordRewrittenWithValidOwnHash_ReportsChainBroken()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync(Entry("e1", JournalRecordKind.Transition), CancellationToken.None);
            }
        }

        // A forger who recomputes the record's own hash still breaks the chain to the next record.
        var forged = SqliteJournalStore.ComputeHash(2, "forged", "e1", "Transition", 0, false, "{}", new string('0', 64));
        _db.Execute($"UPDATE journal_records SET record_id = 'forged', time_ticks = 0, payload = '{{}}', previous_hash = '{new string('0', 64)}', hash = '{forged}' WHERE sequence = 2");

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);

        integrity.Problem.ShouldBe(JournalIntegrityProblem.ChainBroken);
        integrity.FirstBadSequence.ShouldBe(2);
    }

    [Fact]
    public async Task VerifyAsync_DamagedFile_ReportsStorageCorrupt()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            for (var i = 0; i < 50; i++)
            {
                await store.AppendAsync(Entry("e1", JournalRecordKind.Transition, $"{{\"text\":\"{new string('x', 200)}\"}}"), CancellationToken.None);
            }
        }

        // Overwrite everything after the first page with garbage.
        var bytes = await File.ReadAllBytesAsync(_db.Path);
        for (var i = 4096; i < bytes.Length; i++)
        {
            bytes[i] = 0x5A;
        }

        await File.WriteAllBytesAsync(_db.Path, bytes);

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var integrity = await reopened.VerifyAsync(CancellationToken.None);

        integrity.IsIntact.ShouldBeFalse();
        integrity.Problem.ShouldBe(JournalIntegrityProblem.StorageCorrupt);
    }

    [Fact]
    public async Task AppendAsync_RedactsSecretLookingFields()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);

        var record = await store.AppendAsync(
            Entry("e1", JournalRecordKind.OperatorAction, "{\"apiKey\":\"abc\",\"nested\":{\"secretKey\":\"s\",\"passphrase\":\"p\",\"signature\":\"sig\"},\"clientOrderId\":\"pbA0\",\"idempotencyKey\":\"k1\"}"),
            CancellationToken.None);

        record.Payload.ShouldNotContain("abc");
        record.Payload.ShouldNotContain("\"s\"");
        record.Payload.ShouldNotContain("\"p\"");
        record.Payload.ShouldNotContain("\"sig\"");
        record.Payload.ShouldContain("pbA0");
        record.Payload.ShouldContain("k1");
        (await store.VerifyAsync(CancellationToken.None)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task AppendAsync_InvalidJson_Throws()
    {
        await using var store = new SqliteJournalStore(_db.Path, _time);

        await Should.ThrowAsync<ArgumentException>(() => store.AppendAsync(Entry("e1", JournalRecordKind.Order, "{not json"), CancellationToken.None));
    }

    [Fact]
    public async Task ReadOutboxAsync_ReturnsOnlyPublishedRecords_AndCursorIsDurable()
    {
        await using (var store = new SqliteJournalStore(_db.Path, _time))
        {
            await store.AppendAsync(Entry("e1", JournalRecordKind.Started), CancellationToken.None);
            await store.AppendAsync(Entry("e1", JournalRecordKind.Transition, publish: false), CancellationToken.None);
            await store.AppendAsync(Entry("e1", JournalRecordKind.Order), CancellationToken.None);
            await store.SetCursorAsync("hook", 1, CancellationToken.None);
            await store.SetCursorAsync("hook", 0, CancellationToken.None);
        }

        await using var reopened = new SqliteJournalStore(_db.Path, _time);
        var cursor = await reopened.GetCursorAsync("hook", CancellationToken.None);
        var pending = await reopened.ReadOutboxAsync(cursor, 10, CancellationToken.None);

        cursor.ShouldBe(1, "cursors never move backwards");
        pending.Select(r => r.Sequence).ShouldBe([3L]);
        (await reopened.GetCursorAsync("other", CancellationToken.None)).ShouldBe(0);
    }
}
