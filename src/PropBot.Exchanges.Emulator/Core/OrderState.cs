namespace PropBot.Exchanges.Emulator.Core;

/// <summary>Mutable order record; guarded by the core lock.</summary>
internal sealed class OrderState
{
    public required long Id { get; init; }

    public required string ClientId { get; init; }

    public required Instrument Instrument { get; init; }

    public required EmulatorOrderSide Side { get; init; }

    public required EmulatorPositionSide PositionSide { get; init; }

    public required EmulatorOrderType Type { get; init; }

    public required EmulatorTimeInForce TimeInForce { get; init; }

    public decimal? Price { get; init; }

    public required decimal Quantity { get; init; }

    public bool ReduceOnly { get; init; }

    /// <summary>Wire spelling of the order type as sent (OKX ordType, Binance type), echoed in responses.</summary>
    public string WireType { get; init; } = "";

    public string Tag { get; init; } = "";

    public string MarginMode { get; init; } = "cross";

    public int Leverage { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; set; }

    public decimal Executed { get; set; }

    public decimal CumQuote { get; set; }

    public EmulatorOrderStatus Status { get; set; }

    public string? CancelSource { get; set; }

    public decimal Fee { get; set; }

    public decimal RealizedPnl { get; set; }

    public decimal LastFillPrice { get; set; }

    public decimal LastFillQuantity { get; set; }

    public DateTimeOffset? LastFillTime { get; set; }

    public long LastTradeId { get; set; }

    public bool IsOpen => Status is EmulatorOrderStatus.New or EmulatorOrderStatus.PartiallyFilled;

    public decimal Remaining => Quantity - Executed;

    public decimal AveragePrice => Executed == 0 ? 0m : Math.Round(CumQuote / Executed, 8, MidpointRounding.ToEven);

    public EmulatorOrder ToPublic() => new(
        Instrument.Venue, Instrument.Symbol, Id, ClientId, Side, PositionSide, Type, TimeInForce, Price, Quantity, Executed,
        AveragePrice, Status, ReduceOnly, CancelSource, Created, Updated);
}

/// <summary>Mutable position record (signed base quantity).</summary>
internal sealed class PositionState
{
    public decimal Quantity { get; set; }

    public decimal EntryPrice { get; set; }

    public DateTimeOffset Updated { get; set; }

    public DateTimeOffset Created { get; set; }

    public long PositionId { get; set; }

    public decimal RealizedPnl { get; set; }

    public decimal Fees { get; set; }

    public decimal FundingFees { get; set; }
}

/// <summary>Leverage and margin type of one symbol.</summary>
internal sealed class SymbolSettings
{
    public int Leverage { get; set; } = 20;

    public bool Isolated { get; set; }
}

/// <summary>A settled funding rate (market-level history).</summary>
internal readonly record struct FundingHistoryEntry(string Symbol, decimal Rate, decimal MarkPrice, DateTimeOffset Time);
