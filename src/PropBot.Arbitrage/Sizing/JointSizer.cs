using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>The tradable size of a pair and why it is limited.</summary>
internal readonly record struct SizingResult(decimal Quantity, NotTradableReason Reason, string? Detail, decimal LongDepth, decimal ShortDepth)
{
    public bool IsTradable => Reason == NotTradableReason.None && Quantity > 0m;
}

/// <summary>
/// Joint sizing: one base quantity valid on both venues, limited by the requested size, both books' depth within the
/// slippage limit and the risk headroom, then quantized with <see cref="Quantizer.JointQuantize"/>. Below a venue
/// minimum the pair is not tradable with a reason, never rounded to zero.
/// </summary>
internal static class JointSizer
{
    public static SizingResult Size(
        decimal requested,
        ReadOnlySpan<BookLevel> longAsks,
        ReadOnlySpan<BookLevel> shortBids,
        decimal slippageBpsPerLeg,
        decimal? headroomQuantity,
        InstrumentFilters longFilters,
        InstrumentFilters shortFilters)
    {
        if (requested <= 0m)
        {
            return new(0m, NotTradableReason.NotPositive, $"Requested quantity must be positive, was {Quantizer.ToWire(requested)}.", 0m, 0m);
        }

        if (longAsks.IsEmpty || shortBids.IsEmpty)
        {
            return new(0m, NotTradableReason.NoBook, longAsks.IsEmpty ? $"No asks on {longFilters.Instrument}." : $"No bids on {shortFilters.Instrument}.", 0m, 0m);
        }

        var slip = slippageBpsPerLeg / ArbitrageConstants.BasisPoints;
        var longDepth = EdgeCalculator.DepthWithin(longAsks, longAsks[0].Price * (1m + slip), isAsk: true);
        var shortDepth = EdgeCalculator.DepthWithin(shortBids, shortBids[0].Price * (1m - slip), isAsk: false);
        var depth = Math.Min(longDepth, shortDepth);
        var q = Math.Min(requested, depth);
        var binding = q < requested ? NotTradableReason.InsufficientDepth : NotTradableReason.None;
        if (headroomQuantity is { } headroom && headroom < q)
        {
            q = Math.Max(0m, headroom);
            binding = NotTradableReason.RiskHeadroom;
        }

        if (q <= 0m)
        {
            var reason = binding == NotTradableReason.None ? NotTradableReason.InsufficientDepth : binding;
            return new(0m, reason, $"Nothing tradable: depth {Quantizer.ToWire(depth)}, headroom {(headroomQuantity is { } h ? Quantizer.ToWire(h) : "unlimited")}.", longDepth, shortDepth);
        }

        var joint = Quantizer.JointQuantize(q, longFilters, shortFilters, OrderType.Limit, longAsks[0].Price, shortBids[0].Price);
        if (joint.IsTradable)
        {
            return new(joint.Quantity, NotTradableReason.None, null, longDepth, shortDepth);
        }

        var why = joint.Rejection switch
        {
            QuantityRejection.NotTrading => NotTradableReason.NotTrading,
            QuantityRejection.NoCommonStep => NotTradableReason.NoCommonStep,
            _ when binding != NotTradableReason.None => binding,
            QuantityRejection.BelowMinimumNotional => NotTradableReason.BelowMinimumNotional,
            QuantityRejection.NotPositive => NotTradableReason.NotPositive,
            _ => NotTradableReason.BelowMinimumQuantity,
        };
        return new(0m, why, joint.Detail, longDepth, shortDepth);
    }

    /// <summary>
    /// Leg B's quantity for leg A's actual fill: rounded down to B's step (and within B's maximum). The residual of A
    /// that B cannot match is hedged out of A. Zero when the fill is below B's minimum.
    /// </summary>
    public static decimal LegBQuantity(decimal legAFilled, InstrumentFilters legBFilters, OrderType type)
    {
        if (legAFilled <= 0m)
        {
            return 0m;
        }

        var q = Quantizer.Quantize(legAFilled, legBFilters, type);
        return q.IsTradable ? q.Quantity : 0m;
    }
}
