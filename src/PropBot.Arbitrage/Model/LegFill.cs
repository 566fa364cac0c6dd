using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>What one order of an execution achieved. Quantities are base-asset units.</summary>
public sealed record LegFill
{
    /// <summary>Role of the order.</summary>
    public required LegRole Role { get; init; }

    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Order side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Client order id of the last attempt.</summary>
    public required ClientOrderId ClientOrderId { get; init; }

    /// <summary>Venue order id, if the venue assigned one.</summary>
    public VenueOrderId? VenueOrderId { get; init; }

    /// <summary>Quantity requested.</summary>
    public required decimal RequestedQuantity { get; init; }

    /// <summary>Quantity filled (from the venue's report, never from the request).</summary>
    public required decimal FilledQuantity { get; init; }

    /// <summary>Average fill price, if anything filled.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>Fee in the quote asset (positive = paid), reported or estimated.</summary>
    public decimal Fee { get; init; }

    /// <summary>Final order status as resolved.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Stable failure code when the order did not fill completely (e.g. <c>INSUFFICIENT_MARGIN</c>, <c>OUTCOME_ABSENT</c>).</summary>
    public string? FailureCode { get; init; }

    /// <summary>Attempts used (0-based attempt number of the last order sent).</summary>
    public int Attempt { get; init; }

    /// <summary>True when the placement outcome was unknown and was resolved by query.</summary>
    public bool ResolvedFromUnknown { get; init; }

    /// <summary>True when this leg rested as a post-only maker order.</summary>
    public bool IsMaker { get; init; }

    /// <summary>When the order was sent.</summary>
    public DateTimeOffset SentTime { get; init; }

    /// <summary>When the outcome was known.</summary>
    public DateTimeOffset CompletedTime { get; init; }

    /// <summary>Time spent inside venue calls for this leg.</summary>
    public TimeSpan VenueTime { get; init; }

    /// <summary>Whether nothing filled.</summary>
    public bool IsEmpty => FilledQuantity <= 0m;

    /// <summary>Whether the requested quantity filled completely.</summary>
    public bool IsComplete => FilledQuantity >= RequestedQuantity && RequestedQuantity > 0m;

    /// <summary>Signed filled quantity (+ buy, − sell).</summary>
    public decimal SignedFilledQuantity => Side == OrderSide.Buy ? FilledQuantity : -FilledQuantity;

    /// <summary>Filled notional in the quote asset.</summary>
    public decimal Notional => FilledQuantity * (AveragePrice ?? 0m);
}
