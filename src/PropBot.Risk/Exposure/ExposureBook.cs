using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>
/// Positions per instrument in two views: the <b>venue view</b> (venue-reported positions, moved by our fills between
/// reports) that caps and delta are computed from, and the <b>ledger</b> (our own fills only) that
/// <see cref="CompareWithLedger"/> checks the venue view against. Notional is |quantity| × mark in USD. Thread-safe;
/// reads are allocation-free.
/// </summary>
public sealed class ExposureBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<InstrumentId, Entry> entries = [];

    /// <summary>Registers the underlying of an instrument (needed for delta of venue-reported positions).</summary>
    public void RegisterInstrument(InstrumentId instrument, UnifiedSymbol underlying)
    {
        lock (gate)
        {
            GetOrAdd(instrument).Underlying = underlying;
        }
    }

    /// <summary>Updates the mark price of an instrument (ignored unless positive).</summary>
    public void UpdateMark(InstrumentId instrument, decimal markPrice)
    {
        if (markPrice <= 0m)
        {
            return;
        }

        lock (gate)
        {
            GetOrAdd(instrument).Mark = markPrice;
        }
    }

    /// <summary>Applies one of our fills to both views (and registers the underlying); the fill price becomes the mark if none is known.</summary>
    public void ApplyFill(Fill fill, UnifiedSymbol underlying)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var signed = fill.Side == OrderSide.Buy ? fill.Quantity : -fill.Quantity;
        lock (gate)
        {
            var e = GetOrAdd(fill.Instrument);
            e.Underlying = underlying;
            e.VenueQuantity += signed;
            e.LedgerQuantity += signed;
            if (e.Mark <= 0m && fill.Price > 0m)
            {
                e.Mark = fill.Price;
            }
        }
    }

    /// <summary>
    /// Replaces the venue view of <paramref name="venue"/> with a full position report (instruments not listed are
    /// flat). Quantities are summed per instrument (hedge mode reports long and short separately); marks are taken
    /// from the report when positive. Underlyings come from <see cref="RegisterInstrument"/> or <paramref name="mapper"/>.
    /// </summary>
    public void ApplyVenuePositions(VenueId venue, IReadOnlyList<Position> positions, ISymbolMapper? mapper = null)
    {
        ArgumentNullException.ThrowIfNull(positions);
        lock (gate)
        {
            foreach (var kv in entries)
            {
                if (kv.Key.Venue == venue)
                {
                    kv.Value.VenueQuantity = 0m;
                }
            }

            foreach (var p in positions)
            {
                if (p.Instrument.Venue != venue)
                {
                    continue;
                }

                var e = GetOrAdd(p.Instrument);
                e.VenueQuantity += p.Quantity;
                if (p.MarkPrice > 0m)
                {
                    e.Mark = p.MarkPrice;
                }

                if (e.Underlying is null && mapper is not null && mapper.TryToUnified(p.Instrument.Symbol, out var u))
                {
                    e.Underlying = u;
                }
            }
        }
    }

    /// <summary>Sets the ledger quantity of an instrument (restart recovery from the journal).</summary>
    public void SetLedgerQuantity(InstrumentId instrument, decimal quantity)
    {
        lock (gate)
        {
            GetOrAdd(instrument).LedgerQuantity = quantity;
        }
    }

    /// <summary>
    /// Makes the ledger equal to the venue view for every instrument: call it once after a restart reconciliation has
    /// adopted the venue positions (otherwise pre-existing positions show up as a snapshot mismatch).
    /// </summary>
    public void AdoptVenueViewAsLedger()
    {
        lock (gate)
        {
            foreach (var kv in entries)
            {
                kv.Value.LedgerQuantity = kv.Value.VenueQuantity;
            }
        }
    }

    /// <summary>Signed venue-view quantity (base asset) of an instrument.</summary>
    public decimal GetQuantity(InstrumentId instrument)
    {
        lock (gate)
        {
            return entries.TryGetValue(instrument, out var e) ? e.VenueQuantity : 0m;
        }
    }

    /// <summary>Signed ledger quantity (base asset) of an instrument.</summary>
    public decimal GetLedgerQuantity(InstrumentId instrument)
    {
        lock (gate)
        {
            return entries.TryGetValue(instrument, out var e) ? e.LedgerQuantity : 0m;
        }
    }

    /// <summary>Last known mark of an instrument, 0 if none.</summary>
    public decimal GetMark(InstrumentId instrument)
    {
        lock (gate)
        {
            return entries.TryGetValue(instrument, out var e) ? e.Mark : 0m;
        }
    }

    /// <summary>Absolute notional of one instrument, USD at mark.</summary>
    public decimal SymbolNotionalUsd(InstrumentId instrument)
    {
        lock (gate)
        {
            return entries.TryGetValue(instrument, out var e) ? Math.Abs(e.VenueQuantity) * e.Mark : 0m;
        }
    }

    /// <summary>Sum of absolute notionals on one venue, USD at mark.</summary>
    public decimal VenueNotionalUsd(VenueId venue)
    {
        lock (gate)
        {
            var sum = 0m;
            foreach (var kv in entries)
            {
                if (kv.Key.Venue == venue)
                {
                    sum += Math.Abs(kv.Value.VenueQuantity) * kv.Value.Mark;
                }
            }

            return sum;
        }
    }

    /// <summary>Sum of absolute notionals on all venues, USD at mark.</summary>
    public decimal TotalNotionalUsd()
    {
        lock (gate)
        {
            var sum = 0m;
            foreach (var kv in entries)
            {
                sum += Math.Abs(kv.Value.VenueQuantity) * kv.Value.Mark;
            }

            return sum;
        }
    }

    /// <summary>Net signed quantity of an underlying across venues, base asset.</summary>
    public decimal NetDeltaBase(UnifiedSymbol underlying)
    {
        lock (gate)
        {
            var sum = 0m;
            foreach (var kv in entries)
            {
                if (kv.Value.Underlying == underlying)
                {
                    sum += kv.Value.VenueQuantity;
                }
            }

            return sum;
        }
    }

    /// <summary>Net signed notional of an underlying across venues (Σ quantity × mark), USD.</summary>
    public decimal NetDeltaUsd(UnifiedSymbol underlying)
    {
        lock (gate)
        {
            return NetDeltaUsdUnlocked(underlying);
        }
    }

    /// <summary>A copy of every instrument's state (for status pages and monitors).</summary>
    public IReadOnlyList<ExposureEntry> Snapshot()
    {
        lock (gate)
        {
            var list = new List<ExposureEntry>(entries.Count);
            foreach (var kv in entries)
            {
                list.Add(new ExposureEntry(kv.Key, kv.Value.Underlying, kv.Value.VenueQuantity, kv.Value.LedgerQuantity, kv.Value.Mark));
            }

            return list;
        }
    }

    /// <summary>Underlyings with any registered instrument.</summary>
    public IReadOnlyList<UnifiedSymbol> Underlyings()
    {
        lock (gate)
        {
            var list = new List<UnifiedSymbol>();
            foreach (var kv in entries)
            {
                if (kv.Value.Underlying is { } u && !list.Contains(u))
                {
                    list.Add(u);
                }
            }

            return list;
        }
    }

    /// <summary>
    /// Instruments whose venue view and ledger differ by more than <paramref name="toleranceUsd"/> at mark (or by any
    /// quantity when no mark is known). Empty when they agree.
    /// </summary>
    public IReadOnlyList<ExposureEntry> CompareWithLedger(decimal toleranceUsd)
    {
        lock (gate)
        {
            List<ExposureEntry>? diffs = null;
            foreach (var kv in entries)
            {
                var e = kv.Value;
                var diff = Math.Abs(e.VenueQuantity - e.LedgerQuantity);
                if (diff == 0m)
                {
                    continue;
                }

                if (e.Mark <= 0m || diff * e.Mark > toleranceUsd)
                {
                    (diffs ??= []).Add(new ExposureEntry(kv.Key, e.Underlying, e.VenueQuantity, e.LedgerQuantity, e.Mark));
                }
            }

            return diffs is null ? [] : diffs;
        }
    }

    /// <summary>
    /// Evaluates the post-trade exposure of up to two legs under the lock; allocation-free. Marks: the leg price for the
    /// leg's instrument, the book's mark for the rest.
    /// </summary>
    internal PostTrade EvaluatePostTrade(in RiskLeg a, bool hasB, in RiskLeg b)
    {
        lock (gate)
        {
            var twoInstruments = hasB && a.Instrument != b.Instrument;
            var bInstrument = twoInstruments ? b.Instrument : default;
            var qa0 = Quantity(a.Instrument);
            var qa1 = qa0 + a.SignedQuantity + (hasB && !twoInstruments ? b.SignedQuantity : 0m);
            var symA0 = Math.Abs(qa0) * a.Price;
            var symA1 = Math.Abs(qa1) * a.Price;

            decimal symB0 = 0m, symB1 = 0m;
            if (twoInstruments)
            {
                var qb0 = Quantity(b.Instrument);
                symB0 = Math.Abs(qb0) * b.Price;
                symB1 = Math.Abs(qb0 + b.SignedQuantity) * b.Price;
            }

            // Everything else at stored marks; the legs' instruments at the legs' prices, before and after.
            decimal venueARest = 0m, venueBRest = 0m, totalRest = 0m;
            var venueB = twoInstruments ? b.Instrument.Venue : a.Instrument.Venue;
            foreach (var kv in entries)
            {
                if (kv.Key == a.Instrument || (twoInstruments && kv.Key == bInstrument))
                {
                    continue;
                }

                var n = Math.Abs(kv.Value.VenueQuantity) * kv.Value.Mark;
                totalRest += n;
                if (kv.Key.Venue == a.Instrument.Venue)
                {
                    venueARest += n;
                }

                if (kv.Key.Venue == venueB)
                {
                    venueBRest += n;
                }
            }

            var bOnA = twoInstruments && venueB == a.Instrument.Venue;
            var venueA0 = venueARest + symA0 + (bOnA ? symB0 : 0m);
            var venueA1 = venueARest + symA1 + (bOnA ? symB1 : 0m);
            var venueB0 = bOnA ? venueA0 : venueBRest + symB0;
            var venueB1 = bOnA ? venueA1 : venueBRest + symB1;
            var total0 = totalRest + symA0 + symB0;
            var total1 = totalRest + symA1 + symB1;

            // Delta per underlying: legs on the same underlying combine.
            var deltaA0 = NetDeltaUsdUnlocked(a.Underlying, a.Instrument, a.Price, bInstrument, twoInstruments ? b.Price : 0m);
            var deltaA1 = deltaA0 + a.SignedQuantity * a.Price + (hasB && b.Underlying == a.Underlying ? b.SignedQuantity * b.Price : 0m);
            decimal deltaB0 = deltaA0, deltaB1 = deltaA1;
            if (hasB && b.Underlying != a.Underlying)
            {
                deltaB0 = NetDeltaUsdUnlocked(b.Underlying, b.Instrument, b.Price, default, 0m);
                deltaB1 = deltaB0 + b.SignedQuantity * b.Price;
            }

            return new PostTrade(symA0, symA1, symB0, symB1, venueA0, venueA1, venueB0, venueB1, total0, total1, deltaA0, deltaA1, deltaB0, deltaB1, !twoInstruments);
        }
    }

    private decimal Quantity(InstrumentId instrument) => entries.TryGetValue(instrument, out var e) ? e.VenueQuantity : 0m;

    private decimal NetDeltaUsdUnlocked(UnifiedSymbol underlying)
    {
        var sum = 0m;
        foreach (var kv in entries)
        {
            if (kv.Value.Underlying == underlying)
            {
                sum += kv.Value.VenueQuantity * kv.Value.Mark;
            }
        }

        return sum;
    }

    /// <summary>Net delta at mark, pricing the given instruments at the given prices (the legs' prices).</summary>
    private decimal NetDeltaUsdUnlocked(UnifiedSymbol underlying, InstrumentId i1, decimal p1, InstrumentId i2, decimal p2)
    {
        var sum = 0m;
        foreach (var kv in entries)
        {
            if (kv.Value.Underlying == underlying)
            {
                var mark = kv.Key == i1 ? p1 : kv.Key == i2 && p2 > 0m ? p2 : kv.Value.Mark;
                sum += kv.Value.VenueQuantity * mark;
            }
        }

        return sum;
    }

    private Entry GetOrAdd(InstrumentId instrument)
    {
        if (!entries.TryGetValue(instrument, out var e))
        {
            e = new Entry();
            entries.Add(instrument, e);
        }

        return e;
    }

    private sealed class Entry
    {
        public UnifiedSymbol? Underlying;
        public decimal VenueQuantity;
        public decimal LedgerQuantity;
        public decimal Mark;
    }

    /// <summary>Pre (0) and post (1) trade values of one evaluation.</summary>
    internal readonly record struct PostTrade(
        decimal SymbolA0, decimal SymbolA1, decimal SymbolB0, decimal SymbolB1,
        decimal VenueA0, decimal VenueA1, decimal VenueB0, decimal VenueB1,
        decimal Total0, decimal Total1,
        decimal DeltaA0, decimal DeltaA1, decimal DeltaB0, decimal DeltaB1,
        bool SameInstrument);
}

/// <summary>One instrument's exposure.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Underlying">Its underlying, if known.</param>
/// <param name="VenueQuantity">Venue-view signed quantity, base asset.</param>
/// <param name="LedgerQuantity">Ledger signed quantity, base asset.</param>
/// <param name="Mark">Last mark price (0 if unknown).</param>
public sealed record ExposureEntry(InstrumentId Instrument, UnifiedSymbol? Underlying, decimal VenueQuantity, decimal LedgerQuantity, decimal Mark)
{
    /// <summary>Absolute venue-view notional at mark, USD.</summary>
    public decimal NotionalUsd => Math.Abs(VenueQuantity) * Mark;
}
