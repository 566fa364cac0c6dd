using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>
/// A configured cross-venue pair: buy (go long) <see cref="Long"/> and sell (go short) <see cref="Short"/> the same
/// base asset on two venues (config <c>derivatives:arbitrage:pairs[]</c>).
/// </summary>
/// <param name="Long">The instrument bought to open the long leg.</param>
/// <param name="Short">The instrument sold to open the short leg.</param>
public sealed record ArbPair(InstrumentId Long, InstrumentId Short)
{
    /// <summary>Stable display name, e.g. <c>BTCUSDT.binance_um/BTC-USDT-SWAP.okx_perp</c>.</summary>
    public string Name => $"{Long}/{Short}";

    /// <summary>The instrument of a leg direction.</summary>
    public InstrumentId InstrumentOf(LegDirection direction) => direction == LegDirection.Long ? Long : Short;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Which side of a pair a leg opens.</summary>
public enum LegDirection
{
    /// <summary>The long leg (buy to open).</summary>
    Long,

    /// <summary>The short leg (sell to open).</summary>
    Short,
}

/// <summary>The role of an order within one execution.</summary>
public enum LegRole
{
    /// <summary>Leg A: the riskier leg, sent first.</summary>
    A,

    /// <summary>Leg B: sized from leg A's actual fill.</summary>
    B,

    /// <summary>A reduce-only hedge-out (rescue) order.</summary>
    HedgeOut,
}

/// <summary>How partial fills are handled (config <c>partial_fill_policy</c>).</summary>
[System.ComponentModel.TypeConverter(typeof(PartialFillPolicyConverter))]
public enum PartialFillPolicy
{
    /// <summary><c>reject_if_unhedged</c>: any partial fill aborts the execution and every filled quantity is hedged out.</summary>
    RejectIfUnhedged,

    /// <summary><c>hedge_remaining</c>: keep the matched quantity, hedge out only the unmatched excess.</summary>
    HedgeRemaining,
}

/// <summary>How an execution ended.</summary>
public enum ExecutionOutcome
{
    /// <summary>Both legs filled and matched (possibly a reduced size after partial fills): hedged.</summary>
    Succeeded,

    /// <summary>Nothing was exposed: refused in preflight or leg A did not fill.</summary>
    Aborted,

    /// <summary>A leg filled without its counterpart; the exposure was hedged out and verified flat.</summary>
    Rescued,

    /// <summary>The engine could not verify a flat or hedged book: an incident was raised and the engine halted.</summary>
    Incident,
}

/// <summary>Extension helpers for the arbitrage enums.</summary>
public static class ArbitrageEnumExtensions
{
    /// <summary>The order side that opens a leg in this direction.</summary>
    public static OrderSide OpeningSide(this LegDirection direction) => direction == LegDirection.Long ? OrderSide.Buy : OrderSide.Sell;

    /// <summary>The other direction.</summary>
    public static LegDirection Opposite(this LegDirection direction) => direction == LegDirection.Long ? LegDirection.Short : LegDirection.Long;

    /// <summary>The configuration spelling of a policy (<c>reject_if_unhedged</c>, <c>hedge_remaining</c>).</summary>
    public static string ToConfigValue(this PartialFillPolicy policy) =>
        policy == PartialFillPolicy.HedgeRemaining ? "hedge_remaining" : "reject_if_unhedged";

    /// <summary>Stable SCREAMING_SNAKE code of an outcome.</summary>
    public static string Code(this ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Succeeded => "SUCCEEDED",
        ExecutionOutcome.Aborted => "ABORTED",
        ExecutionOutcome.Rescued => "RESCUED",
        _ => "INCIDENT",
    };
}
