using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Funding of one leg as the edge model needs it (allocation-free copy of <see cref="FundingInfo"/>).</summary>
internal readonly record struct FundingTerm(decimal Rate, DateTimeOffset NextFundingTime, TimeSpan Interval)
{
    public static FundingTerm From(FundingInfo info) => new(info.Rate, info.NextFundingTime, info.Interval);
}

/// <summary>Everything the edge model needs for one pair at one size. Books are best level first.</summary>
internal ref struct EdgeInputs
{
    public ReadOnlySpan<BookLevel> LongAsks;
    public ReadOnlySpan<BookLevel> LongBids;
    public ReadOnlySpan<BookLevel> ShortBids;
    public ReadOnlySpan<BookLevel> ShortAsks;

    /// <summary>Base quantity to evaluate.</summary>
    public decimal Quantity;

    /// <summary>Entry fee of the long leg, bps (taker, or maker if the long leg is the maker leg).</summary>
    public decimal LongEntryFeeBps;

    /// <summary>Entry fee of the short leg, bps.</summary>
    public decimal ShortEntryFeeBps;

    /// <summary>Taker fee of the long venue, bps (exit and hedge-out).</summary>
    public decimal LongTakerFeeBps;

    /// <summary>Taker fee of the short venue, bps.</summary>
    public decimal ShortTakerFeeBps;

    public FundingTerm LongFunding;
    public FundingTerm ShortFunding;
    public bool IncludeFunding;
    public DateTimeOffset Now;
    public TimeSpan HoldHorizon;

    public decimal SlippageBpsPerLeg;
    public decimal VolatilityBpsPerSqrtSecond;
    public TimeSpan LatencyHorizon;
    public decimal LegBFailureProbability;
    public LegDirection LegA;
}
