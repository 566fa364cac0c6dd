using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>One order leg as risk sees it. Quantities in the base asset; price is the mark (or expected fill) price used for notional.</summary>
public readonly record struct RiskLeg
{
    /// <summary>The instrument (venue + venue symbol).</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>The underlying, for the cross-venue delta (e.g. <c>BTC-USDT-PERP</c>).</summary>
    public required UnifiedSymbol Underlying { get; init; }

    /// <summary>Side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Quantity in the base asset, positive.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Price used for notional (mark price, or the expected fill price when higher), positive.</summary>
    public required decimal Price { get; init; }

    /// <summary>Whether the leg is reduce-only (it may only reduce an existing position).</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Signed base quantity: positive buy, negative sell.</summary>
    public decimal SignedQuantity => Side == OrderSide.Buy ? Quantity : -Quantity;

    /// <summary>Notional of the leg: quantity × price.</summary>
    public decimal Notional => Quantity * Price;
}

/// <summary>A two-leg entry (or exit) intent. Both legs are judged together against post-trade exposure.</summary>
public readonly record struct EntryIntent
{
    /// <summary>First leg (leg A).</summary>
    public required RiskLeg First { get; init; }

    /// <summary>Second leg (leg B).</summary>
    public required RiskLeg Second { get; init; }

    /// <summary>Whether both legs are reduce-only (an exit of a hedged pair).</summary>
    public bool IsReduceOnly => First.ReduceOnly && Second.ReduceOnly;
}

/// <summary>A single order (hedge-out, flatten, repair, or a single entry leg).</summary>
public readonly record struct OrderIntent
{
    /// <summary>The order.</summary>
    public required RiskLeg Leg { get; init; }

    /// <summary>
    /// Why it is sent. While Halted only reduce-only orders with a risk-reducing purpose (<see cref="OrderPurpose.HedgeOut"/>,
    /// <see cref="OrderPurpose.Flatten"/>, <see cref="OrderPurpose.Repair"/>) pass, so a HOLD never strands a naked leg.
    /// </summary>
    public OrderPurpose Purpose { get; init; }
}

/// <summary>What the guards need to know about one leg's venue at check time (all values, so the gate stays pure).</summary>
public readonly record struct LegConditions
{
    /// <summary>Venue event time of the book used for pricing.</summary>
    public required DateTimeOffset BookVenueTime { get; init; }

    /// <summary>Local receive time of that book.</summary>
    public required DateTimeOffset BookReceiveTime { get; init; }

    /// <summary>The venue's next funding time for the symbol, if known.</summary>
    public DateTimeOffset? NextFundingTime { get; init; }

    /// <summary>Absolute clock skew of the venue (<see cref="ClockState.Skew"/>).</summary>
    public TimeSpan ClockSkew { get; init; }

    /// <summary>Whether the venue's clock was ever synchronised.</summary>
    public bool ClockSynchronized { get; init; }

    /// <summary>Whether the venue is connected (market data and trading).</summary>
    public bool Connected { get; init; }

    /// <summary>Builds leg conditions from a book top, the venue clock, the next funding time and connectivity.</summary>
    public static LegConditions From(in BookTop book, ClockState clock, DateTimeOffset? nextFundingTime, bool connected) => new()
    {
        BookVenueTime = book.VenueTime,
        BookReceiveTime = book.ReceiveTime,
        NextFundingTime = nextFundingTime,
        ClockSkew = clock.Skew,
        ClockSynchronized = clock.LastSync is not null,
        Connected = connected,
    };
}

/// <summary>Market conditions at check time: the current time and each leg's venue conditions.</summary>
public readonly record struct MarketConditions
{
    /// <summary>Now (from the caller's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Conditions of the first leg's venue (the only one read by <see cref="IRiskGate.CheckOrder"/>).</summary>
    public required LegConditions First { get; init; }

    /// <summary>Conditions of the second leg's venue.</summary>
    public LegConditions Second { get; init; }
}

/// <summary>
/// The pre-trade risk gate. Pure with respect to its inputs and the current exposure, trading state, breaker and
/// margin readings; allocation-free when approving.
/// </summary>
public interface IRiskGate
{
    /// <summary>
    /// Checks a two-leg intent: trading state, intent shape, guards (connectivity, clock skew, stale book, cross-venue
    /// book skew, funding window, margin headroom, breaker) and the post-trade caps and cross-venue delta of both legs
    /// together. A reduce-only intent skips the funding window, margin headroom and Reducing checks.
    /// </summary>
    RiskDecision CheckEntry(in EntryIntent intent, in MarketConditions market);

    /// <summary>
    /// Checks a single order against <see cref="MarketConditions.First"/>. While Reducing only reduce-only orders
    /// pass; while Halted only reduce-only orders with a risk-reducing purpose (hedge-out, flatten, repair: a HOLD must
    /// never strand a naked leg), never <see cref="OrderPurpose.Entry"/>. Reduce-only orders skip the
    /// data guards (a rescue must not be blocked by the stale data that caused it); others are checked like an entry leg
    /// except for the cross-venue delta, which is a property of the pair (checked by <see cref="CheckEntry"/> and the
    /// <see cref="ExposureMonitor"/>).
    /// </summary>
    RiskDecision CheckOrder(in OrderIntent order, in MarketConditions market);
}
