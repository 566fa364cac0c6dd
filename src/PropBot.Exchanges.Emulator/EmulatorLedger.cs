namespace PropBot.Exchanges.Emulator;

/// <summary>One of the two emulated venues.</summary>
public enum EmulatorVenue
{
    /// <summary>Binance USDⓈ-M futures.</summary>
    Binance,

    /// <summary>OKX v5 perpetual swaps.</summary>
    Okx,
}

/// <summary>Order side.</summary>
public enum EmulatorOrderSide
{
    /// <summary>Buy.</summary>
    Buy,

    /// <summary>Sell.</summary>
    Sell,
}

/// <summary>Position bucket: one-way (net) or one side of a hedge-mode account.</summary>
public enum EmulatorPositionSide
{
    /// <summary>One-way / net mode (Binance <c>BOTH</c>, OKX <c>net</c>).</summary>
    Net,

    /// <summary>Long side in hedge mode.</summary>
    Long,

    /// <summary>Short side in hedge mode.</summary>
    Short,
}

/// <summary>Order type.</summary>
public enum EmulatorOrderType
{
    /// <summary>Market order.</summary>
    Market,

    /// <summary>Limit order.</summary>
    Limit,
}

/// <summary>Time in force (OKX order types are mapped onto these).</summary>
public enum EmulatorTimeInForce
{
    /// <summary>Good till canceled.</summary>
    Gtc,

    /// <summary>Immediate or cancel.</summary>
    Ioc,

    /// <summary>Fill or kill.</summary>
    Fok,

    /// <summary>Post-only (Binance GTX, OKX post_only).</summary>
    PostOnly,
}

/// <summary>Order status in the emulator's ledger.</summary>
public enum EmulatorOrderStatus
{
    /// <summary>Accepted, nothing filled.</summary>
    New,

    /// <summary>Partly filled and still open.</summary>
    PartiallyFilled,

    /// <summary>Completely filled.</summary>
    Filled,

    /// <summary>Canceled (by the user, the dead-man switch or the venue, see <see cref="EmulatorOrder.CancelSource"/>).</summary>
    Canceled,

    /// <summary>Expired (Binance IOC / MARKET remainder).</summary>
    Expired,
}

