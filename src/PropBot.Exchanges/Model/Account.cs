namespace PropBot.Exchanges;

/// <summary>An open position as the venue reports it, converted to base-asset quantity.</summary>
public sealed record Position
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Position side (<see cref="PositionSide.Both"/> in one-way mode).</summary>
    public required PositionSide PositionSide { get; init; }

    /// <summary>Signed quantity in the base asset: positive long, negative short.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Average entry price.</summary>
    public decimal EntryPrice { get; init; }

    /// <summary>Mark price.</summary>
    public decimal MarkPrice { get; init; }

    /// <summary>Unrealized PnL in the quote asset.</summary>
    public decimal UnrealizedPnl { get; init; }

    /// <summary>Leverage.</summary>
    public int Leverage { get; init; }

    /// <summary>Margin type.</summary>
    public MarginType MarginType { get; init; }

    /// <summary>Margin held for the position (isolated margin or the cross share), quote asset.</summary>
    public decimal Margin { get; init; }

    /// <summary>Maintenance margin, quote asset.</summary>
    public decimal MaintenanceMargin { get; init; }

    /// <summary>Estimated liquidation price, if the venue reports one.</summary>
    public decimal? LiquidationPrice { get; init; }

    /// <summary>Signed notional at mark (quantity × mark price), quote asset.</summary>
    public decimal Notional => Quantity * MarkPrice;

    /// <summary>Venue update time.</summary>
    public DateTimeOffset? UpdateTime { get; init; }
}

/// <summary>Account-level margin in the settlement asset (USDT).</summary>
public sealed record AccountMargin
{
    /// <summary>The venue.</summary>
    public required VenueId Venue { get; init; }

    /// <summary>Settlement asset (USDT).</summary>
    public string Asset { get; init; } = "USDT";

    /// <summary>Wallet balance.</summary>
    public decimal WalletBalance { get; init; }

    /// <summary>Margin balance (wallet balance plus unrealized PnL), i.e. equity.</summary>
    public decimal MarginBalance { get; init; }

    /// <summary>Available balance for new positions.</summary>
    public decimal AvailableBalance { get; init; }

    /// <summary>Initial margin in use.</summary>
    public decimal InitialMargin { get; init; }

    /// <summary>Maintenance margin requirement.</summary>
    public decimal MaintenanceMargin { get; init; }

    /// <summary>Maintenance margin / margin balance (0 when there is no balance). Liquidation at 1.</summary>
    public decimal MaintenanceMarginRatio => MarginBalance <= 0m ? (MaintenanceMargin > 0m ? 1m : 0m) : MaintenanceMargin / MarginBalance;

    /// <summary>Venue update time.</summary>
    public DateTimeOffset? UpdateTime { get; init; }
}

/// <summary>Leverage and margin settings of one symbol.</summary>
public sealed record LeverageSetting
{
    /// <summary>The instrument.</summary>
    public required InstrumentId Instrument { get; init; }

    /// <summary>Leverage.</summary>
    public required int Leverage { get; init; }

    /// <summary>Margin type.</summary>
    public required MarginType MarginType { get; init; }

    /// <summary>Position side the setting applies to (OKX isolated hedge mode sets it per side).</summary>
    public PositionSide PositionSide { get; init; } = PositionSide.Both;

    /// <summary>Largest notional allowed at this leverage, if the venue reports it.</summary>
    public decimal? MaxNotional { get; init; }
}

/// <summary>A request to set leverage for one symbol.</summary>
/// <param name="Symbol">Venue-native symbol.</param>
/// <param name="Leverage">Leverage, 1 or more.</param>
/// <param name="MarginType">Margin type the leverage applies to (OKX <c>mgnMode</c>).</param>
/// <param name="PositionSide">Position side (OKX isolated hedge mode needs it), else <see cref="PositionSide.Both"/>.</param>
public sealed record LeverageRequest(string Symbol, int Leverage, MarginType MarginType, PositionSide PositionSide = PositionSide.Both);

/// <summary>State of a venue's dead-man switch (Binance <c>countdownCancelAll</c>, OKX <c>cancel-all-after</c>).</summary>
public sealed record DeadManSwitchStatus
{
    /// <summary>The venue.</summary>
    public required VenueId Venue { get; init; }

    /// <summary>Symbol it applies to, or null when account-wide.</summary>
    public string? Symbol { get; init; }

    /// <summary>Countdown; <see cref="TimeSpan.Zero"/> when disarmed.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>When the venue will cancel if not heart-beaten again, if armed.</summary>
    public DateTimeOffset? TriggerTime { get; init; }
}
