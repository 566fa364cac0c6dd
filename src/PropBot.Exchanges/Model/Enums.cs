namespace PropBot.Exchanges;

/// <summary>Order side.</summary>
public enum OrderSide
{
    /// <summary>Buy (opens or adds to a long, reduces a short).</summary>
    Buy,

    /// <summary>Sell (opens or adds to a short, reduces a long).</summary>
    Sell,
}

/// <summary>The position an order acts on. <see cref="Both"/> is the one-way (net) position.</summary>
public enum PositionSide
{
    /// <summary>One-way mode: the single net position (Binance <c>BOTH</c>, OKX <c>net</c>).</summary>
    Both,

    /// <summary>Hedge mode: the long position.</summary>
    Long,

    /// <summary>Hedge mode: the short position.</summary>
    Short,
}

/// <summary>Account position mode.</summary>
public enum PositionMode
{
    /// <summary>One net position per symbol (Binance <c>dualSidePosition=false</c>, OKX <c>net_mode</c>).</summary>
    OneWay,

    /// <summary>Separate long and short positions (Binance <c>dualSidePosition=true</c>, OKX <c>long_short_mode</c>).</summary>
    Hedge,
}

/// <summary>Margin type of a position.</summary>
public enum MarginType
{
    /// <summary>Isolated margin (the default for PropBot).</summary>
    Isolated,

    /// <summary>Cross margin.</summary>
    Cross,
}

/// <summary>Order type.</summary>
public enum OrderType
{
    /// <summary>Market order.</summary>
    Market,

    /// <summary>Limit order; the <see cref="TimeInForce"/> says how long it rests.</summary>
    Limit,
}

/// <summary>Time in force of a limit order.</summary>
public enum TimeInForce
{
    /// <summary>Good till cancelled.</summary>
    GoodTillCanceled,

    /// <summary>Immediate or cancel: fill what is possible now, cancel the rest.</summary>
    ImmediateOrCancel,

    /// <summary>Fill or kill: fill completely now or cancel.</summary>
    FillOrKill,

    /// <summary>Post-only: rest on the book as maker or be refused (Binance <c>GTX</c>, OKX <c>post_only</c>).</summary>
    PostOnly,
}

/// <summary>Order status, venue-neutral.</summary>
public enum OrderStatus
{
    /// <summary>Accepted, nothing filled yet.</summary>
    New,

    /// <summary>Partly filled and still working.</summary>
    PartiallyFilled,

    /// <summary>Completely filled.</summary>
    Filled,

    /// <summary>Cancelled (by the user, by IOC/FOK/post-only rules, or by a dead-man switch); may have partial fills.</summary>
    Canceled,

    /// <summary>Refused by the venue.</summary>
    Rejected,

    /// <summary>Expired by the venue (e.g. IOC remainder on Binance); may have partial fills.</summary>
    Expired,

    /// <summary>The outcome is not known (timeout, connection drop, 5xx): resolve by querying the client order id.</summary>
    Unknown,
}

/// <summary>Why an order is sent; orders that reduce risk use the governor's reserved lane.</summary>
public enum OrderPurpose
{
    /// <summary>Opens or adds exposure.</summary>
    Entry,

    /// <summary>Takes a filled leg back out after the other leg failed (rescue).</summary>
    HedgeOut,

    /// <summary>Closes positions on operator request or kill switch.</summary>
    Flatten,

    /// <summary>Repairs a residual cross-venue delta.</summary>
    Repair,
}

/// <summary>Where fee rates came from.</summary>
public enum FeeSource
{
    /// <summary>Read from the venue for this account.</summary>
    Venue,

    /// <summary>From the manual table in configuration.</summary>
    Manual,
}

/// <summary>Extension helpers for the venue-neutral enums.</summary>
public static class TradingEnumExtensions
{
    /// <summary>The opposite side.</summary>
    public static OrderSide Opposite(this OrderSide side) => side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;

    /// <summary>+1 for buy, -1 for sell.</summary>
    public static int Sign(this OrderSide side) => side == OrderSide.Buy ? 1 : -1;

    /// <summary>Whether the order purpose reduces exposure (and so may use the reserved rate-limit lane).</summary>
    public static bool IsRiskReducing(this OrderPurpose purpose) => purpose != OrderPurpose.Entry;

    /// <summary>Whether the status is final (no further fills can arrive).</summary>
    public static bool IsTerminal(this OrderStatus status) =>
        status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Rejected or OrderStatus.Expired;
}
