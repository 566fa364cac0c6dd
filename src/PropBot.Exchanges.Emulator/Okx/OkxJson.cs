using System.Globalization;
using System.Text.Json;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Okx;

/// <summary>OKX JSON shapes (all numbers as strings except seqId), following the reference payloads.</summary>
internal static class OkxJson
{
    public const string Uid = "44705892343619584";

    public static string Contracts(Instrument i, decimal baseQuantity) => Wire.D(baseQuantity / i.ContractValue);

    public static string PosSide(EmulatorPositionSide side) => side switch
    {
        EmulatorPositionSide.Long => "long",
        EmulatorPositionSide.Short => "short",
        _ => "net",
    };

    public static string State(OrderState o) => State(o.Status);

    public static string State(EmulatorOrderStatus status) => status switch
    {
        EmulatorOrderStatus.New => "live",
        EmulatorOrderStatus.PartiallyFilled => "partially_filled",
        EmulatorOrderStatus.Filled => "filled",
        _ => "canceled",
    };

    public static string CancelReason(string? source) => source switch
    {
        "1" => "Order canceled by user",
        "13" => "FOK order was canceled because it could not be completely filled",
        "14" => "IOC order was partially canceled because it could not be completely filled",
        "20" => "Cancel all after triggered",
        "31" => "POST_ONLY would take liquidity",
        _ => "",
    };

    public static void Instrument(Utf8JsonWriter w, Instrument i)
    {
        w.WriteStartObject();
        w.WriteString("alias", "");
        w.WriteString("auctionEndTime", "");
        w.WriteString("baseCcy", "");
        w.WriteString("category", "1");
        w.WriteString("contTdSwTime", "");
        w.WriteString("ctMult", "1");
        w.WriteString("ctType", "linear");
        w.WriteString("ctVal", Wire.D(i.ContractValue));
        w.WriteString("ctValCcy", i.Asset);
        w.WriteString("expTime", "");
        w.WriteBoolean("futureSettlement", false);
        w.WriteString("groupId", "2");
        w.WriteString("instFamily", i.Asset + "-USDT");
        w.WriteString("instId", i.Symbol);
        w.WriteNumber("instIdCode", i.InstIdCode);
        w.WriteString("instType", "SWAP");
        w.WriteString("lever", i.MaxLeverage.ToString(CultureInfo.InvariantCulture));
        w.WriteString("listTime", "1573557408000");
        w.WriteString("lotSz", Wire.D(i.LotSize));
        w.WriteString("maxIcebergSz", "100000000.0000000000000000");
        w.WriteString("maxLmtAmt", "20000000");
        w.WriteString("maxLmtSz", Wire.D(i.MaxQuantity / i.ContractValue));
        w.WriteString("maxMktAmt", "");
        w.WriteString("maxMktSz", Wire.D(i.MarketMaxQuantity / i.ContractValue));
        w.WriteString("maxStopSz", Wire.D(i.MarketMaxQuantity / i.ContractValue));
        w.WriteString("maxTriggerSz", "100000000.0000000000000000");
        w.WriteString("maxTwapSz", "100000000.0000000000000000");
        w.WriteString("minSz", Wire.D(i.MinSize));
        w.WriteString("openType", "");
        w.WriteString("optType", "");
        w.WriteString("quoteCcy", "");
        w.WriteString("ruleType", "normal");
        w.WriteString("settleCcy", "USDT");
        w.WriteString("state", "live");
        w.WriteString("stk", "");
        w.WriteString("tickSz", Wire.D(i.TickSize));
        w.WriteStartArray("tradeQuoteCcyList");
        w.WriteEndArray();
        w.WriteString("uly", i.Asset + "-USDT");
        w.WriteEndObject();
    }

    public static void Ticker(Utf8JsonWriter w, VenueExchange exchange, Instrument i, DateTimeOffset now)
    {
        var book = exchange.Book(i);
        var last = exchange.Mark(i);
        w.WriteStartObject();
        w.WriteString("instType", "SWAP");
        w.WriteString("instId", i.Symbol);
        w.WriteString("last", Wire.D(i.RoundDownToTick(last)));
        w.WriteString("lastSz", Wire.D(i.MinSize));
        w.WriteString("askPx", Wire.D(book.BestAsk));
        w.WriteString("askSz", Contracts(i, book.Asks[0].Quantity));
        w.WriteString("bidPx", Wire.D(book.BestBid));
        w.WriteString("bidSz", Contracts(i, book.Bids[0].Quantity));
        w.WriteString("open24h", Wire.D(i.RoundDownToTick(exchange.Index(i))));
        w.WriteString("high24h", Wire.D(i.RoundDownToTick(last * 1.02m)));
        w.WriteString("low24h", Wire.D(i.RoundDownToTick(last * 0.98m)));
        w.WriteString("volCcy24h", "100000");
        w.WriteString("vol24h", Wire.D(100000m / i.ContractValue));
        w.WriteString("ts", Wire.MsText(book.Time));
        w.WriteString("sodUtc0", Wire.D(i.RoundDownToTick(exchange.Index(i))));
        w.WriteString("sodUtc8", Wire.D(i.RoundDownToTick(exchange.Index(i))));
        w.WriteEndObject();
    }

