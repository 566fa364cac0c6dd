using NSubstitute;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Exposure;

public class ExposureBookTests
{
    private static Position Pos(InstrumentId instrument, decimal quantity, decimal mark, PositionSide side = PositionSide.Both) =>
        new() { Instrument = instrument, PositionSide = side, Quantity = quantity, MarkPrice = mark };

    [Fact]
    public void ApplyFill_UpdatesVenueViewLedgerAndNotionals()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(2m, 100m));

        r.Book.GetQuantity(RiskKit.BinanceBtc).ShouldBe(2m);
        r.Book.GetQuantity(RiskKit.OkxBtc).ShouldBe(-2m);
        r.Book.GetLedgerQuantity(RiskKit.OkxBtc).ShouldBe(-2m);
        r.Book.SymbolNotionalUsd(RiskKit.OkxBtc).ShouldBe(200m);
        r.Book.VenueNotionalUsd(VenueId.BinanceUsdFutures).ShouldBe(200m);
        r.Book.TotalNotionalUsd().ShouldBe(400m);
        r.Book.NetDeltaBase(RiskKit.Btc).ShouldBe(0m);
        r.Book.NetDeltaUsd(RiskKit.Btc).ShouldBe(0m);
    }

    [Fact]
    public void ApplyVenuePositions_HedgeModeSidesSummedAndMissingInstrumentsFlat()
    {
        var book = new ExposureBook();
        book.RegisterInstrument(RiskKit.BinanceBtc, RiskKit.Btc);
        book.RegisterInstrument(RiskKit.BinanceEth, RiskKit.Eth);
        book.ApplyVenuePositions(VenueId.BinanceUsdFutures, [Pos(RiskKit.BinanceEth, 1m, 10m)]);

        book.ApplyVenuePositions(VenueId.BinanceUsdFutures,
        [
            Pos(RiskKit.BinanceBtc, 0.5m, 100m, PositionSide.Long),
            Pos(RiskKit.BinanceBtc, -0.2m, 100m, PositionSide.Short),
            Pos(RiskKit.OkxBtc, 9m, 100m), // other venue: ignored
        ]);

        book.GetQuantity(RiskKit.BinanceBtc).ShouldBe(0.3m);
        book.GetQuantity(RiskKit.BinanceEth).ShouldBe(0m);
        book.GetQuantity(RiskKit.OkxBtc).ShouldBe(0m);
        book.GetMark(RiskKit.BinanceBtc).ShouldBe(100m);
        book.NetDeltaUsd(RiskKit.Btc).ShouldBe(30m);
    }

    [Fact]
    public void ApplyVenuePositions_UnknownInstrument_UnderlyingFromMapper()
    {
        var book = new ExposureBook();
        var mapper = Substitute.For<ISymbolMapper>();
        mapper.TryToUnified("BTC-USDT-SWAP", out Arg.Any<UnifiedSymbol>()).Returns(x => { x[1] = RiskKit.Btc; return true; });

        book.ApplyVenuePositions(VenueId.OkxSwap, [Pos(RiskKit.OkxBtc, -0.1m, 100m)], mapper);

        book.NetDeltaBase(RiskKit.Btc).ShouldBe(-0.1m);
        book.Underlyings().ShouldBe([RiskKit.Btc]);
    }

    [Fact]
    public void CompareWithLedger_Agreeing_Empty()
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(1m));
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, [Pos(RiskKit.OkxBtc, -1m, 100m)]);
        r.Book.CompareWithLedger(1m).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-1.01, false)] // 1 USD off = tolerance
    [InlineData(-1.0101, true)]
    public void CompareWithLedger_AtAndPastTolerance(decimal venueQuantity, bool mismatch)
    {
        var r = new RiskKit();
        r.Fill(RiskKit.Pair(1m));
        r.Book.ApplyVenuePositions(VenueId.OkxSwap, [Pos(RiskKit.OkxBtc, venueQuantity, 100m)]);
        var diffs = r.Book.CompareWithLedger(1m);
        diffs.Count.ShouldBe(mismatch ? 1 : 0);
        if (mismatch)
        {
            diffs[0].ShouldBe(new ExposureEntry(RiskKit.OkxBtc, RiskKit.Btc, venueQuantity, -1m, 100m));
        }
    }

    [Fact]
    public void SetLedgerQuantity_RecoveredLedger_UsedByDiff()
    {
        var book = new ExposureBook();
        book.SetLedgerQuantity(RiskKit.BinanceBtc, 0.2m);
        book.ApplyVenuePositions(VenueId.BinanceUsdFutures, [Pos(RiskKit.BinanceBtc, 0.2m, 100m)]);
        book.CompareWithLedger(0m).ShouldBeEmpty();
    }

    [Fact]
    public void UpdateMark_NonPositive_Ignored()
    {
        var book = new ExposureBook();
        book.UpdateMark(RiskKit.BinanceBtc, 100m);
        book.UpdateMark(RiskKit.BinanceBtc, 0m);
        book.GetMark(RiskKit.BinanceBtc).ShouldBe(100m);
    }

    [Fact]
    public void EvaluatePostTrade_BothLegsSameVenue_VenueCombined()
    {
        var r = new RiskKit();
        var intent = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 1m), Second = RiskKit.Leg(RiskKit.BinanceEth, OrderSide.Sell, 2m, 50m) };
        var p = r.Book.EvaluatePostTrade(intent.First, true, intent.Second);
        p.VenueA1.ShouldBe(200m);
        p.VenueB1.ShouldBe(200m);
        p.Total1.ShouldBe(200m);
        p.DeltaA1.ShouldBe(100m);
        p.DeltaB1.ShouldBe(-100m);
    }

    [Fact]
    public void EvaluatePostTrade_SameInstrumentTwice_Combined()
    {
        var r = new RiskKit();
        var intent = new EntryIntent { First = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Buy, 1m), Second = RiskKit.Leg(RiskKit.BinanceBtc, OrderSide.Sell, 3m) };
        var p = r.Book.EvaluatePostTrade(intent.First, true, intent.Second);
        p.SymbolA1.ShouldBe(200m);
        p.Total1.ShouldBe(200m);
        p.DeltaA1.ShouldBe(-200m);
    }
}
