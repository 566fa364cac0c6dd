namespace PropBot.Exchanges.Emulator.Core;

/// <summary>An account event for private streams, captured under the core lock with the values of that moment.</summary>
internal abstract record UserEvent(DateTimeOffset Time);

/// <summary>An order lifecycle event (NEW, TRADE, CANCELED, EXPIRED).</summary>
internal sealed record OrderEvent(
    DateTimeOffset Time,
    OrderState Order,
    string ExecutionType,
    EmulatorOrderStatus Status,
    decimal Executed,
    decimal AveragePrice,
    decimal LastQuantity,
    decimal LastPrice,
    decimal Commission,
    long TradeId,
    bool Maker,
    decimal RealizedPnl) : UserEvent(Time);

/// <summary>A position row inside an account event.</summary>
internal readonly record struct PositionUpdate(Instrument Instrument, EmulatorPositionSide Side, decimal Quantity, decimal EntryPrice, decimal RealizedPnl, decimal UnrealizedPnl, bool Isolated);

/// <summary>A balance / position change (reason ORDER or FUNDING_FEE).</summary>
internal sealed record AccountEvent(DateTimeOffset Time, string Reason, decimal Wallet, decimal BalanceChange, IReadOnlyList<PositionUpdate> Positions, string? Symbol) : UserEvent(Time);
