using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Edge;

/// <summary>Each cost term against a hand-computed expectation.</summary>
public sealed class EdgeCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BookLevel[] LongAsks = [new(99m, 1m), new(101m, 1m)];      // VWAP of 2 = 100
    private static readonly BookLevel[] LongBids = [new(99.5m, 5m)];
    private static readonly BookLevel[] ShortBids = [new(102m, 1m), new(100m, 1m)];    // VWAP of 2 = 101
    private static readonly BookLevel[] ShortAsks = [new(101.5m, 5m)];

    private static EdgeInputs Inputs() => new()
    {
        LongAsks = LongAsks,
        LongBids = LongBids,
        ShortBids = ShortBids,
        ShortAsks = ShortAsks,
        Quantity = 2m,
        LongEntryFeeBps = 4m,
        ShortEntryFeeBps = 5m,
        LongTakerFeeBps = 4m,
        ShortTakerFeeBps = 5m,
        LongFunding = new FundingTerm(0m, Now.AddHours(1), TimeSpan.FromHours(8)),
        ShortFunding = new FundingTerm(0m, Now.AddHours(1), TimeSpan.FromHours(8)),
        IncludeFunding = true,
        Now = Now,
        HoldHorizon = TimeSpan.FromHours(8),
        SlippageBpsPerLeg = 3m,
        VolatilityBpsPerSqrtSecond = 2m,
        LatencyHorizon = TimeSpan.FromMilliseconds(250),
        LegBFailureProbability = 0.1m,
        LegA = LegDirection.Long,
    };

    [Fact]
    public void Evaluate_WalksBothBooks_GrossFromExecutableVwap()
    {
        var e = EdgeCalculator.Evaluate(Inputs());

        e.LongPrice.ShouldBe(100m);
        e.ShortPrice.ShouldBe(101m);
        e.GrossBps.ShouldBe(100m); // (101 - 100) / 100 = 1 %
    }

    [Fact]
    public void Evaluate_TakerTaker_EntryAndExitFees()
    {
        var e = EdgeCalculator.Evaluate(Inputs());

        e.EntryFeesBps.ShouldBe(9m); // 4 + 5
        e.ExitFeesBps.ShouldBe(9m);  // taker on both at exit
    }

    [Fact]
    public void Evaluate_MakerLeg_UsesMakerEntryFee()
    {
        var input = Inputs();
        input.LongEntryFeeBps = 2m;

        var e = EdgeCalculator.Evaluate(input);

        e.EntryFeesBps.ShouldBe(7m);
        e.ExitFeesBps.ShouldBe(9m);
    }

    [Theory]
    [InlineData(0.0001, 0.0001, 0)]      // both pay/receive 1 bp: cancels out
    [InlineData(0.0003, -0.0001, 4)]     // long pays 3 bp; negative rate: shorts pay longs, so the short pays 1 bp
    [InlineData(-0.0002, 0.0001, -3)]    // long receives 2 bp, short receives 1 bp: net income
    public void Evaluate_FundingSign_PositiveRateLongsPayShorts(double longRate, double shortRate, double expectedBps)
    {
        var input = Inputs();
        input.LongFunding = new FundingTerm((decimal)longRate, Now.AddHours(1), TimeSpan.FromHours(8));
        input.ShortFunding = new FundingTerm((decimal)shortRate, Now.AddHours(1), TimeSpan.FromHours(8));

        EdgeCalculator.Evaluate(input).FundingBps.ShouldBe((decimal)expectedBps);
    }

    [Fact]
    public void Evaluate_DifferentFundingIntervals_CountsEachVenuesSettlements()
    {
        var input = Inputs();
        input.LongFunding = new FundingTerm(0.0001m, Now.AddHours(1), TimeSpan.FromHours(4));  // 1 h and 5 h: 2 settlements
        input.ShortFunding = new FundingTerm(0.0001m, Now.AddHours(2), TimeSpan.FromHours(8)); // 2 h: 1 settlement

        EdgeCalculator.Evaluate(input).FundingBps.ShouldBe(1m); // 2 × 1 bp paid − 1 × 1 bp received
    }

    [Fact]
    public void Evaluate_FundingWindowNotCrossed_ZeroFunding()
    {
        var input = Inputs();
        input.HoldHorizon = TimeSpan.FromMinutes(30);
        input.LongFunding = new FundingTerm(0.0005m, Now.AddHours(1), TimeSpan.FromHours(8));

        EdgeCalculator.Evaluate(input).FundingBps.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_FundingExcluded_ZeroFunding()
    {
        var input = Inputs();
        input.IncludeFunding = false;
        input.LongFunding = new FundingTerm(0.0005m, Now.AddHours(1), TimeSpan.FromHours(8));

        EdgeCalculator.Evaluate(input).FundingBps.ShouldBe(0m);
    }

    [Fact]
    public void Settlements_NextTimeInThePast_RollsForwardByInterval()
    {
        var funding = new FundingTerm(0.0001m, Now.AddHours(-1), TimeSpan.FromHours(4)); // next real one at +3 h

        EdgeCalculator.Settlements(funding, Now, Now.AddHours(8)).ShouldBe(2); // +3 h, +7 h
        EdgeCalculator.Settlements(funding, Now, Now.AddHours(2)).ShouldBe(0);
    }

    [Fact]
    public void Evaluate_SlippageLatencyAndLegRisk_HandComputed()
    {
        var e = EdgeCalculator.Evaluate(Inputs());

        e.SlippageBps.ShouldBe(6m);                 // 3 per leg
        e.LatencyRiskBps.ShouldBe(1m);              // 2 bps/√s × √0.25 s
        e.HedgeOutCostBps.ShouldBe(61m);            // entry 4 + exit 4 + spread (100 − 99.5) / 100 = 50 + slippage 3
        e.LegRiskBps.ShouldBe(6.1m);                // 0.1 × 61
        e.NetBps.ShouldBe(100m - 9m - 9m - 0m - 6m - 1m - 6.1m);
        e.TotalCostBps.ShouldBe(31.1m);
    }

    [Fact]
    public void Evaluate_LegAShort_HedgeOutPricedOnShortAsks()
    {
        var input = Inputs();
        input.LegA = LegDirection.Short;

        var e = EdgeCalculator.Evaluate(input);

        // entry 5 + exit 5 + (101.5 − 101) / 101 × 10 000 + 3
        e.HedgeOutCostBps.ShouldBe(13m + (0.5m / 101m * 10_000m));
    }

    [Fact]
    public void Evaluate_ShortLegMaker_UsesShortMakerEntryFeeAndTakerExit()
    {
        var input = Inputs();
        input.LegA = LegDirection.Short;
        input.ShortEntryFeeBps = 1.5m; // maker on the short venue

        var e = EdgeCalculator.Evaluate(input);

        e.EntryFeesBps.ShouldBe(5.5m); // 4 taker long + 1.5 maker short
        e.ExitFeesBps.ShouldBe(9m);    // exits are always taker: 4 + 5
    }

    [Fact]
    public void Evaluate_ExitFees_UseEachVenuesOwnTakerRate()
    {
        var input = Inputs();
        input.LongTakerFeeBps = 5m;   // e.g. Binance VIP 0 taker 5 bps
        input.ShortTakerFeeBps = 2.5m;

        var e = EdgeCalculator.Evaluate(input);

        e.EntryFeesBps.ShouldBe(9m);
        e.ExitFeesBps.ShouldBe(7.5m);
        e.NetBps.ShouldBe(e.GrossBps - e.TotalCostBps);
    }

    [Theory]
    [InlineData(-0.0002, 0, -2)]  // negative long rate: shorts pay longs, the long leg receives 2 bp
    [InlineData(0, 0.0002, -2)]   // positive short rate: longs pay shorts, the short leg receives 2 bp
    [InlineData(0, -0.0002, 2)]   // negative short rate: the short leg pays 2 bp
    [InlineData(0.0002, 0, 2)]    // positive long rate: the long leg pays 2 bp
    public void Evaluate_FundingSign_EachLegBothWays(double longRate, double shortRate, double expectedBps)
    {
        var input = Inputs();
        input.LongFunding = new FundingTerm((decimal)longRate, Now.AddHours(1), TimeSpan.FromHours(8));
        input.ShortFunding = new FundingTerm((decimal)shortRate, Now.AddHours(1), TimeSpan.FromHours(8));

        var e = EdgeCalculator.Evaluate(input);

        e.FundingBps.ShouldBe((decimal)expectedBps);
        e.NetBps.ShouldBe(e.GrossBps - e.TotalCostBps);
    }

    [Fact]
    public void Evaluate_ShortVenueHourlyFunding_LongEightHourly_CountsEachSchedule()
    {
        var input = Inputs();
        // Long venue settles every 8 h (next at +1 h): one settlement in the 8 h hold, pays 1 bp.
        input.LongFunding = new FundingTerm(0.0001m, Now.AddHours(1), TimeSpan.FromHours(8));
        // Short venue settles hourly (next at +30 min): +0.5 h, +1.5 h ... +7.5 h = 8 settlements, receives 8 × 1 bp.
        input.ShortFunding = new FundingTerm(0.0001m, Now.AddMinutes(30), TimeSpan.FromHours(1));

        EdgeCalculator.Evaluate(input).FundingBps.ShouldBe(-7m);
    }

    [Fact]
    public void FundingCostBps_SameRateDifferentIntervals_HandComputed()
    {
        // 4 h venue: +2 h, +6 h (2 × 0.5 bp); 8 h venue: +2 h (1 × 0.5 bp); held 8 h.
        var fourHourly = new FundingTerm(0.00005m, Now.AddHours(2), TimeSpan.FromHours(4));
        var eightHourly = new FundingTerm(0.00005m, Now.AddHours(2), TimeSpan.FromHours(8));

        EdgeCalculator.FundingCostBps(fourHourly, eightHourly, Now, TimeSpan.FromHours(8)).ShouldBe(0.5m);  // long on the 4 h venue pays more often
        EdgeCalculator.FundingCostBps(eightHourly, fourHourly, Now, TimeSpan.FromHours(8)).ShouldBe(-0.5m); // short on the 4 h venue receives more often
    }

    [Fact]
    public void Settlements_BoundariesAreNowExclusiveEndInclusive()
    {
        var atNow = new FundingTerm(0.0001m, Now, TimeSpan.FromHours(8));
        var atEnd = new FundingTerm(0.0001m, Now.AddHours(8), TimeSpan.FromHours(8));

        EdgeCalculator.Settlements(atNow, Now, Now.AddHours(8)).ShouldBe(1); // the one at now is over; the next at +8 h counts
        EdgeCalculator.Settlements(atEnd, Now, Now.AddHours(8)).ShouldBe(1);
        EdgeCalculator.Settlements(atEnd, Now, Now.AddHours(7)).ShouldBe(0);
    }

    [Theory]
    [InlineData(1.5, 3)]
    [InlineData(0, 0)]
    [InlineData(2.5, 5)]
    public void Evaluate_SlippageAllowance_PerLegTimesTwo(double perLeg, double expected)
    {
        var input = Inputs();
        input.SlippageBpsPerLeg = (decimal)perLeg;

        EdgeCalculator.Evaluate(input).SlippageBps.ShouldBe((decimal)expected);
    }

    [Theory]
    [InlineData(3, 4_000, 6)]     // 3 bps/√s × √4 s
    [InlineData(2, 1_000, 2)]     // 2 bps/√s × √1 s
    [InlineData(5, 90, 1.5)]      // 5 bps/√s × √0.09 s
    [InlineData(0, 1_000, 0)]     // no observed volatility
    [InlineData(3, 0, 0)]         // no latency horizon
    public void LatencyRiskBps_VolatilityTimesSqrtHorizon(double volatility, int latencyMs, double expected)
    {
        EdgeCalculator.LatencyRiskBps((decimal)volatility, TimeSpan.FromMilliseconds(latencyMs)).ShouldBe((decimal)expected, 0.000001m);

        var input = Inputs();
        input.VolatilityBpsPerSqrtSecond = (decimal)volatility;
        input.LatencyHorizon = TimeSpan.FromMilliseconds(latencyMs);
        EdgeCalculator.Evaluate(input).LatencyRiskBps.ShouldBe((decimal)expected, 0.000001m);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.25, 15.25)]  // 0.25 × 61
    [InlineData(1, 61)]        // certain failure: the whole hedge-out cost
    public void Evaluate_LegRisk_FailureProbabilityTimesHedgeOutCost(double probability, double expected)
    {
        var input = Inputs();
        input.LegBFailureProbability = (decimal)probability;

        var e = EdgeCalculator.Evaluate(input);

        e.HedgeOutCostBps.ShouldBe(61m); // entry 4 + exit 4 + spread 50 + slippage 3 (leg A long)
        e.LegRiskBps.ShouldBe((decimal)expected);
        e.LegBFailureProbability.ShouldBe((decimal)probability);
        e.NetBps.ShouldBe(100m - 9m - 9m - 0m - 6m - 1m - (decimal)expected);
    }

    [Fact]
    public void Evaluate_ZeroQuantity_NotTradableNotPositive()
    {
        var input = Inputs();
        input.Quantity = 0m;

        var e = EdgeCalculator.Evaluate(input);

        e.NotTradableReason.ShouldBe(NotTradableReason.NotPositive);
        e.IsTradable.ShouldBeFalse();
    }

    [Fact]
    public void Vwap_BookThinnerThanQuantity_PricesRestAtLastLevel()
    {
        EdgeCalculator.Vwap(LongAsks, 3m).ShouldBe((99m + 101m + 101m) / 3m);
        EdgeCalculator.Vwap(LongAsks, 0.5m).ShouldBe(99m);
    }

    [Fact]
    public void Evaluate_EmptyBook_NotTradable()
    {
        var input = Inputs();
        input.ShortBids = [];

        EdgeCalculator.Evaluate(input).NotTradableReason.ShouldBe(NotTradableReason.NoBook);
    }
}
