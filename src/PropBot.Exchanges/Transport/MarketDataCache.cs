using System.Collections.Concurrent;
using System.Text;

namespace PropBot.Exchanges.Transport;

/// <summary>
/// Latest market data of one symbol. Each value sits in a <see cref="SeqLockCell{T}"/>: writers copy in without a
/// lock, readers never block and retry if they raced a write (no allocation per update).
/// </summary>
internal sealed class MarketDataSlot(InstrumentId instrument)
{
    private readonly SeqLockCell<BookTop> _bookTop = new();
    private readonly SeqLockCell<MarkPriceInfo> _markPrice = new();
    private long _lastBookUpdateId;

    /// <summary>The instrument (its symbol string is allocated once, here).</summary>
    public InstrumentId Instrument { get; } = instrument;

    /// <summary>Update id of the latest stored book top (0 before the first); the parsers' stale-update check.</summary>
    public long LastBookUpdateId => Volatile.Read(ref _lastBookUpdateId);

    /// <summary>Per-symbol state a venue feed attaches to the slot (saves a second lookup on the hot path).</summary>
    public object? FeedState { get; set; }

    /// <summary>Stores the latest book top.</summary>
    public void SetBookTop(in BookTop value)
    {
        _bookTop.Write(value);
        Volatile.Write(ref _lastBookUpdateId, value.UpdateId);
    }

    /// <summary>Stores the latest mark price.</summary>
    public void SetMarkPrice(in MarkPriceInfo value) => _markPrice.Write(value);

    /// <summary>Latest book top, if any.</summary>
    public bool TryGetBookTop(out BookTop value) => _bookTop.TryRead(out value);

    /// <summary>Latest mark price, if any.</summary>
    public bool TryGetMarkPrice(out MarkPriceInfo value) => _markPrice.TryRead(out value);
}

/// <summary>
/// A sequence lock around one struct value: a writer makes the version odd, copies the value in and makes it even
/// again; a reader copies the value out between two equal even versions, retrying otherwise. Writers are serialised
/// by the compare-exchange on the version, so concurrent writers are safe too.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class SeqLockCell<T>
    where T : struct
{
    private int _version;
    private T _value;
    private bool _hasValue;

    /// <summary>Stores a value.</summary>
    public void Write(in T value)
    {
        var spinner = default(SpinWait);
        int version;
        while (true)
        {
            version = Volatile.Read(ref _version);
            if ((version & 1) == 0 && Interlocked.CompareExchange(ref _version, version + 1, version) == version)
            {
                break;
            }

            spinner.SpinOnce();
        }

        _value = value;
        _hasValue = true;
        Volatile.Write(ref _version, version + 2);
    }

    /// <summary>Reads the latest value; false before the first write.</summary>
    public bool TryRead(out T value)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _version);
            if ((before & 1) == 0)
            {
                value = _value;
                var has = _hasValue;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    return has;
                }
            }

            spinner.SpinOnce();
        }
    }
}

/// <summary>
/// Thread-safe latest <see cref="BookTop"/> and <see cref="MarkPriceInfo"/> per venue symbol, shared by the venue
/// feeds. Lookup by a UTF-8 or char span does not allocate (parsers look the symbol up straight from the frame).
/// </summary>
internal sealed class MarketDataCache
{
    private const int LinearLookupLimit = 32;
    private readonly ConcurrentDictionary<string, MarketDataSlot> _slots;
    private readonly ConcurrentDictionary<string, MarketDataSlot>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly Lock _addGate = new();
    private volatile Utf8Entry[]? _byUtf8 = [];

