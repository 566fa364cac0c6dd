namespace PropBot.Exchanges;

/// <summary>
/// Trading rules of an instrument, normalised to the base asset. For contract venues
/// (<see cref="ContractSize"/> ≠ 1) <see cref="StepSize"/> and the quantity limits are already multiplied by the
/// contract size, so every quantity in PropBot is base units.
/// </summary>
public sealed record InstrumentFilters
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Base asset (e.g. BTC).</summary>
    public required string BaseAsset { get; init; }

    /// <summary>Quote / settlement asset (e.g. USDT).</summary>
    public required string QuoteAsset { get; init; }

    /// <summary>Price increment.</summary>
    public required decimal TickSize { get; init; }

    /// <summary>Quantity increment for limit orders, base asset.</summary>
    public required decimal StepSize { get; init; }

    /// <summary>Minimum order quantity, base asset.</summary>
    public required decimal MinQuantity { get; init; }

    /// <summary>Maximum limit-order quantity, base asset.</summary>
    public required decimal MaxQuantity { get; init; }

    /// <summary>Quantity increment for market orders (Binance <c>MARKET_LOT_SIZE</c>); defaults to <see cref="StepSize"/>.</summary>
    public decimal? MarketStepSize { get; init; }

    /// <summary>Maximum market-order quantity, base asset; defaults to <see cref="MaxQuantity"/>.</summary>
    public decimal? MarketMaxQuantity { get; init; }

    /// <summary>Minimum order notional in the quote asset (0 when the venue has none).</summary>
    public decimal MinNotional { get; init; }

    /// <summary>Base quantity per contract (OKX <c>ctVal</c> × <c>ctMult</c>); 1 where the venue trades base units.</summary>
    public decimal ContractSize { get; init; } = 1m;

    /// <summary>Whether the instrument currently accepts orders.</summary>
    public bool IsTrading { get; init; } = true;

    /// <summary>Effective quantity step for an order type.</summary>
    public decimal StepFor(OrderType type) => type == OrderType.Market ? MarketStepSize ?? StepSize : StepSize;

    /// <summary>Effective maximum quantity for an order type.</summary>
    public decimal MaxQuantityFor(OrderType type) => type == OrderType.Market ? MarketMaxQuantity ?? MaxQuantity : MaxQuantity;
}

/// <summary>Maker and taker fee rates in basis points (positive = you pay, negative = rebate).</summary>
/// <param name="MakerBps">Maker fee, bps of notional.</param>
/// <param name="TakerBps">Taker fee, bps of notional.</param>
/// <param name="Source">Where the rates came from.</param>
public sealed record FeeRates(decimal MakerBps, decimal TakerBps, FeeSource Source);

/// <summary>Funding of a perpetual. A positive rate means longs pay shorts.</summary>
public sealed record FundingInfo
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Rate for the current window (as a fraction, 0.0001 = 1 bp).</summary>
    public required decimal Rate { get; init; }

    /// <summary>Next settlement time.</summary>
    public required DateTimeOffset NextFundingTime { get; init; }

    /// <summary>Funding interval of this symbol (never assumed to be 8 h).</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Venue time of the reading.</summary>
    public DateTimeOffset? EventTime { get; init; }
}

/// <summary>Best bid and ask. Sizes in the base asset. Allocation-free value on the market-data hot path.</summary>
public readonly record struct BookTop
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Best bid price.</summary>
    public required decimal BidPrice { get; init; }

    /// <summary>Size at the best bid, base asset.</summary>
    public required decimal BidSize { get; init; }

    /// <summary>Best ask price.</summary>
    public required decimal AskPrice { get; init; }

    /// <summary>Size at the best ask, base asset.</summary>
    public required decimal AskSize { get; init; }

    /// <summary>Venue event (or transaction) time.</summary>
    public required DateTimeOffset VenueTime { get; init; }

    /// <summary>Local receive time (from <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset ReceiveTime { get; init; }

    /// <summary>Venue update id / sequence, when the venue sends one.</summary>
    public long UpdateId { get; init; }

    /// <summary>Mid price.</summary>
    public decimal Mid => (BidPrice + AskPrice) / 2m;

    /// <summary>Whether the book is usable (both sides present and not crossed).</summary>
    public bool IsValid => BidPrice > 0m && AskPrice > 0m && BidPrice < AskPrice;
}

/// <summary>Mark price (and funding when the venue sends it on the same message).</summary>
public readonly record struct MarkPriceInfo
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Mark price.</summary>
    public required decimal MarkPrice { get; init; }

    /// <summary>Index price, if sent.</summary>
    public decimal? IndexPrice { get; init; }

    /// <summary>Current funding rate, if sent.</summary>
    public decimal? FundingRate { get; init; }

    /// <summary>Next funding time, if sent.</summary>
    public DateTimeOffset? NextFundingTime { get; init; }

    /// <summary>Venue event time.</summary>
    public required DateTimeOffset VenueTime { get; init; }

    /// <summary>Local receive time.</summary>
    public required DateTimeOffset ReceiveTime { get; init; }
}

/// <summary>One price level. Quantity in the base asset.</summary>
/// <param name="Price">Price.</param>
/// <param name="Quantity">Quantity, base asset.</param>
public readonly record struct BookLevel(decimal Price, decimal Quantity);

/// <summary>A depth snapshot, best levels first. Quantities in the base asset.</summary>
public sealed record OrderBookSnapshot
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Bids, best (highest) first.</summary>
    public required IReadOnlyList<BookLevel> Bids { get; init; }

    /// <summary>Asks, best (lowest) first.</summary>
    public required IReadOnlyList<BookLevel> Asks { get; init; }

    /// <summary>Venue time.</summary>
    public required DateTimeOffset VenueTime { get; init; }

    /// <summary>Local receive time.</summary>
    public required DateTimeOffset ReceiveTime { get; init; }

    /// <summary>Venue update id / sequence.</summary>
    public long UpdateId { get; init; }
}

/// <summary>Result of a clock synchronisation with the venue.</summary>
public sealed record ServerTimeInfo
{
    /// <summary>Venue time.</summary>
    public required DateTimeOffset ServerTime { get; init; }

    /// <summary>Local time at the middle of the round trip.</summary>
    public required DateTimeOffset LocalTime { get; init; }

    /// <summary>Round-trip time of the request.</summary>
    public required TimeSpan RoundTrip { get; init; }

    /// <summary>Venue clock minus local clock (positive: the venue is ahead).</summary>
    public TimeSpan Offset => ServerTime - LocalTime;
}
