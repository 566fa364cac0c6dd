using BenchmarkDotNet.Attributes;
using PropBot.Arbitrage.Journal;

namespace PropBot.Benchmarks.Journal;

/// <summary>
/// Cost of one write-ahead append (WAL, synchronous=FULL: one fsync per append) and of the integrity check; the engine
/// pays the append on every transition, order and fill.
/// </summary>
[MemoryDiagnoser]
public class JournalAppendBenchmarks
{
    private const string Payload = "{\"executionId\":\"pb7f3a9c2e\",\"sequence\":4,\"kind\":\"OrderIntent\",\"leg\":\"A\",\"venue\":\"binance_um\",\"order\":{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"type\":\"Market\",\"quantity\":0.01,\"clientOrderId\":\"pb7f3a9c2eA0\"}}";
    private string directory = string.Empty;
    private SqliteJournalStore store = null!;

    /// <summary>Records already in the journal when the integrity check runs.</summary>
    [Params(1_000)]
    public int Records { get; set; }

    /// <summary>Creates a fresh journal file.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "propbot-journal-bench", Guid.NewGuid().ToString("N"));
        store = new SqliteJournalStore(Path.Combine(directory, "journal.db"));
        for (var i = 0; i < Records; i++)
        {
            await store.AppendAsync(new JournalEntry { ExecutionId = "pb7f3a9c2e", Kind = JournalRecordKind.Order, Payload = Payload }, CancellationToken.None);
        }
    }

    /// <summary>Deletes the journal.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>One durable append (record + outbox row + head in one transaction).</summary>
    [Benchmark]
    public Task<JournalRecord> Append() =>
        store.AppendAsync(new JournalEntry { ExecutionId = "pb7f3a9c2e", Kind = JournalRecordKind.Order, Payload = Payload }, CancellationToken.None);

    /// <summary>Full integrity check (quick_check + every hash).</summary>
    [Benchmark]
    public Task<JournalIntegrityResult> Verify() => store.VerifyAsync(CancellationToken.None);
}