    /// <summary>Creates an empty cache. Symbols are matched case-insensitively (Binance streams use lower case names).</summary>
    public MarketDataCache(VenueId venue)
    {
        Venue = venue;
        _slots = new ConcurrentDictionary<string, MarketDataSlot>(StringComparer.OrdinalIgnoreCase);
        _byChars = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The venue.</summary>
    public VenueId Venue { get; }

    /// <summary>Symbols tracked.</summary>
    public ICollection<string> Symbols => _slots.Keys;

    /// <summary>The slot of a symbol, created on first use.</summary>
    public MarketDataSlot GetOrAdd(string symbol)
    {
        if (_slots.TryGetValue(symbol, out var existing))
        {
            return existing;
        }

        lock (_addGate)
        {
            var slot = _slots.GetOrAdd(symbol, static (s, v) => new MarketDataSlot(new InstrumentId(v, s)), Venue);
            var table = _byUtf8;
            if (table is not null)
            {
                // Copy-on-write table for the allocation-free UTF-8 lookup; a linear scan beats hashing for the few
                // symbols a feed carries. Non-ASCII symbols or many symbols switch to the dictionary for good.
                _byUtf8 = table.Length < LinearLookupLimit && Ascii.IsValid(symbol)
                    ? [.. table, new Utf8Entry(Encoding.ASCII.GetBytes(symbol), slot)]
                    : null;
            }

            return slot;
        }
    }

    /// <summary>The slot of a known symbol.</summary>
    public bool TryGetSlot(string symbol, out MarketDataSlot slot) => _slots.TryGetValue(symbol, out slot!);

    /// <summary>The slot of a known symbol given as chars (no allocation).</summary>
    public bool TryGetSlot(ReadOnlySpan<char> symbol, out MarketDataSlot slot) => _byChars.TryGetValue(symbol, out slot!);

    /// <summary>The slot of a known symbol given as ASCII/UTF-8 bytes (no allocation for symbols up to 64 bytes).</summary>
    public bool TryGetSlot(ReadOnlySpan<byte> utf8Symbol, out MarketDataSlot slot)
    {
        if (utf8Symbol.Length is 0 or > 64)
        {
            slot = null!;
            return false;
        }

        if (_byUtf8 is { } table)
        {
            foreach (var entry in table)
            {
                if (entry.Utf8.Length == utf8Symbol.Length && (utf8Symbol.SequenceEqual(entry.Utf8) || Ascii.EqualsIgnoreCase(entry.Utf8, utf8Symbol)))
                {
                    slot = entry.Slot;
                    return true;
                }
            }

            slot = null!;
            return false;
        }

        Span<char> chars = stackalloc char[64];
        var n = Encoding.UTF8.GetChars(utf8Symbol, chars);
        return _byChars.TryGetValue(chars[..n], out slot!);
    }

    /// <summary>Latest book top of a symbol.</summary>
    public bool TryGetBookTop(string symbol, out BookTop value)
    {
        if (_slots.TryGetValue(symbol, out var slot))
        {
            return slot.TryGetBookTop(out value);
        }

        value = default;
        return false;
    }

    /// <summary>Latest mark price of a symbol.</summary>
    public bool TryGetMarkPrice(string symbol, out MarkPriceInfo value)
    {
        if (_slots.TryGetValue(symbol, out var slot))
        {
            return slot.TryGetMarkPrice(out value);
        }

        value = default;
        return false;
    }
}

/// <summary>
/// Base of the venue market-data feeds: the cache, the update events and the read side of
/// <see cref="IMarketDataFeed"/>. Venue feeds own the connections.
/// </summary>
internal abstract class MarketDataFeedBase : IMarketDataFeed
{
    /// <summary>Creates the base.</summary>
    protected MarketDataFeedBase(VenueId venue)
    {
        Venue = venue;
        Cache = new MarketDataCache(venue);
    }

    /// <inheritdoc />
    public event Action<BookTop>? BookTopUpdated;

    /// <inheritdoc />
    public event Action<MarkPriceInfo>? MarkPriceUpdated;

    /// <inheritdoc />
    public VenueId Venue { get; }

    /// <summary>The cache.</summary>
    internal MarketDataCache Cache { get; }

    /// <inheritdoc />
    public abstract Task StartAsync(IEnumerable<string> symbols, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task StopAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IReadOnlyList<StreamHealth> GetHealth();

    /// <inheritdoc />
    public bool TryGetBookTop(string symbol, out BookTop bookTop) => Cache.TryGetBookTop(symbol, out bookTop);

    /// <inheritdoc />
    public bool TryGetMarkPrice(string symbol, out MarkPriceInfo markPrice) => Cache.TryGetMarkPrice(symbol, out markPrice);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stores a book top and raises <see cref="BookTopUpdated"/> (handler exceptions are swallowed: a subscriber never breaks the loop).</summary>
    protected void PublishBookTop(MarketDataSlot slot, in BookTop value)
    {
        slot.SetBookTop(value);
        if (BookTopUpdated is { } handler)
        {
            try
            {
                handler(value);
            }
            catch (Exception)
            {
                // Subscribers must not break the receive loop.
            }
        }
    }

    /// <summary>Stores a mark price and raises <see cref="MarkPriceUpdated"/>.</summary>
    protected void PublishMarkPrice(MarketDataSlot slot, in MarkPriceInfo value)
    {
        slot.SetMarkPrice(value);
        if (MarkPriceUpdated is { } handler)
        {
            try
            {
                handler(value);
            }
            catch (Exception)
            {
                // Subscribers must not break the receive loop.
            }
        }
    }

    /// <summary>Releases the connections.</summary>
    protected abstract ValueTask DisposeCoreAsync();
}

/// <summary>A symbol's ASCII bytes and its slot.</summary>
internal readonly record struct Utf8Entry(byte[] Utf8, MarketDataSlot Slot);
