namespace PropBot.Exchanges;

/// <summary>
/// A venue-neutral order. Quantities are always in the <b>base asset</b> (e.g. BTC); adapters convert to contracts
/// where the venue trades contracts (OKX <c>sz</c> = quantity / <c>ctVal</c>) and round at the boundary.
/// </summary>
public sealed record OrderRequest
{
    /// <summary>Venue-native symbol (e.g. <c>BTCUSDT</c>, <c>BTC-USDT-SWAP</c>).</summary>
    public required string Symbol { get; init; }

    /// <summary>Buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Market or limit.</summary>
    public required OrderType Type { get; init; }

    /// <summary>Quantity in the base asset; must be positive and on the instrument's step.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Limit price (required for <see cref="OrderType.Limit"/>, ignored for market orders).</summary>
    public decimal? Price { get; init; }

    /// <summary>Time in force for limit orders (default IOC, the arbitrage default).</summary>
    public TimeInForce TimeInForce { get; init; } = TimeInForce.ImmediateOrCancel;

    /// <summary>Reduce-only: the order may only reduce an existing position.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Position to act on; <see cref="PositionSide.Both"/> in one-way mode.</summary>
    public PositionSide PositionSide { get; init; } = PositionSide.Both;

    /// <summary>Deterministic client order id, used to resolve unknown outcomes.</summary>
    public required ClientOrderId ClientOrderId { get; init; }

    /// <summary>Why the order is sent; risk-reducing purposes use the reserved rate-limit lane.</summary>
    public OrderPurpose Purpose { get; init; } = OrderPurpose.Entry;

    /// <summary>Margin type to trade in (OKX <c>tdMode</c>); ignored by venues that set it per symbol.</summary>
    public MarginType MarginType { get; init; } = MarginType.Isolated;
}

/// <summary>Identifies an order to cancel or query: by client order id (preferred) or venue order id.</summary>
public sealed record OrderLookup
{
    /// <summary>Venue-native symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>Client order id, if known.</summary>
    public ClientOrderId? ClientOrderId { get; init; }

    /// <summary>Venue order id, if known.</summary>
    public VenueOrderId? VenueOrderId { get; init; }
}

/// <summary>The venue's view of an order. Quantities are in the base asset.</summary>
public sealed record OrderReport
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Client order id.</summary>
    public required ClientOrderId ClientOrderId { get; init; }

    /// <summary>Venue order id, when the venue assigned one.</summary>
    public VenueOrderId? VenueOrderId { get; init; }

    /// <summary>Side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Type.</summary>
    public required OrderType Type { get; init; }

    /// <summary>Time in force.</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>Position side.</summary>
    public PositionSide PositionSide { get; init; }

    /// <summary>Reduce-only flag as the venue reports it.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Status.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Ordered quantity in the base asset.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Limit price, if any.</summary>
    public decimal? Price { get; init; }

    /// <summary>Filled quantity in the base asset.</summary>
    public decimal FilledQuantity { get; init; }

    /// <summary>Average fill price, if anything filled.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>Fee paid so far in the quote asset (positive = paid, negative = rebate), when the venue reports it.</summary>
    public decimal? Fee { get; init; }

    /// <summary>True when a post-only order was refused or cancelled because it would have taken liquidity.</summary>
    public bool PostOnlyRejected { get; init; }

    /// <summary>Venue's reason for a cancel (e.g. OKX <c>cancelSource</c>), if any.</summary>
    public string? CancelReason { get; init; }

    /// <summary>Venue update time.</summary>
    public DateTimeOffset? UpdateTime { get; init; }

    /// <summary>Quantity not filled (base asset).</summary>
    public decimal RemainingQuantity => Quantity - FilledQuantity;
}

/// <summary>One execution (trade) of an order. Quantities in the base asset.</summary>
public sealed record Fill
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Client order id of the order that filled.</summary>
    public required ClientOrderId ClientOrderId { get; init; }

    /// <summary>Venue trade id.</summary>
    public required string TradeId { get; init; }

    /// <summary>Side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Fill price.</summary>
    public required decimal Price { get; init; }

    /// <summary>Fill quantity (base asset).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Fee in <see cref="FeeAsset"/> (positive = paid).</summary>
    public decimal Fee { get; init; }

    /// <summary>Asset the fee is charged in.</summary>
    public string FeeAsset { get; init; } = "USDT";

    /// <summary>True when the fill provided liquidity.</summary>
    public bool IsMaker { get; init; }

    /// <summary>Venue time of the fill.</summary>
    public DateTimeOffset Time { get; init; }
}
