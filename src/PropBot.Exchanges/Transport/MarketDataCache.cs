using System.Collections.Concurrent;
using System.Text;

namespace PropBot.Exchanges.Transport;

/// <summary>Latest market data of one symbol. Values are copied under a per-slot lock (no allocation per update).</summary>
internal sealed class MarketDataSlot(InstrumentId instrument)
{
    private readonly Lock _gate = new();
    private BookTop _bookTop;
    private MarkPriceInfo _markPrice;
    private bool _hasBookTop;
    private bool _hasMarkPrice;
    private long _lastBookUpdateId;

    /// <summary>The instrument (its symbol string is allocated once, here).</summary>
    public InstrumentId Instrument { get; } = instrument;

    /// <summary>Stores the latest book top.</summary>
    public void SetBookTop(in BookTop value)
    {
        lock (_gate)
        {
            _bookTop = value;
            _hasBookTop = true;
            Volatile.Write(ref _lastBookUpdateId, value.UpdateId);
        }
    }

    /// <summary>Update id of the latest stored book top (0 before the first); read without the lock for the
    /// parsers' stale-update check.</summary>
    public long LastBookUpdateId => Volatile.Read(ref _lastBookUpdateId);

    /// <summary>Per-symbol state a venue feed attaches to the slot (saves a second lookup on the hot path).</summary>
    public object? FeedState { get; set; }

    /// <summary>Stores the latest mark price.</summary>
    public void SetMarkPrice(in MarkPriceInfo value)
    {
        lock (_gate)
        {
            _markPrice = value;
            _hasMarkPrice = true;
        }
    }

    /// <summary>Latest book top, if any.</summary>
    public bool TryGetBookTop(out BookTop value)
    {
        lock (_gate)
        {
            value = _bookTop;
            return _hasBookTop;
        }
    }

    /// <summary>Latest mark price, if any.</summary>
    public bool TryGetMarkPrice(out MarkPriceInfo value)
    {
        lock (_gate)
        {
            value = _markPrice;
            return _hasMarkPrice;
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
                if (entry.Utf8.Length == utf8Symbol.Length && Ascii.EqualsIgnoreCase(entry.Utf8, utf8Symbol))
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
