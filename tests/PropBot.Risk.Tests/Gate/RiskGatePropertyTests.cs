using FsCheck.Xunit;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Gate;

/// <summary>No sequence of approved intents, applied to the exposure book, can end beyond any cap or the delta limit.</summary>
public class RiskGatePropertyTests
{
    private static readonly InstrumentId[] Instruments = [RiskKit.BinanceBtc, RiskKit.OkxBtc, RiskKit.BinanceEth, RiskKit.OkxEth];

    // Fixed prices per instrument (marks do not move during a sequence, so only trades change exposure).
    private static readonly decimal[] Prices = [100m, 101m, 50m, 49.5m];

    private static RiskKit Kit() => new(o =>
    {
        o.NotionalCaps.PerOrderUsd = 900m;
        o.NotionalCaps.PerSymbolUsd = 1000m;
        o.NotionalCaps.PerVenueUsd = 1500m;
        o.NotionalCaps.TotalUsd = 2500m;
        o.CrossVenueDeltaAbsMaxUsd = 200m;
    });

    private static RiskLeg Leg(int instrument, bool buy, int tenths, bool reduceOnly)
    {
        var i = (instrument & 0x7fffffff) % Instruments.Length;
        return RiskKit.Leg(Instruments[i], buy ? OrderSide.Buy : OrderSide.Sell, ((tenths & 0x7fffffff) % 250 + 1) / 10m, Prices[i], reduceOnly);
    }

    /// <summary>Mostly hedged pairs (same underlying, both venues, opposite sides, nearly equal size); else two arbitrary legs.</summary>
    private static EntryIntent Intent(bool hedged, int a, bool buyA, int qtyA, int b, bool buyB, int qtyB, bool reduceOnly)
    {
        if (!hedged)
        {
            return new EntryIntent { First = Leg(a, buyA, qtyA, reduceOnly), Second = Leg(b, buyB, qtyB, reduceOnly) };
        }

        var u = ((a & 0x7fffffff) % 2) * 2;
        var q = (qtyA & 0x7fffffff) % 120 + 1;
        var qb = Math.Max(1, q + (qtyB & 0x7fffffff) % 7 - 3);
        return new EntryIntent { First = Leg(u, buyA, q - 1, reduceOnly), Second = Leg(u + 1, !buyA, qb - 1, reduceOnly) };
    }

    private static bool WithinLimits(RiskKit r)
    {
        const decimal perSymbol = 1000m, perVenue = 1500m, total = 2500m, delta = 200m;
        foreach (var i in Instruments)
        {
            if (r.Book.SymbolNotionalUsd(i) > perSymbol)
            {
                return false;
            }
        }

        return r.Book.VenueNotionalUsd(VenueId.BinanceUsdFutures) <= perVenue
            && r.Book.VenueNotionalUsd(VenueId.OkxSwap) <= perVenue
            && r.Book.TotalNotionalUsd() <= total
            && Math.Abs(r.Book.NetDeltaUsd(RiskKit.Btc)) <= delta
            && Math.Abs(r.Book.NetDeltaUsd(RiskKit.Eth)) <= delta;
    }

    [Property(MaxTest = 300)]
    public bool ApprovedEntrySequences_NeverEndBeyondAnyCap((bool Hedged, int A, bool BuyA, int QtyA, int B, bool BuyB, int QtyB, bool ReduceOnly)[] steps)
    {
        var r = Kit();
        var market = r.Market();
        foreach (var s in steps)
        {
            var intent = Intent(s.Hedged || s.A % 4 != 0, s.A, s.BuyA, s.QtyA, s.B, s.BuyB, s.QtyB, s.ReduceOnly);
            if (r.Gate.CheckEntry(intent, market).IsApproved)
            {
                r.Fill(intent);
            }

            if (!WithinLimits(r))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool ApprovedSingleOrders_NeverEndBeyondAnyNotionalCap((int I, bool Buy, int Qty)[] steps)
    {
        var r = Kit();
        var market = r.Market();
        foreach (var s in steps)
        {
            var order = new OrderIntent { Leg = Leg(s.I, s.Buy, s.Qty, false) };
            if (r.Gate.CheckOrder(order, market).IsApproved)
            {
                r.Fill(order.Leg);
            }

            foreach (var i in Instruments)
            {
                if (r.Book.SymbolNotionalUsd(i) > 1000m)
                {
                    return false;
                }
            }

            if (r.Book.VenueNotionalUsd(VenueId.BinanceUsdFutures) > 1500m || r.Book.VenueNotionalUsd(VenueId.OkxSwap) > 1500m || r.Book.TotalNotionalUsd() > 2500m)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void SeededSequence_ReachesBothOutcomesAndStaysWithinLimits()
    {
        // Sanity: sequences like the generated ones reach both approvals and denials, so the properties are not vacuous.
        var r = Kit();
        var random = new Random(42);
        int approved = 0, denied = 0;
        for (var n = 0; n < 500; n++)
        {
            var intent = Intent(random.Next(4) != 0, random.Next(), random.Next(2) == 0, random.Next(), random.Next(), random.Next(2) == 0, random.Next(), random.Next(5) == 0);
            if (r.Gate.CheckEntry(intent, r.Market()).IsApproved)
            {
                approved++;
                r.Fill(intent);
            }
            else
            {
                denied++;
            }

            WithinLimits(r).ShouldBeTrue();
        }

        approved.ShouldBeGreaterThan(100);
        denied.ShouldBeGreaterThan(100);
    }
}
