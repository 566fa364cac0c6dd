using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Sizing;

public sealed class JointSizerTests
{
    private static readonly InstrumentFilters Binance = Filters(VenueId.BinanceUsdFutures, "BTCUSDT", 0.001m, 0.001m);
    private static readonly InstrumentFilters Okx = Filters(VenueId.OkxSwap, "BTC-USDT-SWAP", 0.01m, 0.01m);
    private static readonly BookLevel[] Asks = [new(100m, 0.5m), new(100.02m, 1m), new(101m, 5m)];
    private static readonly BookLevel[] Bids = [new(100.4m, 5m)];

    [Fact]
    public void Size_DepthWithinSlippage_LimitsQuantity()
    {
        // 3 bps above 100 is 100.03: levels 100 and 100.02 count (1.5), 101 does not.
        var r = JointSizer.Size(10m, Asks, Bids, 3m, null, Binance, Okx);

        r.IsTradable.ShouldBeTrue();
        r.Quantity.ShouldBe(1.5m);
        r.LongDepth.ShouldBe(1.5m);
        r.ShortDepth.ShouldBe(5m);
    }

    [Fact]
    public void Size_JointStep_RoundsDownToCoarserLot()
    {
        JointSizer.Size(0.0199m, Asks, Bids, 3m, null, Binance, Okx).Quantity.ShouldBe(0.01m);
    }

    [Fact]
    public void Size_BelowVenueMinimum_NotTradableWithReasonNeverZeroRounded()
    {
        var r = JointSizer.Size(0.005m, Asks, Bids, 3m, null, Binance, Okx);

        r.IsTradable.ShouldBeFalse();
        r.Quantity.ShouldBe(0m);
        r.Reason.ShouldBe(NotTradableReason.BelowMinimumQuantity);
        r.Detail.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Size_BelowLongVenueMinimum_NotTradableNamesThatVenue()
    {
        var coarseLong = Filters(VenueId.BinanceUsdFutures, "BTCUSDT", 0.01m, 0.02m);
        var fineShort = Filters(VenueId.OkxSwap, "BTC-USDT-SWAP", 0.001m, 0.001m);

        var r = JointSizer.Size(0.015m, Asks, Bids, 3m, null, coarseLong, fineShort);

        r.IsTradable.ShouldBeFalse();
        r.Quantity.ShouldBe(0m);
        r.Reason.ShouldBe(NotTradableReason.BelowMinimumQuantity);
        r.Reason.Code().ShouldBe("BELOW_MINIMUM_QUANTITY");
        r.Detail.ShouldNotBeNull().ShouldContain("BTCUSDT");
    }

    [Fact]
    public void Size_BelowMinimumNotional_NotTradableWithReason()
    {
        var notional = Filters(VenueId.BinanceUsdFutures, "BTCUSDT", 0.001m, 0.001m) with { MinNotional = 5m };

        var r = JointSizer.Size(0.02m, Asks, Bids, 3m, null, notional, Okx); // 0.02 × 100 = 2 < 5

        r.IsTradable.ShouldBeFalse();
        r.Quantity.ShouldBe(0m);
        r.Reason.ShouldBe(NotTradableReason.BelowMinimumNotional);
        r.Reason.Code().ShouldBe("BELOW_MINIMUM_NOTIONAL");
    }

    [Fact]
    public void Size_JustAboveMinimum_RoundsDownButStaysAtTheMinimum()
    {
        var r = JointSizer.Size(0.0100001m, Asks, Bids, 3m, null, Binance, Okx);

        r.IsTradable.ShouldBeTrue();
        r.Quantity.ShouldBe(0.01m);
    }

    [Fact]
    public void Size_RiskHeadroomBinding_ReasonIsRiskHeadroom()
    {
        var r = JointSizer.Size(1m, Asks, Bids, 3m, 0.004m, Binance, Okx);

        r.Reason.ShouldBe(NotTradableReason.RiskHeadroom);
        JointSizer.Size(1m, Asks, Bids, 3m, 0.25m, Binance, Okx).Quantity.ShouldBe(0.25m);
    }

    [Fact]
    public void Size_EmptyBookOrNonPositive_Refused()
    {
        JointSizer.Size(1m, [], Bids, 3m, null, Binance, Okx).Reason.ShouldBe(NotTradableReason.NoBook);
        JointSizer.Size(0m, Asks, Bids, 3m, null, Binance, Okx).Reason.ShouldBe(NotTradableReason.NotPositive);
    }

    [Fact]
    public void Size_ThinBookAtSlippageLimit_InsufficientDepth()
    {
        BookLevel[] thin = [new(100m, 0.004m), new(200m, 10m)];
        JointSizer.Size(1m, thin, Bids, 3m, null, Binance, Okx).Reason.ShouldBe(NotTradableReason.InsufficientDepth);
    }

    [Theory]
    [InlineData(0.015, 0.01)]
    [InlineData(0.03, 0.03)]
    [InlineData(0.005, 0)]
    [InlineData(0, 0)]
    public void LegBQuantity_RequantizesLegAFillToLegBFilters(double filled, double expected)
    {
        JointSizer.LegBQuantity((decimal)filled, Okx, OrderType.Limit).ShouldBe((decimal)expected);
    }

    private static InstrumentFilters Filters(VenueId venue, string symbol, decimal step, decimal min) => new()
    {
        Instrument = new InstrumentId(venue, symbol),
        BaseAsset = "BTC",
        QuoteAsset = "USDT",
        TickSize = 0.1m,
        StepSize = step,
        MinQuantity = min,
        MaxQuantity = 1000m,
    };
}
