using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropBot.Exchanges.Binance.Wire;

// Wire DTOs of the Binance USD-M REST API. Decimals arrive as JSON strings and are read invariantly
// (JsonNumberHandling.AllowReadingFromString); unknown fields are ignored.
#pragma warning disable CA1812, CA1819

internal sealed class BinanceErrorBody
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("msg")] public string? Message { get; set; }
}

internal sealed class BinanceServerTime
{
    [JsonPropertyName("serverTime")] public long ServerTime { get; set; }
}

internal sealed class BinanceExchangeInfo
{
    [JsonPropertyName("rateLimits")] public List<BinanceRateLimit> RateLimits { get; set; } = [];
    [JsonPropertyName("symbols")] public List<BinanceSymbolInfo> Symbols { get; set; } = [];
}

internal sealed class BinanceRateLimit
{
    [JsonPropertyName("rateLimitType")] public string RateLimitType { get; set; } = "";
    [JsonPropertyName("interval")] public string Interval { get; set; } = "";
    [JsonPropertyName("intervalNum")] public int IntervalNum { get; set; }
    [JsonPropertyName("limit")] public int Limit { get; set; }
}

internal sealed class BinanceSymbolInfo
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("contractType")] public string? ContractType { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("baseAsset")] public string BaseAsset { get; set; } = "";
    [JsonPropertyName("quoteAsset")] public string QuoteAsset { get; set; } = "";
    [JsonPropertyName("filters")] public List<JsonElement> Filters { get; set; } = [];
}

internal sealed class BinanceBookTicker
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("bidPrice")] public decimal BidPrice { get; set; }
    [JsonPropertyName("bidQty")] public decimal BidQty { get; set; }
    [JsonPropertyName("askPrice")] public decimal AskPrice { get; set; }
    [JsonPropertyName("askQty")] public decimal AskQty { get; set; }
    [JsonPropertyName("time")] public long Time { get; set; }
}

internal sealed class BinanceDepth
{
    [JsonPropertyName("lastUpdateId")] public long LastUpdateId { get; set; }
    [JsonPropertyName("E")] public long EventTime { get; set; }
    [JsonPropertyName("T")] public long TransactionTime { get; set; }
    [JsonPropertyName("bids")] public List<List<decimal>> Bids { get; set; } = [];
    [JsonPropertyName("asks")] public List<List<decimal>> Asks { get; set; } = [];
}

internal sealed class BinancePremiumIndex
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("markPrice")] public decimal MarkPrice { get; set; }
    [JsonPropertyName("indexPrice")] public decimal? IndexPrice { get; set; }
    [JsonPropertyName("lastFundingRate")] public decimal? LastFundingRate { get; set; }
    [JsonPropertyName("nextFundingTime")] public long NextFundingTime { get; set; }
    [JsonPropertyName("time")] public long Time { get; set; }
}

internal sealed class BinanceFundingInfo
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("fundingIntervalHours")] public int FundingIntervalHours { get; set; }
}

internal sealed class BinanceCommissionRate
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("makerCommissionRate")] public decimal MakerCommissionRate { get; set; }
    [JsonPropertyName("takerCommissionRate")] public decimal TakerCommissionRate { get; set; }
}

internal sealed class BinancePositionMode
{
    [JsonPropertyName("dualSidePosition")] public bool DualSidePosition { get; set; }
}

internal sealed class BinanceLeverageResponse
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("leverage")] public int Leverage { get; set; }
    [JsonPropertyName("maxNotionalValue")] public decimal? MaxNotionalValue { get; set; }
}

internal sealed class BinanceSymbolConfig
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("marginType")] public string? MarginType { get; set; }
    [JsonPropertyName("leverage")] public int Leverage { get; set; }
    [JsonPropertyName("maxNotionalValue")] public decimal? MaxNotionalValue { get; set; }
}

