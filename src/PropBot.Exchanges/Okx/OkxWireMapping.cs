using PropBot.Exchanges.Okx.Wire;

namespace PropBot.Exchanges.Okx;

/// <summary>Wire strings ↔ venue-neutral enums and wire rows → model records (contracts converted to base units).</summary>
internal static class OkxWireMapping
{
    public static string MarginWire(MarginType type) => type == MarginType.Cross ? "cross" : "isolated";

    public static MarginType? ParseMargin(string? text) => text switch
    {
        "cross" => MarginType.Cross,
        "isolated" => MarginType.Isolated,
        _ => null,
    };

    public static string PosModeWire(PositionMode mode) => mode == PositionMode.Hedge ? "long_short_mode" : "net_mode";

    public static PositionMode? ParsePositionMode(string? text) => text switch
    {
        "long_short_mode" => PositionMode.Hedge,
        "net_mode" => PositionMode.OneWay,
        _ => null,
    };

    public static string PosSideWire(PositionSide side) => side switch
    {
        PositionSide.Long => "long",
        PositionSide.Short => "short",
        _ => "net",
    };

    public static PositionSide ParsePosSide(string? text) => text switch
    {
        "long" => PositionSide.Long,
        "short" => PositionSide.Short,
        _ => PositionSide.Both,
    };

    public static string OrdTypeWire(OrderType type, TimeInForce tif) => type == OrderType.Market
        ? "market"
        : tif switch
        {
            TimeInForce.GoodTillCanceled => "limit",
            TimeInForce.ImmediateOrCancel => "ioc",
            TimeInForce.FillOrKill => "fok",
            TimeInForce.PostOnly => "post_only",
            _ => "limit",
        };

    public static (OrderType Type, TimeInForce Tif) ParseOrdType(string? text) => text switch
    {
        "market" => (OrderType.Market, TimeInForce.ImmediateOrCancel),
        "ioc" or "optimal_limit_ioc" => (OrderType.Limit, TimeInForce.ImmediateOrCancel),
        "fok" => (OrderType.Limit, TimeInForce.FillOrKill),
        "post_only" => (OrderType.Limit, TimeInForce.PostOnly),
        _ => (OrderType.Limit, TimeInForce.GoodTillCanceled),
    };

    public static OrderStatus ParseState(string? text) => text switch
    {
        "live" => OrderStatus.New,
        "partially_filled" => OrderStatus.PartiallyFilled,
        "filled" => OrderStatus.Filled,
        "canceled" or "mmp_canceled" => OrderStatus.Canceled,
        "order_failed" => OrderStatus.Rejected,
        _ => OrderStatus.Unknown,
    };

    /// <summary>Maps an order row; quantities × contract size; OKX fee sign flipped (positive = paid).</summary>
    public static OrderReport? ToOrderReport(OkxOrder row, OkxInstrumentInfo info, ClientOrderId? fallbackId)
    {
        if (row.Side is not ("buy" or "sell"))
        {
            return null;
        }

        ClientOrderId id;
        if (ClientOrderId.IsValid(row.ClOrdId))
        {
            id = new ClientOrderId(row.ClOrdId!);
        }
        else if (fallbackId is { } f)
        {
            id = f;
        }
        else if (ClientOrderId.IsValid("okx" + row.OrdId))
        {
            id = new ClientOrderId("okx" + row.OrdId);
        }
        else
        {
            return null;
        }

        var (type, tif) = ParseOrdType(row.OrdType);
        var cancelSource = string.IsNullOrEmpty(row.CancelSource) ? null : row.CancelSource;
        var avg = OkxParse.DecimalOrNull(row.AvgPx);
        var fee = OkxParse.DecimalOrNull(row.Fee);
        return new OrderReport
        {
            Instrument = new InstrumentId(VenueId.OkxSwap, info.InstId),
            ClientOrderId = id,
            VenueOrderId = string.IsNullOrEmpty(row.OrdId) ? null : new VenueOrderId(row.OrdId),
            Side = row.Side == "buy" ? OrderSide.Buy : OrderSide.Sell,
            Type = type,
            TimeInForce = tif,
            PositionSide = ParsePosSide(row.PosSide),
            ReduceOnly = string.Equals(row.ReduceOnly, "true", StringComparison.OrdinalIgnoreCase),
            Status = ParseState(row.State),
            Quantity = OkxContractMath.ToBase(OkxParse.Decimal(row.Sz), info),
            Price = type == OrderType.Limit ? OkxParse.DecimalOrNull(row.Px) : null,
            FilledQuantity = OkxContractMath.ToBase(OkxParse.Decimal(row.AccFillSz), info),
            AveragePrice = avg is > 0m ? avg : null,
            Fee = fee is { } x ? -x : null,
            PostOnlyRejected = cancelSource == OkxErrorMap.PostOnlyWouldTakeCancelSource,
            CancelReason = cancelSource,
            UpdateTime = OkxParse.MillisOrNull(row.UTime) ?? OkxParse.MillisOrNull(row.CTime),
        };
    }