    public static void Book(Utf8JsonWriter w, Instrument i, BookSnapshot book, int depth, bool includeInstId)
    {
        w.WriteStartObject();
        Levels(w, "asks", i, book.Asks, depth);
        Levels(w, "bids", i, book.Bids, depth);
        if (includeInstId)
        {
            w.WriteString("instId", i.Symbol);
        }

        w.WriteString("ts", Wire.MsText(book.Time));
        w.WriteNumber("seqId", book.Sequence);
        w.WriteEndObject();
    }

    public static void MarkPrice(Utf8JsonWriter w, VenueExchange exchange, Instrument i, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("instType", "SWAP");
        w.WriteString("instId", i.Symbol);
        w.WriteString("markPx", Wire.D(exchange.Mark(i)));
        w.WriteString("ts", Wire.MsText(now));
        w.WriteEndObject();
    }

    public static void FundingRate(Utf8JsonWriter w, VenueExchange exchange, Instrument i, DateTimeOffset now)
    {
        var next = exchange.NextFundingTime;
        var last = exchange.FundingHistory.LastOrDefault(h => h.Symbol == i.Symbol);
        w.WriteStartObject();
        w.WriteString("formulaType", "noRate");
        w.WriteString("fundingRate", Wire.D(exchange.FundingRate(i)));
        w.WriteString("fundingTime", Wire.MsText(next));
        w.WriteString("impactValue", "");
        w.WriteString("instId", i.Symbol);
        w.WriteString("instType", "SWAP");
        w.WriteString("interestRate", "");
        w.WriteString("maxFundingRate", "0.00375");
        w.WriteString("method", "current_period");
        w.WriteString("minFundingRate", "-0.00375");
        w.WriteString("nextFundingRate", "");
        w.WriteString("nextFundingTime", Wire.MsText(next + exchange.FundingInterval));
        w.WriteString("premium", Wire.D(Math.Round((exchange.Mark(i) - exchange.Index(i)) / exchange.Index(i), 16, MidpointRounding.ToEven)));
        w.WriteString("settFundingRate", last.Symbol is null ? "" : Wire.D(last.Rate));
        w.WriteString("settState", "settled");
        w.WriteString("ts", Wire.MsText(now));
        w.WriteEndObject();
    }