internal sealed class BinanceOrder
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("orderId")] public long OrderId { get; set; }
    [JsonPropertyName("clientOrderId")] public string ClientOrderId { get; set; } = "";
    [JsonPropertyName("side")] public string Side { get; set; } = "";
    [JsonPropertyName("positionSide")] public string? PositionSide { get; set; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("timeInForce")] public string? TimeInForce { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("origQty")] public decimal OrigQty { get; set; }
    [JsonPropertyName("executedQty")] public decimal ExecutedQty { get; set; }
    [JsonPropertyName("price")] public decimal? Price { get; set; }
    [JsonPropertyName("avgPrice")] public decimal? AvgPrice { get; set; }
    [JsonPropertyName("cumQuote")] public decimal? CumQuote { get; set; }
    [JsonPropertyName("reduceOnly")] public bool ReduceOnly { get; set; }
    [JsonPropertyName("updateTime")] public long UpdateTime { get; set; }
}

internal sealed class BinancePositionRisk
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("positionSide")] public string? PositionSide { get; set; }
    [JsonPropertyName("positionAmt")] public decimal PositionAmt { get; set; }
    [JsonPropertyName("entryPrice")] public decimal EntryPrice { get; set; }
    [JsonPropertyName("markPrice")] public decimal MarkPrice { get; set; }
    [JsonPropertyName("unRealizedProfit")] public decimal UnRealizedProfit { get; set; }
    [JsonPropertyName("liquidationPrice")] public decimal? LiquidationPrice { get; set; }
    [JsonPropertyName("leverage")] public int? Leverage { get; set; }
    [JsonPropertyName("marginType")] public string? MarginType { get; set; }
    [JsonPropertyName("isolatedMargin")] public decimal? IsolatedMargin { get; set; }
    [JsonPropertyName("initialMargin")] public decimal? InitialMargin { get; set; }
    [JsonPropertyName("maintMargin")] public decimal? MaintMargin { get; set; }
    [JsonPropertyName("updateTime")] public long UpdateTime { get; set; }
}

internal sealed class BinanceAccount
{
    [JsonPropertyName("totalInitialMargin")] public decimal TotalInitialMargin { get; set; }
    [JsonPropertyName("totalMaintMargin")] public decimal TotalMaintMargin { get; set; }
    [JsonPropertyName("totalWalletBalance")] public decimal TotalWalletBalance { get; set; }
    [JsonPropertyName("totalMarginBalance")] public decimal TotalMarginBalance { get; set; }
    [JsonPropertyName("availableBalance")] public decimal AvailableBalance { get; set; }
    [JsonPropertyName("assets")] public List<BinanceAccountAsset> Assets { get; set; } = [];
}

internal sealed class BinanceAccountAsset
{
    [JsonPropertyName("asset")] public string Asset { get; set; } = "";
    [JsonPropertyName("updateTime")] public long UpdateTime { get; set; }
}

internal sealed class BinanceCountdown
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("countdownTime")] public long CountdownTime { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BinanceErrorBody))]
[JsonSerializable(typeof(BinanceServerTime))]
[JsonSerializable(typeof(BinanceExchangeInfo))]
[JsonSerializable(typeof(BinanceBookTicker))]
[JsonSerializable(typeof(BinanceDepth))]
[JsonSerializable(typeof(BinancePremiumIndex))]
[JsonSerializable(typeof(List<BinanceFundingInfo>))]
[JsonSerializable(typeof(BinanceCommissionRate))]
[JsonSerializable(typeof(BinancePositionMode))]
[JsonSerializable(typeof(BinanceLeverageResponse))]
[JsonSerializable(typeof(List<BinanceSymbolConfig>))]
[JsonSerializable(typeof(BinanceOrder))]
[JsonSerializable(typeof(List<BinanceOrder>))]
[JsonSerializable(typeof(List<BinancePositionRisk>))]
[JsonSerializable(typeof(BinanceAccount))]
[JsonSerializable(typeof(BinanceCountdown))]
internal sealed partial class BinanceJsonContext : JsonSerializerContext;
#pragma warning restore CA1812, CA1819