/// <summary>An order as recorded by the emulator. Quantities are in base units (BTC, ETH), also for OKX.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol (<c>BTCUSDT</c>, <c>BTC-USDT-SWAP</c>).</param>
/// <param name="OrderId">Venue order id.</param>
/// <param name="ClientOrderId">Client order id (generated when the client sent none).</param>
/// <param name="Side">Side.</param>
/// <param name="PositionSide">Position bucket.</param>
/// <param name="Type">Type.</param>
/// <param name="TimeInForce">Time in force.</param>
/// <param name="Price">Limit price, null for market orders.</param>
/// <param name="Quantity">Ordered quantity, base units.</param>
/// <param name="ExecutedQuantity">Filled quantity, base units.</param>
/// <param name="AveragePrice">Average fill price, 0 when nothing filled.</param>
/// <param name="Status">Status.</param>
/// <param name="ReduceOnly">Reduce-only (explicit or implied by a hedge-mode close).</param>
/// <param name="CancelSource">OKX-style cancel source code (<c>20</c> dead-man switch, <c>31</c> post-only, ...), or null.</param>
/// <param name="CreatedAt">Creation time (venue clock).</param>
/// <param name="UpdatedAt">Last update time (venue clock).</param>
public sealed record EmulatorOrder(
    EmulatorVenue Venue,
    string Symbol,
    long OrderId,
    string ClientOrderId,
    EmulatorOrderSide Side,
    EmulatorPositionSide PositionSide,
    EmulatorOrderType Type,
    EmulatorTimeInForce TimeInForce,
    decimal? Price,
    decimal Quantity,
    decimal ExecutedQuantity,
    decimal AveragePrice,
    EmulatorOrderStatus Status,
    bool ReduceOnly,
    string? CancelSource,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A fill (trade) in the emulator's ledger.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol.</param>
/// <param name="TradeId">Trade id.</param>
/// <param name="OrderId">Order id.</param>
/// <param name="ClientOrderId">Client order id.</param>
/// <param name="Side">Side.</param>
/// <param name="Price">Fill price.</param>
/// <param name="Quantity">Fill quantity, base units.</param>
/// <param name="Fee">Fee paid in USDT (positive = paid).</param>
/// <param name="IsMaker">True for a maker fill.</param>
/// <param name="RealizedPnl">Realized PnL of the fill in USDT, excluding the fee.</param>
/// <param name="Time">Fill time (venue clock).</param>
public sealed record EmulatorFill(
    EmulatorVenue Venue,
    string Symbol,
    long TradeId,
    long OrderId,
    string ClientOrderId,
    EmulatorOrderSide Side,
    decimal Price,
    decimal Quantity,
    decimal Fee,
    bool IsMaker,
    decimal RealizedPnl,
    DateTimeOffset Time);

/// <summary>A position in the emulator's ledger.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol.</param>
/// <param name="PositionSide">Bucket.</param>
/// <param name="Quantity">Signed base quantity (+ long, − short).</param>
/// <param name="EntryPrice">Average entry price.</param>
/// <param name="MarkPrice">Current mark price.</param>
/// <param name="UnrealizedPnl">Unrealized PnL in USDT.</param>
/// <param name="InitialMargin">Initial margin in USDT.</param>
/// <param name="MaintenanceMargin">Maintenance margin in USDT.</param>
/// <param name="Leverage">Leverage of the symbol.</param>
public sealed record EmulatorPosition(
    EmulatorVenue Venue,
    string Symbol,
    EmulatorPositionSide PositionSide,
    decimal Quantity,
    decimal EntryPrice,
    decimal MarkPrice,
    decimal UnrealizedPnl,
    decimal InitialMargin,
    decimal MaintenanceMargin,
    int Leverage);

/// <summary>A funding settlement applied to one position.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol.</param>
/// <param name="Rate">Funding rate applied.</param>
/// <param name="MarkPrice">Mark price used.</param>
/// <param name="PositionQuantity">Signed base quantity of the position at settlement.</param>
/// <param name="Amount">USDT credited (positive) or debited (negative): <c>−quantity × mark × rate</c>.</param>
/// <param name="Time">Funding time.</param>
public sealed record EmulatorFundingPayment(
    EmulatorVenue Venue,
    string Symbol,
    decimal Rate,
    decimal MarkPrice,
    decimal PositionQuantity,
    decimal Amount,
    DateTimeOffset Time);

/// <summary>A consistent snapshot of one venue's account: balance, orders, fills, positions and funding.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="WalletBalance">USDT wallet balance (deposits + realized PnL − fees + funding).</param>
/// <param name="HedgeMode">True in hedge (Binance) / long_short (OKX) mode.</param>
/// <param name="Orders">All orders in creation order.</param>
/// <param name="Fills">All fills in time order.</param>
/// <param name="Positions">Open (non-zero) positions.</param>
/// <param name="Funding">Funding settlements in time order.</param>
public sealed record EmulatorLedger(
    EmulatorVenue Venue,
    decimal WalletBalance,
    bool HedgeMode,
    IReadOnlyList<EmulatorOrder> Orders,
    IReadOnlyList<EmulatorFill> Fills,
    IReadOnlyList<EmulatorPosition> Positions,
    IReadOnlyList<EmulatorFundingPayment> Funding);

/// <summary>The market of one instrument on one venue at one moment.</summary>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol.</param>
/// <param name="BestBid">Best bid price.</param>
/// <param name="BestAsk">Best ask price.</param>
/// <param name="MarkPrice">Mark price.</param>
/// <param name="IndexPrice">Index (fair) price.</param>
/// <param name="FundingRate">Current funding rate.</param>
/// <param name="NextFundingTime">Next funding settlement.</param>
public sealed record EmulatorQuote(
    EmulatorVenue Venue,
    string Symbol,
    decimal BestBid,
    decimal BestAsk,
    decimal MarkPrice,
    decimal IndexPrice,
    decimal FundingRate,
    DateTimeOffset NextFundingTime);