    public static void Order(Utf8JsonWriter w, OrderState o, OrderEvent? e = null)
    {
        var i = o.Instrument;
        var executed = e?.Executed ?? o.Executed;
        var average = e?.AveragePrice ?? o.AveragePrice;
        var status = e?.Status ?? o.Status;
        var isTrade = e is { ExecutionType: "TRADE" };
        w.WriteStartObject();
        w.WriteString("accFillSz", Contracts(i, executed));
        w.WriteString("algoClOrdId", "");
        w.WriteString("algoId", "");
        w.WriteString("attachAlgoClOrdId", "");
        w.WriteStartArray("attachAlgoOrds");
        w.WriteEndArray();
        w.WriteString("avgPx", executed == 0 ? (e is null ? "" : "0") : Wire.D(average));
        w.WriteString("cTime", Wire.MsText(o.Created));
        w.WriteString("cancelSource", status == EmulatorOrderStatus.Canceled ? o.CancelSource ?? "" : "");
        w.WriteString("cancelSourceReason", status == EmulatorOrderStatus.Canceled ? CancelReason(o.CancelSource) : "");
        w.WriteString("category", "normal");
        w.WriteString("ccy", "");
        w.WriteString("clOrdId", o.ClientId);
        w.WriteString("fee", Wire.D(-o.Fee));
        w.WriteString("feeCcy", "USDT");
        if (e is null)
        {
            w.WriteString("fillPx", o.LastFillTime is null ? "" : Wire.D(o.LastFillPrice));
            w.WriteString("fillSz", o.LastFillTime is null ? "0" : Contracts(i, o.LastFillQuantity));
            w.WriteString("fillTime", o.LastFillTime is { } ft ? Wire.MsText(ft) : "");
        }
        else
        {
            w.WriteString("fillPx", isTrade ? Wire.D(e.LastPrice) : "");
            w.WriteString("fillSz", isTrade ? Contracts(i, e.LastQuantity) : "0");
            w.WriteString("fillTime", isTrade ? Wire.MsText(e.Time) : "");
            w.WriteString("fillFee", isTrade ? Wire.D(-e.Commission) : "0");
            w.WriteString("fillFeeCcy", isTrade ? "USDT" : "");
            w.WriteString("fillPnl", isTrade ? Wire.D(e.RealizedPnl) : "0");
            w.WriteString("execType", isTrade ? (e.Maker ? "M" : "T") : "");
            w.WriteString("fillNotionalUsd", isTrade ? Wire.D(e.LastQuantity * e.LastPrice) : "");
            w.WriteString("amendResult", "");
            w.WriteString("code", "0");
            w.WriteString("msg", "");
            w.WriteString("reqId", "");
        }
        w.WriteString("instId", i.Symbol);
        w.WriteString("instType", "SWAP");
        w.WriteString("isTpLimit", "false");
        w.WriteString("lever", o.Leverage.ToString(CultureInfo.InvariantCulture));
        w.WriteStartObject("linkedAlgoOrd");
        w.WriteString("algoId", "");
        w.WriteEndObject();
        w.WriteString("ordId", Wire.L(o.Id));
        w.WriteString("ordType", o.WireType);
        w.WriteString("pnl", Wire.D(o.RealizedPnl));
        w.WriteString("posSide", PosSide(o.PositionSide));
        w.WriteString("px", o.Price is { } p ? Wire.D(p) : "");
        w.WriteString("pxType", "");
        w.WriteString("pxUsd", "");
        w.WriteString("pxVol", "");
        w.WriteString("quickMgnType", "");
        w.WriteString("rebate", "0");
        w.WriteString("rebateCcy", "USDT");
        w.WriteString("reduceOnly", o.ReduceOnly ? "true" : "false");
        w.WriteString("side", o.Side == EmulatorOrderSide.Buy ? "buy" : "sell");
        w.WriteString("slOrdPx", "");
        w.WriteString("slTriggerPx", "");
        w.WriteString("slTriggerPxType", "");
        w.WriteString("source", "");
        w.WriteString("state", State(status));
        w.WriteString("stpId", "");
        w.WriteString("stpMode", "cancel_maker");
        w.WriteString("sz", Contracts(i, o.Quantity));
        w.WriteString("tag", o.Tag);
        w.WriteString("tdMode", o.MarginMode);
        w.WriteString("tgtCcy", "");
        w.WriteString("tpOrdPx", "");
        w.WriteString("tpTriggerPx", "");
        w.WriteString("tpTriggerPxType", "");
        w.WriteString("tradeId", e is null ? (o.LastTradeId == 0 ? "" : Wire.L(o.LastTradeId)) : (isTrade ? Wire.L(e.TradeId) : ""));
        w.WriteString("tradeQuoteCcy", "");
        w.WriteString("uTime", Wire.MsText(e?.Time ?? o.Updated));
        w.WriteEndObject();
    }

    public static void Position(Utf8JsonWriter w, VenueExchange exchange, Instrument i, EmulatorPositionSide side, PositionState p)
    {
        var mark = exchange.Mark(i);
        var settings = exchange.Settings(i);
        var notional = Math.Abs(p.Quantity) * mark;
        var imr = notional / settings.Leverage;
        var mmr = notional * i.MaintenanceMarginRate;
        var upl = p.Quantity * (mark - p.EntryPrice);
        var pos = side == EmulatorPositionSide.Net ? p.Quantity : Math.Abs(p.Quantity);
        var margin = imr == 0 ? 0 : imr;
        w.WriteStartObject();
        w.WriteString("adl", "1");
        w.WriteString("availPos", "");
        w.WriteString("avgPx", Wire.D(p.EntryPrice));
        w.WriteString("bePx", Wire.D(Math.Round(p.EntryPrice * (1 + (Math.Sign(p.Quantity) * VenueExchange.TakerRate)), 8, MidpointRounding.ToEven)));
        w.WriteString("cTime", Wire.MsText(p.Created));
        w.WriteString("ccy", "USDT");
        w.WriteString("fee", Wire.D(-p.Fees));
        w.WriteString("fundingFee", Wire.D(p.FundingFees));
        w.WriteString("idxPx", Wire.D(exchange.Index(i)));
        w.WriteString("imr", settings.Isolated ? "" : Wire.D(Math.Round(imr, 8, MidpointRounding.ToEven)));
        w.WriteString("instId", i.Symbol);
        w.WriteString("instType", "SWAP");
        w.WriteString("last", Wire.D(i.RoundDownToTick(mark)));
        w.WriteString("lever", settings.Leverage.ToString(CultureInfo.InvariantCulture));
        w.WriteString("liqPenalty", "0");
        w.WriteString("liqPx", "");
        w.WriteString("margin", settings.Isolated ? Wire.D(Math.Round(margin, 8, MidpointRounding.ToEven)) : "");
        w.WriteString("markPx", Wire.D(mark));
        w.WriteString("mgnMode", settings.Isolated ? "isolated" : "cross");
        w.WriteString("mgnRatio", mmr == 0 ? "" : Wire.D(Math.Round((exchange.Wallet + exchange.UnrealizedPnl()) / mmr, 8, MidpointRounding.ToEven)));
        w.WriteString("mmr", Wire.D(Math.Round(mmr, 8, MidpointRounding.ToEven)));
        w.WriteString("notionalUsd", Wire.D(Math.Round(notional, 8, MidpointRounding.ToEven)));
        w.WriteString("pnl", Wire.D(p.RealizedPnl));
        w.WriteString("pos", Contracts(i, pos));
        w.WriteString("posCcy", "");
        w.WriteString("posId", Wire.L(p.PositionId));
        w.WriteString("posSide", PosSide(side));
        w.WriteString("realizedPnl", Wire.D(p.RealizedPnl - p.Fees + p.FundingFees));
        w.WriteString("tradeId", "");
        w.WriteString("uTime", Wire.MsText(p.Updated));
        w.WriteString("upl", Wire.D(Math.Round(upl, 8, MidpointRounding.ToEven)));
        w.WriteString("uplRatio", imr == 0 ? "0" : Wire.D(Math.Round(upl / imr, 8, MidpointRounding.ToEven)));
        w.WriteString("usdPx", "");
        w.WriteEndObject();
    }