    /// <summary>Maps a non-zero position row: signed base quantity (net: sign of <c>pos</c>; long/short: by side).</summary>
    public static Position ToPosition(OkxPosition row, decimal pos, OkxInstrumentInfo info)
    {
        var side = ParsePosSide(row.PosSide);
        var signed = side switch
        {
            PositionSide.Long => Math.Abs(pos),
            PositionSide.Short => -Math.Abs(pos),
            _ => pos,
        };
        var margin = ParseMargin(row.MgnMode) ?? MarginType.Cross;
        return new Position
        {
            Instrument = new InstrumentId(VenueId.OkxSwap, info.InstId),
            PositionSide = side,
            Quantity = OkxContractMath.ToBase(signed, info),
            EntryPrice = OkxParse.Decimal(row.AvgPx),
            MarkPrice = OkxParse.Decimal(row.MarkPx),
            UnrealizedPnl = OkxParse.Decimal(row.Upl),
            Leverage = (int)OkxParse.Decimal(row.Lever),
            MarginType = margin,
            Margin = margin == MarginType.Isolated ? OkxParse.Decimal(row.Margin) : OkxParse.Decimal(row.Imr),
            MaintenanceMargin = OkxParse.Decimal(row.Mmr),
            LiquidationPrice = OkxParse.DecimalOrNull(row.LiqPx) is { } liq && liq > 0m ? liq : null,
            UpdateTime = OkxParse.MillisOrNull(row.UTime),
        };
    }

    /// <summary>USDT detail of the balance (falls back to account-level margin figures when the detail has none).</summary>
    public static AccountMargin ToAccountMargin(OkxBalance row)
    {
        var usdt = row.Details?.FirstOrDefault(d => d.Ccy == "USDT");
        return new AccountMargin
        {
            Venue = VenueId.OkxSwap,
            Asset = "USDT",
            WalletBalance = OkxParse.Decimal(usdt?.CashBal),
            MarginBalance = OkxParse.DecimalOrNull(usdt?.Eq) ?? OkxParse.Decimal(row.TotalEq),
            AvailableBalance = OkxParse.DecimalOrNull(usdt?.AvailEq) ?? OkxParse.Decimal(usdt?.AvailBal),
            InitialMargin = OkxParse.DecimalOrNull(usdt?.Imr) ?? OkxParse.Decimal(row.Imr),
            MaintenanceMargin = OkxParse.DecimalOrNull(usdt?.Mmr) ?? OkxParse.Decimal(row.Mmr),
            UpdateTime = OkxParse.MillisOrNull(usdt?.UTime) ?? OkxParse.MillisOrNull(row.UTime),
        };
    }
}

/// <summary>OKX fee sign convention: a negative trade-fee rate means you pay. PropBot: positive bps = you pay.</summary>
internal static class OkxFees
{
    public static FeeRates ToFeeRates(decimal okxMakerRate, decimal okxTakerRate) =>
        new(Quantizer.Normalize(-okxMakerRate * 10_000m), Quantizer.Normalize(-okxTakerRate * 10_000m), FeeSource.Venue);
}

/// <summary>Funding: the interval is <c>nextFundingTime − fundingTime</c> (never assumed to be 8 h).</summary>
internal static class OkxFunding
{
    public static FundingInfo? ToFundingInfo(OkxFundingRate row, InstrumentId instrument)
    {
        if (OkxParse.DecimalOrNull(row.FundingRate) is not { } rate
            || OkxParse.MillisOrNull(row.FundingTime) is not { } fundingTime
            || OkxParse.MillisOrNull(row.NextFundingTime) is not { } next
            || next <= fundingTime)
        {
            return null;
        }

        return new FundingInfo
        {
            Instrument = instrument,
            Rate = rate,
            NextFundingTime = fundingTime,
            Interval = next - fundingTime,
            EventTime = OkxParse.MillisOrNull(row.Ts),
        };
    }
}
