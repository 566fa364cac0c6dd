using System.Globalization;
using System.Text;
using System.Text.Json;
using PropBot.Exchanges.RateLimiting;

namespace PropBot.Exchanges.Binance.Wire;

/// <summary>Wire ↔ model conversions of the Binance adapter.</summary>
internal static class BinanceWireMapping
{
    private static readonly VenueId Venue = VenueId.BinanceUsdFutures;

    public static string ToWire(TimeInForce tif) => tif switch
    {
        TimeInForce.GoodTillCanceled => "GTC",
        TimeInForce.FillOrKill => "FOK",
        TimeInForce.PostOnly => "GTX",
        _ => "IOC",
    };

    public static TimeInForce ParseTimeInForce(string? tif) => tif switch
    {
        "GTC" or "GTD" => TimeInForce.GoodTillCanceled,
        "FOK" => TimeInForce.FillOrKill,
        "GTX" => TimeInForce.PostOnly,
        _ => TimeInForce.ImmediateOrCancel,
    };

    public static OrderStatus ParseStatus(string? status) => status switch
    {
        "NEW" => OrderStatus.New,
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELED" => OrderStatus.Canceled,
        "REJECTED" => OrderStatus.Rejected,
        "EXPIRED" or "EXPIRED_IN_MATCH" => OrderStatus.Expired,
        _ => OrderStatus.Unknown,
    };

    public static PositionSide ParsePositionSide(string? side) => side switch
    {
        "LONG" => PositionSide.Long,
        "SHORT" => PositionSide.Short,
        _ => PositionSide.Both,
    };

    public static MarginType ParseMarginType(string? value, MarginType fallback) => value?.ToUpperInvariant() switch
    {
        "ISOLATED" => MarginType.Isolated,
        "CROSS" or "CROSSED" => MarginType.Cross,
        _ => fallback,
    };

    /// <summary>A client order id from the venue; ids not created by PropBot (e.g. <c>web_…</c>, <c>autoclose-…</c>) are sanitised.</summary>
    public static ClientOrderId ParseClientOrderId(string? value)
    {
        if (ClientOrderId.IsValid(value))
        {
            return new ClientOrderId(value!);
        }

        var sb = new StringBuilder();
        foreach (var c in value ?? string.Empty)
        {
            if (char.IsAsciiLetterOrDigit(c) && sb.Length < ClientOrderId.MaxLength)
            {
                sb.Append(c);
            }
        }

        return new ClientOrderId(sb.Length == 0 ? "unknown" : sb.ToString());
    }

    public static OrderReport ToReport(BinanceOrder o)
    {
        decimal? average = o.AvgPrice is > 0m ? o.AvgPrice : o.CumQuote is > 0m && o.ExecutedQty > 0m ? o.CumQuote / o.ExecutedQty : null;
        return new OrderReport
        {
            Instrument = new InstrumentId(Venue, o.Symbol),
            ClientOrderId = ParseClientOrderId(o.ClientOrderId),
            VenueOrderId = o.OrderId > 0 ? new VenueOrderId(o.OrderId.ToString(CultureInfo.InvariantCulture)) : null,
            Side = o.Side == "SELL" ? OrderSide.Sell : OrderSide.Buy,
            Type = o.Type == "MARKET" ? OrderType.Market : OrderType.Limit,
            TimeInForce = ParseTimeInForce(o.TimeInForce),
            PositionSide = ParsePositionSide(o.PositionSide),
            ReduceOnly = o.ReduceOnly,
            Status = ParseStatus(o.Status),
            Quantity = o.OrigQty,
            Price = o.Price is > 0m ? o.Price : null,
            FilledQuantity = o.ExecutedQty,
            AveragePrice = average,
            UpdateTime = o.UpdateTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(o.UpdateTime) : null,
        };
    }

    public static Position ToPosition(BinancePositionRisk p) => new()
    {
        Instrument = new InstrumentId(Venue, p.Symbol),
        PositionSide = ParsePositionSide(p.PositionSide),
        Quantity = p.PositionAmt,
        EntryPrice = p.EntryPrice,
        MarkPrice = p.MarkPrice,
        UnrealizedPnl = p.UnRealizedProfit,
        Leverage = p.Leverage ?? 0,
        MarginType = ParseMarginType(p.MarginType, MarginType.Cross),
        Margin = p.IsolatedMargin is > 0m ? p.IsolatedMargin.Value : p.InitialMargin ?? 0m,
        MaintenanceMargin = p.MaintMargin ?? 0m,
        LiquidationPrice = p.LiquidationPrice is > 0m ? p.LiquidationPrice : null,
        UpdateTime = p.UpdateTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(p.UpdateTime) : null,
    };

    public static RateLimitWindow? ToWindow(BinanceRateLimit limit)
    {
        var (unit, length) = limit.Interval switch
        {
            "SECOND" => ('s', TimeSpan.FromSeconds(1)),
            "MINUTE" => ('m', TimeSpan.FromMinutes(1)),
            "HOUR" => ('h', TimeSpan.FromHours(1)),
            "DAY" => ('d', TimeSpan.FromDays(1)),
            _ => ('?', TimeSpan.Zero),
        };
        if (unit == '?' || limit.IntervalNum <= 0 || limit.Limit <= 0 || limit.RateLimitType is not ("REQUEST_WEIGHT" or "ORDERS"))
        {
            return null;
        }

        return new RateLimitWindow(BinanceRestTransport.WindowName(limit.RateLimitType, limit.IntervalNum, unit), length * limit.IntervalNum, limit.Limit);
    }

    public static InstrumentFilters? ToFilters(BinanceSymbolInfo s)
    {
        decimal? tick = null, step = null, minQty = null, maxQty = null, marketStep = null, marketMax = null, minNotional = null;
        foreach (var f in s.Filters)
        {
            if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("filterType", out var type))
            {
                continue;
            }

            switch (type.GetString())
            {
                case "PRICE_FILTER":
                    tick = Dec(f, "tickSize");
                    break;
                case "LOT_SIZE":
                    step = Dec(f, "stepSize");
                    minQty = Dec(f, "minQty");
                    maxQty = Dec(f, "maxQty");
                    break;
                case "MARKET_LOT_SIZE":
                    marketStep = Dec(f, "stepSize");
                    marketMax = Dec(f, "maxQty");
                    break;
                case "MIN_NOTIONAL":
                    minNotional = Dec(f, "notional") ?? Dec(f, "minNotional");
                    break;
                default:
                    break;
            }
        }

        if (tick is not > 0m || step is not > 0m)
        {
            return null;
        }

        return new InstrumentFilters
        {
            Instrument = new InstrumentId(Venue, s.Symbol),
            BaseAsset = s.BaseAsset,
            QuoteAsset = s.QuoteAsset,
            TickSize = tick.Value,
            StepSize = step.Value,
            MinQuantity = minQty ?? step.Value,
            MaxQuantity = maxQty is > 0m ? maxQty.Value : decimal.MaxValue,
            MarketStepSize = marketStep is > 0m ? marketStep : null,
            MarketMaxQuantity = marketMax is > 0m ? marketMax : null,
            MinNotional = minNotional ?? 0m,
            IsTrading = (s.Status is null or "TRADING") && (s.ContractType is null or "PERPETUAL"),
        };
    }

    private static decimal? Dec(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            JsonValueKind.Number when v.TryGetDecimal(out var n) => n,
            _ => null,
        };
    }
}
