using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>
/// The edge model: pure and allocation-free for one pair. Walks both books at the intended size (never the mid),
/// then subtracts entry and exit fees, expected funding while held, the slippage allowance, latency risk and leg
/// risk. See docs/ARBITRAGE_README.md for each term.
/// </summary>
internal static class EdgeCalculator
{
    private const decimal Bps = ArbitrageConstants.BasisPoints;

    /// <summary>Evaluates the edge at <see cref="EdgeInputs.Quantity"/>. Sizing fields are left for the caller.</summary>
    public static EdgeBreakdown Evaluate(in EdgeInputs input)
    {
        var q = input.Quantity;
        if (q <= 0m || input.LongAsks.IsEmpty || input.ShortBids.IsEmpty)
        {
            return new EdgeBreakdown { Quantity = q, LegA = input.LegA, NotTradableReason = q <= 0m ? NotTradableReason.NotPositive : NotTradableReason.NoBook };
        }

        var longPrice = Vwap(input.LongAsks, q);
        var shortPrice = Vwap(input.ShortBids, q);
        var perLong = Bps / longPrice;
        var gross = (shortPrice - longPrice) * perLong;

        var entry = input.LongEntryFeeBps + input.ShortEntryFeeBps;
        var exit = input.LongTakerFeeBps + input.ShortTakerFeeBps;
        var funding = input.IncludeFunding ? FundingCostBps(input.LongFunding, input.ShortFunding, input.Now, input.HoldHorizon) : 0m;
        var slippage = 2m * input.SlippageBpsPerLeg;
        var latency = LatencyRiskBps(input.VolatilityBpsPerSqrtSecond, input.LatencyHorizon);

        // Cost of taking leg A back out if leg B fails: A's entry fee, a taker exit, the spread at size, slippage.
        decimal hedgeOut;
        if (input.LegA == LegDirection.Long)
        {
            var exitPrice = input.LongBids.IsEmpty ? longPrice : Vwap(input.LongBids, q);
            hedgeOut = input.LongEntryFeeBps + input.LongTakerFeeBps + Math.Max(0m, (longPrice - exitPrice) * perLong) + input.SlippageBpsPerLeg;
        }
        else
        {
            var exitPrice = input.ShortAsks.IsEmpty ? shortPrice : Vwap(input.ShortAsks, q);
            hedgeOut = input.ShortEntryFeeBps + input.ShortTakerFeeBps + Math.Max(0m, (exitPrice - shortPrice) / shortPrice * Bps) + input.SlippageBpsPerLeg;
        }

        var legRisk = input.LegBFailureProbability * hedgeOut;
        var net = gross - entry - exit - funding - slippage - latency - legRisk;
        return new EdgeBreakdown
        {
            Quantity = q,
            LongPrice = longPrice,
            ShortPrice = shortPrice,
            GrossBps = gross,
            EntryFeesBps = entry,
            ExitFeesBps = exit,
            FundingBps = funding,
            SlippageBps = slippage,
            LatencyRiskBps = latency,
            LegRiskBps = legRisk,
            NetBps = net,
            LegBFailureProbability = input.LegBFailureProbability,
            HedgeOutCostBps = hedgeOut,
            LegA = input.LegA,
        };
    }

    /// <summary>
    /// Volume-weighted price of taking <paramref name="quantity"/> from <paramref name="levels"/> (best first). If the
    /// book is thinner than the quantity, the rest is priced at the last level (sizing caps the quantity first).
    /// </summary>
    public static decimal Vwap(ReadOnlySpan<BookLevel> levels, decimal quantity)
    {
        if (levels.IsEmpty || quantity <= 0m)
        {
            return levels.IsEmpty ? 0m : levels[0].Price;
        }

        // Fast path: the whole quantity sits on the best level (no multiply, no divide).
        if (quantity <= levels[0].Quantity)
        {
            return levels[0].Price;
        }

        var remaining = quantity;
        var cost = 0m;
        var last = levels[0].Price;
        foreach (var level in levels)
        {
            if (level.Quantity <= 0m)
            {
                continue;
            }

            last = level.Price;
            var take = Math.Min(remaining, level.Quantity);
            cost += take * level.Price;
            remaining -= take;
            if (remaining <= 0m)
            {
                break;
            }
        }

        if (remaining > 0m)
        {
            cost += remaining * last;
        }

        return cost / quantity;
    }

    /// <summary>Cumulative quantity of levels priced within <paramref name="limitPrice"/> (asks: ≤ limit; bids: ≥ limit).</summary>
    public static decimal DepthWithin(ReadOnlySpan<BookLevel> levels, decimal limitPrice, bool isAsk)
    {
        var total = 0m;
        foreach (var level in levels)
        {
            if (isAsk ? level.Price > limitPrice : level.Price < limitPrice)
            {
                break;
            }

            total += level.Quantity;
        }

        return total;
    }

    /// <summary>
    /// Expected funding cost in bps while held for <paramref name="hold"/> from <paramref name="now"/>: each venue
    /// settles at its own next time and then every own interval. A positive rate means longs pay shorts, so the long
    /// leg pays <c>rate</c> and the short leg receives its <c>rate</c> per settlement. Negative = net income.
    /// </summary>
    public static decimal FundingCostBps(in FundingTerm longLeg, in FundingTerm shortLeg, DateTimeOffset now, TimeSpan hold)
    {
        var end = now + hold;
        var longCount = Settlements(longLeg, now, end);
        var shortCount = Settlements(shortLeg, now, end);
        return ((longLeg.Rate * longCount) - (shortLeg.Rate * shortCount)) * Bps;
    }

    /// <summary>Number of funding settlements in (<paramref name="now"/>, <paramref name="end"/>].</summary>
    public static int Settlements(in FundingTerm funding, DateTimeOffset now, DateTimeOffset end)
    {
        var next = funding.NextFundingTime;
        if (next > end)
        {
            return 0;
        }

        if (funding.Interval <= TimeSpan.Zero)
        {
            return next > now ? 1 : 0;
        }

        if (next <= now)
        {
            var behind = (now - next).Ticks / funding.Interval.Ticks + 1;
            next += TimeSpan.FromTicks(behind * funding.Interval.Ticks);
            if (next > end)
            {
                return 0;
            }
        }

        return (int)((end - next).Ticks / funding.Interval.Ticks) + 1;
    }

    /// <summary>Latency risk in bps: σ (bps per √s) × √(horizon in seconds).</summary>
    public static decimal LatencyRiskBps(decimal volatilityBpsPerSqrtSecond, TimeSpan horizon)
    {
        if (volatilityBpsPerSqrtSecond <= 0m || horizon <= TimeSpan.Zero)
        {
            return 0m;
        }

        return volatilityBpsPerSqrtSecond * (decimal)Math.Sqrt(horizon.TotalSeconds);
    }
}