    public static void Balance(Utf8JsonWriter w, VenueExchange exchange, bool includeUsdt)
    {
        var wallet = exchange.Wallet;
        var upl = exchange.UnrealizedPnl();
        var imr = exchange.PositionInitialMargin();
        var frozen = exchange.OpenOrderInitialMargin();
        var mmr = exchange.MaintenanceMargin();
        var eq = wallet + upl;
        var avail = exchange.Available();
        string M(decimal v) => Wire.D(Math.Round(v, 8, MidpointRounding.ToEven));
        w.WriteStartObject();
        w.WriteString("adjEq", "");
        w.WriteString("availEq", "");
        w.WriteString("borrowFroz", "");
        w.WriteStartArray("details");
        if (includeUsdt)
        {
            w.WriteStartObject();
            w.WriteString("availBal", M(avail));
            w.WriteString("availEq", M(avail));
            w.WriteString("cashBal", M(wallet));
            w.WriteString("ccy", "USDT");
            w.WriteString("crossLiab", "");
            w.WriteString("disEq", M(eq));
            w.WriteString("eq", M(eq));
            w.WriteString("eqUsd", M(eq));
            w.WriteString("fixedBal", "0");
            w.WriteString("frozenBal", M(imr + frozen));
            w.WriteString("imr", M(imr));
            w.WriteString("interest", "");
            w.WriteString("isoEq", "0");
            w.WriteString("isoLiab", "");
            w.WriteString("isoUpl", "0");
            w.WriteString("liab", "");
            w.WriteString("maxLoan", "");
            w.WriteString("mgnRatio", mmr == 0 ? "" : M(eq / mmr));
            w.WriteString("mmr", M(mmr));
            w.WriteString("notionalLever", "");
            w.WriteString("ordFrozen", M(frozen));
            w.WriteString("spotInUseAmt", "");
            w.WriteString("stgyEq", "0");
            w.WriteString("twap", "0");
            w.WriteString("uTime", Wire.MsText(exchange.UpdateTime));
            w.WriteString("upl", M(upl));
            w.WriteString("uplLiab", "");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("imr", M(imr));
        w.WriteString("isoEq", "0");
        w.WriteString("mgnRatio", mmr == 0 ? "" : M(eq / mmr));
        w.WriteString("mmr", M(mmr));
        w.WriteString("notionalUsd", M(NotionalTotal(exchange)));
        w.WriteString("ordFroz", M(frozen));
        w.WriteString("totalEq", M(eq));
        w.WriteString("uTime", Wire.MsText(exchange.UpdateTime));
        w.WriteString("upl", M(upl));
        w.WriteEndObject();
    }

    public static void Levels(Utf8JsonWriter w, string name, Instrument i, BookLevel[] levels, int depth)
    {
        w.WriteStartArray(name);
        var count = Math.Min(depth, levels.Length);
        for (var k = 0; k < count; k++)
        {
            w.WriteStartArray();
            w.WriteStringValue(Wire.D(levels[k].Price));
            w.WriteStringValue(Contracts(i, levels[k].Quantity));
            w.WriteStringValue("0");
            w.WriteStringValue(((k % 7) + 1).ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static decimal NotionalTotal(VenueExchange exchange)
    {
        var total = 0m;
        foreach (var (i, _, p) in exchange.Positions())
        {
            total += Math.Abs(p.Quantity) * exchange.Mark(i);
        }

        return total;
    }
}
