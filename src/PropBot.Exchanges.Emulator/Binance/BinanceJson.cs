using System.Globalization;
using System.Text.Json;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>Binance JSON shapes, following the reference payloads (decimals as strings, ids and times as numbers).</summary>
internal static class BinanceJson
{
    public enum OrderShape
    {
        Place,
        Query,
    }

    public static string Money(decimal value) => Math.Round(value, 8, MidpointRounding.ToEven).ToString("0.00000000", CultureInfo.InvariantCulture);

    public static string Rate(decimal value) => Math.Round(value, 8, MidpointRounding.ToEven).ToString("0.00000000", CultureInfo.InvariantCulture);

    public static string Price8(decimal value) => Math.Round(value, 8, MidpointRounding.ToEven).ToString("0.00000000", CultureInfo.InvariantCulture);

    public static string Price(Instrument instrument, decimal value) =>
        value.ToString("F" + instrument.PricePrecision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Quantity(Instrument instrument, decimal value) =>
        value.ToString("F" + instrument.QuantityPrecision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string PositionSide(EmulatorPositionSide side) => side switch
    {
        EmulatorPositionSide.Long => "LONG",
        EmulatorPositionSide.Short => "SHORT",
        _ => "BOTH",
    };

    public static string Status(EmulatorOrderStatus status) => status switch
    {
        EmulatorOrderStatus.New => "NEW",
        EmulatorOrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        EmulatorOrderStatus.Filled => "FILLED",
        EmulatorOrderStatus.Canceled => "CANCELED",
        _ => "EXPIRED",
    };

    public static string TimeInForce(EmulatorTimeInForce tif) => tif switch
    {
        EmulatorTimeInForce.Ioc => "IOC",
        EmulatorTimeInForce.Fok => "FOK",
        EmulatorTimeInForce.PostOnly => "GTX",
        _ => "GTC",
    };

    public static string MaxNotional(int leverage) => leverage switch
    {
        > 100 => "300000",
        > 50 => "800000",
        > 20 => "3000000",
        > 10 => "12000000",
        > 5 => "50000000",
        _ => "300000000",
    };

    public static string DefaultMessage(int code) => code switch
    {
        -1000 => "An unknown error occured while processing the request.",
        -1001 => "Internal error; unable to process your request. Please try again.",
        -1006 => "An unexpected response was received from the message bus. Execution status unknown.",
        -1007 => "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
        -1008 => "Request throttled by system-level protection. Reduce-only/close-position orders are exempt. Please try again.",
        -2010 => "NEW_ORDER_REJECTED",
        -2018 => "Balance is insufficient.",
        -2019 => "Margin is insufficient.",
        -2022 => "ReduceOnly Order is rejected.",
        -4087 => "User can only place reduce only order",
        -4131 => "The counterparty's best price does not meet the PERCENT_PRICE filter limit",
        -4400 => "Futures Trading Quantitative Rules violated, only reduceOnly order is allowed, please try again later.",
        -5021 => "Due to the order could not be filled immediately, the FOK order has been rejected.",
        -5022 => "Due to the order could not be executed as maker, the Post Only order will be rejected.",
        _ => "NEW_ORDER_REJECTED",
    };

    public static void ExchangeInfo(Utf8JsonWriter w, DateTimeOffset now, RateLimitOptions limits)
    {
        w.WriteStartObject();
        w.WriteString("timezone", "UTC");
        w.WriteNumber("serverTime", Wire.Ms(now));
        w.WriteStartArray("rateLimits");
        RateLimit(w, "REQUEST_WEIGHT", "MINUTE", 1, limits.BinanceRequestWeightPerMinute);
        RateLimit(w, "ORDERS", "MINUTE", 1, limits.BinanceOrdersPerMinute);
        RateLimit(w, "ORDERS", "SECOND", 10, limits.BinanceOrdersPer10Seconds);
        w.WriteEndArray();
        w.WriteStartArray("exchangeFilters");
        w.WriteEndArray();
        w.WriteStartArray("assets");
        w.WriteStartObject();
        w.WriteString("asset", "USDT");
        w.WriteBoolean("marginAvailable", true);
        w.WriteString("autoAssetExchange", "0");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("symbols");
        foreach (var i in Instruments.Binance)
        {
            w.WriteStartObject();
            w.WriteString("symbol", i.Symbol);
            w.WriteString("pair", i.Symbol);
            w.WriteString("contractType", "PERPETUAL");
            w.WriteNumber("deliveryDate", 4133404800000);
            w.WriteNumber("onboardDate", 1569398400000);
            w.WriteString("status", "TRADING");
            w.WriteString("maintMarginPercent", "2.5000");
            w.WriteString("requiredMarginPercent", "5.0000");
            w.WriteString("baseAsset", i.Asset);
            w.WriteString("quoteAsset", "USDT");
            w.WriteString("marginAsset", "USDT");
            w.WriteNumber("pricePrecision", i.PricePrecision);
            w.WriteNumber("quantityPrecision", i.QuantityPrecision);
            w.WriteNumber("baseAssetPrecision", 8);
            w.WriteNumber("quotePrecision", 8);
            w.WriteString("underlyingType", "COIN");
            w.WriteStartArray("underlyingSubType");
            w.WriteStringValue("PoW");
            w.WriteEndArray();
            w.WriteNumber("settlePlan", 0);
            w.WriteString("triggerProtect", "0.0500");
            w.WriteStartArray("filters");
            w.WriteStartObject();
            w.WriteString("filterType", "PRICE_FILTER");
            w.WriteString("tickSize", Wire.D(i.TickSize));
            w.WriteString("minPrice", Wire.D(i.MinPrice));
            w.WriteString("maxPrice", Wire.D(i.MaxPrice));
            w.WriteEndObject();
            LotFilter(w, "LOT_SIZE", i.BaseStep, i.MaxQuantity, i.MinQuantity);
            LotFilter(w, "MARKET_LOT_SIZE", i.BaseStep, i.MarketMaxQuantity, i.MinQuantity);
            w.WriteStartObject();
            w.WriteString("filterType", "MAX_NUM_ORDERS");
            w.WriteNumber("limit", 200);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("filterType", "MIN_NOTIONAL");
            w.WriteString("notional", Wire.D(i.MinNotional));
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("filterType", "PERCENT_PRICE");
            w.WriteString("multiplierUp", "1.0500");
            w.WriteString("multiplierDown", "0.9500");
            w.WriteString("multiplierDecimal", "4");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("orderTypes");
            foreach (var t in new[] { "LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET" })
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteStartArray("timeInForce");
            foreach (var t in new[] { "GTC", "IOC", "FOK", "GTX", "GTD" })
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteString("liquidationFee", "0.012500");
            w.WriteString("marketTakeBound", "0.05");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void BookTicker(Utf8JsonWriter w, Instrument i, BookSnapshot book, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("symbol", i.Symbol);
        w.WriteString("bidPrice", Price(i, book.BestBid));
        w.WriteString("bidQty", Quantity(i, book.Bids[0].Quantity));
        w.WriteString("askPrice", Price(i, book.BestAsk));
        w.WriteString("askQty", Quantity(i, book.Asks[0].Quantity));
        w.WriteNumber("time", Wire.Ms(book.Time));
        w.WriteEndObject();
    }

    public static void Levels(Utf8JsonWriter w, string name, BookLevel[] levels, int limit)
    {
        w.WriteStartArray(name);
        var count = Math.Min(limit, levels.Length);
        for (var k = 0; k < count; k++)
        {
            w.WriteStartArray();
            w.WriteStringValue(Wire.D(levels[k].Price));
            w.WriteStringValue(Wire.D(levels[k].Quantity));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    public static void PremiumIndex(Utf8JsonWriter w, VenueExchange exchange, Instrument i, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("symbol", i.Symbol);
        w.WriteString("markPrice", Price8(exchange.Mark(i)));
        w.WriteString("indexPrice", Price8(exchange.Index(i)));
        w.WriteString("estimatedSettlePrice", Price8(exchange.Index(i)));
        w.WriteString("lastFundingRate", Rate(exchange.FundingRate(i)));
        w.WriteString("interestRate", "0.00010000");
        w.WriteNumber("nextFundingTime", Wire.Ms(exchange.NextFundingTime));
        w.WriteNumber("time", Wire.Ms(now));
        w.WriteEndObject();
    }

    public static void Brackets(Utf8JsonWriter w, Instrument i)
    {
        (int Leverage, long Cap, long Floor, decimal Mmr, decimal Cum)[] brackets =
        [
            (i.MaxLeverage, 300_000, 0, i.MaintenanceMarginRate, 0m),
            (50, 800_000, 300_000, i.MaintenanceMarginRate * 1.25m, 300_000m * i.MaintenanceMarginRate * 0.25m),
            (20, 3_000_000, 800_000, i.MaintenanceMarginRate * 2.5m, 0m),
            (10, 12_000_000, 3_000_000, i.MaintenanceMarginRate * 5m, 0m),
            (5, 50_000_000, 12_000_000, i.MaintenanceMarginRate * 10m, 0m),
        ];
        w.WriteStartObject();
        w.WriteString("symbol", i.Symbol);
        w.WriteNumber("notionalCoef", 1.0m);
        w.WriteStartArray("brackets");
        for (var k = 0; k < brackets.Length; k++)
        {
            var b = brackets[k];
            w.WriteStartObject();
            w.WriteNumber("bracket", k + 1);
            w.WriteNumber("initialLeverage", b.Leverage);
            w.WriteNumber("notionalCap", b.Cap);
            w.WriteNumber("notionalFloor", b.Floor);
            w.WriteNumber("maintMarginRatio", b.Mmr);
            w.WriteNumber("cum", b.Cum);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Order object; <paramref name="ack"/> renders the pre-matching view returned by newOrderRespType=ACK.</summary>
    public static void Order(Utf8JsonWriter w, OrderState o, string? timeInForceWire, OrderShape shape, bool ack)
    {
        var i = o.Instrument;
        var executed = ack ? 0m : o.Executed;
        var cumQuote = ack ? 0m : o.CumQuote;
        var avg = ack ? 0m : o.AveragePrice;
        var status = ack ? "NEW" : Status(o.Status);
        var type = o.Type == EmulatorOrderType.Limit ? "LIMIT" : "MARKET";
        var tif = timeInForceWire ?? TimeInForce(o.TimeInForce);
        var updateTime = ack ? o.Created : o.Updated;
        w.WriteStartObject();
        if (shape == OrderShape.Query)
        {
            w.WriteString("avgPrice", Wire.D(avg));
        }

        w.WriteString("clientOrderId", o.ClientId);
        if (shape == OrderShape.Place)
        {
            w.WriteString("cumQty", Quantity(i, executed));
        }

        w.WriteString("cumQuote", Wire.D(cumQuote));
        w.WriteString("executedQty", Quantity(i, executed));
        w.WriteNumber("orderId", o.Id);
        if (shape == OrderShape.Place)
        {
            w.WriteString("avgPrice", Wire.D(avg));
        }

        w.WriteString("origQty", Quantity(i, o.Quantity));
        w.WriteString("origType", type);
        w.WriteString("price", o.Price is { } p ? Price(i, p) : "0");
        w.WriteBoolean("reduceOnly", o.ReduceOnly);
        w.WriteString("side", o.Side == EmulatorOrderSide.Buy ? "BUY" : "SELL");
        w.WriteString("positionSide", PositionSide(o.PositionSide));
        w.WriteString("status", status);
        w.WriteString("stopPrice", "0");
        w.WriteBoolean("closePosition", false);
        w.WriteString("symbol", i.Symbol);
        if (shape == OrderShape.Query)
        {
            w.WriteNumber("time", Wire.Ms(o.Created));
        }

        w.WriteString("timeInForce", tif);
        w.WriteString("type", type);
        w.WriteNumber("updateTime", Wire.Ms(updateTime));
        w.WriteString("workingType", "CONTRACT_PRICE");
        w.WriteBoolean("priceProtect", false);
        w.WriteString("priceMatch", "NONE");
        w.WriteString("selfTradePreventionMode", "EXPIRE_MAKER");
        w.WriteNumber("goodTillDate", 0);
        w.WriteEndObject();
    }

    public static void PositionRisk(Utf8JsonWriter w, VenueExchange exchange, Instrument i, EmulatorPositionSide side, bool v3)
    {
        var position = exchange.Position(i, side);
        var qty = position?.Quantity ?? 0m;
        var entry = qty == 0 ? 0m : position!.EntryPrice;
        var mark = exchange.Mark(i);
        var settings = exchange.Settings(i);
        var notional = qty * mark;
        var upnl = qty == 0 ? 0m : qty * (mark - entry);
        var initialMargin = Math.Abs(notional) / settings.Leverage;
        var isolatedMargin = settings.Isolated ? initialMargin : 0m;
        var breakEven = qty == 0 ? 0m : entry * (1 + (Math.Sign(qty) * VenueExchange.TakerRate));
        w.WriteStartObject();
        w.WriteString("symbol", i.Symbol);
        w.WriteString("positionSide", PositionSide(side));
        w.WriteString("positionAmt", Quantity(i, qty));
        w.WriteString("entryPrice", Wire.D(entry));
        w.WriteString("breakEvenPrice", Wire.D(Math.Round(breakEven, 8, MidpointRounding.ToEven)));
        w.WriteString("markPrice", Price8(mark));
        w.WriteString("unRealizedProfit", Money(upnl));
        w.WriteString("liquidationPrice", "0");
        w.WriteString("isolatedMargin", Money(isolatedMargin));
        w.WriteString("notional", Wire.D(Math.Round(notional, 8, MidpointRounding.ToEven)));
        if (v3)
        {
            w.WriteString("marginAsset", "USDT");
        }

        w.WriteString("isolatedWallet", Wire.D(Math.Round(isolatedMargin, 8, MidpointRounding.ToEven)));
        if (v3)
        {
            w.WriteString("initialMargin", Money(initialMargin));
            w.WriteString("maintMargin", Money(Math.Abs(notional) * i.MaintenanceMarginRate));
            w.WriteString("positionInitialMargin", Money(initialMargin));
            w.WriteString("openOrderInitialMargin", Money(exchange.OpenOrderInitialMargin(i)));
            w.WriteNumber("adl", qty == 0 ? 0 : 2);
            w.WriteString("bidNotional", "0");
            w.WriteString("askNotional", "0");
        }
        else
        {
            w.WriteString("leverage", settings.Leverage.ToString(CultureInfo.InvariantCulture));
            w.WriteString("maxNotionalValue", MaxNotional(settings.Leverage));
            w.WriteString("marginType", settings.Isolated ? "isolated" : "cross");
            w.WriteString("isAutoAddMargin", "false");
        }

        w.WriteNumber("updateTime", position is null ? 0 : Wire.Ms(position.Updated));
        w.WriteEndObject();
    }

    public static void Account(Utf8JsonWriter w, VenueExchange exchange, bool v3)
    {
        var wallet = exchange.Wallet;
        var upnl = exchange.UnrealizedPnl();
        var positionIm = exchange.PositionInitialMargin();
        var orderIm = exchange.OpenOrderInitialMargin();
        var maint = exchange.MaintenanceMargin();
        var available = exchange.Available();
        var maxWithdraw = Math.Max(0, Math.Min(available, wallet));
        w.WriteStartObject();
        if (!v3)
        {
            w.WriteNumber("feeTier", 0);
            w.WriteBoolean("feeBurn", false);
            w.WriteBoolean("canTrade", true);
            w.WriteBoolean("canDeposit", true);
            w.WriteBoolean("canWithdraw", true);
            w.WriteNumber("updateTime", 0);
            w.WriteBoolean("multiAssetsMargin", false);
            w.WriteNumber("tradeGroupId", -1);
        }

        w.WriteString("totalInitialMargin", Money(positionIm + orderIm));
        w.WriteString("totalMaintMargin", Money(maint));
        w.WriteString("totalWalletBalance", Money(wallet));
        w.WriteString("totalUnrealizedProfit", Money(upnl));
        w.WriteString("totalMarginBalance", Money(wallet + upnl));
        w.WriteString("totalPositionInitialMargin", Money(positionIm));
        w.WriteString("totalOpenOrderInitialMargin", Money(orderIm));
        w.WriteString("totalCrossWalletBalance", Money(wallet));
        w.WriteString("totalCrossUnPnl", Money(upnl));
        w.WriteString("availableBalance", Money(available));
        w.WriteString("maxWithdrawAmount", Money(maxWithdraw));
        w.WriteStartArray("assets");
        w.WriteStartObject();
        w.WriteString("asset", "USDT");
        w.WriteString("walletBalance", Money(wallet));
        w.WriteString("unrealizedProfit", Money(upnl));
        w.WriteString("marginBalance", Money(wallet + upnl));
        w.WriteString("maintMargin", Money(maint));
        w.WriteString("initialMargin", Money(positionIm + orderIm));
        w.WriteString("positionInitialMargin", Money(positionIm));
        w.WriteString("openOrderInitialMargin", Money(orderIm));
        w.WriteString("crossWalletBalance", Money(wallet));
        w.WriteString("crossUnPnl", Money(upnl));
        w.WriteString("availableBalance", Money(available));
        w.WriteString("maxWithdrawAmount", Money(maxWithdraw));
        if (!v3)
        {
            w.WriteBoolean("marginAvailable", true);
        }

        w.WriteNumber("updateTime", Wire.Ms(exchange.UpdateTime));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("positions");
        foreach (var i in Instruments.Binance)
        {
            var sides = exchange.HedgeMode ? new[] { EmulatorPositionSide.Long, EmulatorPositionSide.Short } : new[] { EmulatorPositionSide.Net };
            if (v3 && !exchange.HasPositions(i) && !exchange.HasOpenOrders(i))
            {
                continue;
            }

            foreach (var side in sides)
            {
                var p = exchange.Position(i, side);
                var qty = p?.Quantity ?? 0m;
                var mark = exchange.Mark(i);
                var settings = exchange.Settings(i);
                var notional = qty * mark;
                var im = Math.Abs(notional) / settings.Leverage;
                w.WriteStartObject();
                w.WriteString("symbol", i.Symbol);
                w.WriteString("positionSide", PositionSide(side));
                w.WriteString("positionAmt", Quantity(i, qty));
                w.WriteString("unrealizedProfit", Money(qty == 0 ? 0 : qty * (mark - p!.EntryPrice)));
                w.WriteString("isolatedMargin", Money(settings.Isolated ? im : 0));
                w.WriteString("notional", Wire.D(Math.Round(notional, 8, MidpointRounding.ToEven)));
                w.WriteString("isolatedWallet", "0");
                w.WriteString("initialMargin", Money(im));
                w.WriteString("maintMargin", Money(Math.Abs(notional) * i.MaintenanceMarginRate));
                if (!v3)
                {
                    w.WriteString("positionInitialMargin", Money(im));
                    w.WriteString("openOrderInitialMargin", Money(exchange.OpenOrderInitialMargin(i)));
                    w.WriteString("leverage", settings.Leverage.ToString(CultureInfo.InvariantCulture));
                    w.WriteBoolean("isolated", settings.Isolated);
                    w.WriteString("entryPrice", Wire.D(qty == 0 ? 0 : p!.EntryPrice));
                    w.WriteString("maxNotional", MaxNotional(settings.Leverage));
                    w.WriteString("bidNotional", "0");
                    w.WriteString("askNotional", "0");
                }

                w.WriteNumber("updateTime", p is null ? 0 : Wire.Ms(p.Updated));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void RateLimit(Utf8JsonWriter w, string type, string interval, int intervalNum, int limit)
    {
        w.WriteStartObject();
        w.WriteString("rateLimitType", type);
        w.WriteString("interval", interval);
        w.WriteNumber("intervalNum", intervalNum);
        w.WriteNumber("limit", limit);
        w.WriteEndObject();
    }

    private static void LotFilter(Utf8JsonWriter w, string type, decimal step, decimal max, decimal min)
    {
        w.WriteStartObject();
        w.WriteString("filterType", type);
        w.WriteString("stepSize", Wire.D(step));
        w.WriteString("maxQty", Wire.D(max));
        w.WriteString("minQty", Wire.D(min));
        w.WriteEndObject();
    }
}
