using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropBot.Exchanges.Okx.Wire;

// Wire DTOs of the OKX v5 REST API. Every value is read as text (OKX sends numbers as strings, a few as JSON numbers
// or booleans; the context-wide OkxFlexibleStringConverter accepts all three) and parsed with OkxParse at the boundary.
// Unknown fields are ignored.

internal sealed class OkxEnvelope
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("msg")] public string? Msg { get; set; }
    [JsonPropertyName("data")] public JsonElement Data { get; set; }
    [JsonPropertyName("inTime")] public string? InTime { get; set; }
    [JsonPropertyName("outTime")] public string? OutTime { get; set; }
}

internal sealed class OkxTime
{
    [JsonPropertyName("ts")] public string? Ts { get; set; }
}

internal sealed class OkxInstrument
{
    [JsonPropertyName("instType")] public string? InstType { get; set; }
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("instFamily")] public string? InstFamily { get; set; }
    [JsonPropertyName("uly")] public string? Uly { get; set; }
    [JsonPropertyName("settleCcy")] public string? SettleCcy { get; set; }
    [JsonPropertyName("ctVal")] public string? CtVal { get; set; }
    [JsonPropertyName("ctMult")] public string? CtMult { get; set; }
    [JsonPropertyName("ctValCcy")] public string? CtValCcy { get; set; }
    [JsonPropertyName("ctType")] public string? CtType { get; set; }
    [JsonPropertyName("tickSz")] public string? TickSz { get; set; }
    [JsonPropertyName("lotSz")] public string? LotSz { get; set; }
    [JsonPropertyName("minSz")] public string? MinSz { get; set; }
    [JsonPropertyName("maxLmtSz")] public string? MaxLmtSz { get; set; }
    [JsonPropertyName("maxMktSz")] public string? MaxMktSz { get; set; }
    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("groupId")] public string? GroupId { get; set; }
    [JsonPropertyName("instIdCode")] public string? InstIdCode { get; set; }
}

internal sealed class OkxBook
{
    [JsonPropertyName("asks")] public List<List<string?>>? Asks { get; set; }
    [JsonPropertyName("bids")] public List<List<string?>>? Bids { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
    [JsonPropertyName("seqId")] public string? SeqId { get; set; }
}

internal sealed class OkxTicker
{
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("last")] public string? Last { get; set; }
    [JsonPropertyName("askPx")] public string? AskPx { get; set; }
    [JsonPropertyName("askSz")] public string? AskSz { get; set; }
    [JsonPropertyName("bidPx")] public string? BidPx { get; set; }
    [JsonPropertyName("bidSz")] public string? BidSz { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
}

internal sealed class OkxMarkPrice
{
    [JsonPropertyName("instType")] public string? InstType { get; set; }
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("markPx")] public string? MarkPx { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
}

internal sealed class OkxFundingRate
{
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("fundingRate")] public string? FundingRate { get; set; }
    [JsonPropertyName("fundingTime")] public string? FundingTime { get; set; }
    [JsonPropertyName("nextFundingTime")] public string? NextFundingTime { get; set; }
    [JsonPropertyName("minFundingRate")] public string? MinFundingRate { get; set; }
    [JsonPropertyName("maxFundingRate")] public string? MaxFundingRate { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
}

internal sealed class OkxFeeGroup
{
    [JsonPropertyName("groupId")] public string? GroupId { get; set; }
    [JsonPropertyName("maker")] public string? Maker { get; set; }
    [JsonPropertyName("taker")] public string? Taker { get; set; }
}

internal sealed class OkxTradeFee
{
    [JsonPropertyName("instType")] public string? InstType { get; set; }
    [JsonPropertyName("level")] public string? Level { get; set; }
    [JsonPropertyName("maker")] public string? Maker { get; set; }
    [JsonPropertyName("taker")] public string? Taker { get; set; }
    [JsonPropertyName("makerU")] public string? MakerU { get; set; }
    [JsonPropertyName("takerU")] public string? TakerU { get; set; }
    [JsonPropertyName("feeGroup")] public List<OkxFeeGroup>? FeeGroup { get; set; }
}

internal sealed class OkxAccountConfig
{
    [JsonPropertyName("acctLv")] public string? AcctLv { get; set; }
    [JsonPropertyName("posMode")] public string? PosMode { get; set; }
    [JsonPropertyName("perm")] public string? Perm { get; set; }
    [JsonPropertyName("level")] public string? Level { get; set; }
    [JsonPropertyName("uid")] public string? Uid { get; set; }
}

internal sealed class OkxPositionModeResult
{
    [JsonPropertyName("posMode")] public string? PosMode { get; set; }
}

internal sealed class OkxLeverage
{
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("mgnMode")] public string? MgnMode { get; set; }
    [JsonPropertyName("posSide")] public string? PosSide { get; set; }
    [JsonPropertyName("lever")] public string? Lever { get; set; }
}

internal sealed class OkxOrderAck
{
    [JsonPropertyName("clOrdId")] public string? ClOrdId { get; set; }
    [JsonPropertyName("ordId")] public string? OrdId { get; set; }
    [JsonPropertyName("tag")] public string? Tag { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
    [JsonPropertyName("sCode")] public string? SCode { get; set; }
    [JsonPropertyName("sMsg")] public string? SMsg { get; set; }
    [JsonPropertyName("subCode")] public string? SubCode { get; set; }
}

internal sealed class OkxOrder
{
    [JsonPropertyName("instType")] public string? InstType { get; set; }
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("ordId")] public string? OrdId { get; set; }
    [JsonPropertyName("clOrdId")] public string? ClOrdId { get; set; }
    [JsonPropertyName("side")] public string? Side { get; set; }
    [JsonPropertyName("posSide")] public string? PosSide { get; set; }
    [JsonPropertyName("ordType")] public string? OrdType { get; set; }
    [JsonPropertyName("tdMode")] public string? TdMode { get; set; }
    [JsonPropertyName("sz")] public string? Sz { get; set; }
    [JsonPropertyName("px")] public string? Px { get; set; }
    [JsonPropertyName("accFillSz")] public string? AccFillSz { get; set; }
    [JsonPropertyName("avgPx")] public string? AvgPx { get; set; }
    [JsonPropertyName("fee")] public string? Fee { get; set; }
    [JsonPropertyName("feeCcy")] public string? FeeCcy { get; set; }
    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("reduceOnly")] public string? ReduceOnly { get; set; }
    [JsonPropertyName("cancelSource")] public string? CancelSource { get; set; }
    [JsonPropertyName("cancelSourceReason")] public string? CancelSourceReason { get; set; }
    [JsonPropertyName("cTime")] public string? CTime { get; set; }
    [JsonPropertyName("uTime")] public string? UTime { get; set; }
}

internal sealed class OkxPosition
{
    [JsonPropertyName("instType")] public string? InstType { get; set; }
    [JsonPropertyName("instId")] public string? InstId { get; set; }
    [JsonPropertyName("posSide")] public string? PosSide { get; set; }
    [JsonPropertyName("pos")] public string? Pos { get; set; }
    [JsonPropertyName("avgPx")] public string? AvgPx { get; set; }
    [JsonPropertyName("markPx")] public string? MarkPx { get; set; }
    [JsonPropertyName("upl")] public string? Upl { get; set; }
    [JsonPropertyName("lever")] public string? Lever { get; set; }
    [JsonPropertyName("mgnMode")] public string? MgnMode { get; set; }
    [JsonPropertyName("margin")] public string? Margin { get; set; }
    [JsonPropertyName("imr")] public string? Imr { get; set; }
    [JsonPropertyName("mmr")] public string? Mmr { get; set; }
    [JsonPropertyName("liqPx")] public string? LiqPx { get; set; }
    [JsonPropertyName("uTime")] public string? UTime { get; set; }
}

internal sealed class OkxBalanceDetail
{
    [JsonPropertyName("ccy")] public string? Ccy { get; set; }
    [JsonPropertyName("eq")] public string? Eq { get; set; }
    [JsonPropertyName("cashBal")] public string? CashBal { get; set; }
    [JsonPropertyName("availBal")] public string? AvailBal { get; set; }
    [JsonPropertyName("availEq")] public string? AvailEq { get; set; }
    [JsonPropertyName("frozenBal")] public string? FrozenBal { get; set; }
    [JsonPropertyName("upl")] public string? Upl { get; set; }
    [JsonPropertyName("imr")] public string? Imr { get; set; }
    [JsonPropertyName("mmr")] public string? Mmr { get; set; }
    [JsonPropertyName("uTime")] public string? UTime { get; set; }
}

internal sealed class OkxBalance
{
    [JsonPropertyName("totalEq")] public string? TotalEq { get; set; }
    [JsonPropertyName("adjEq")] public string? AdjEq { get; set; }
    [JsonPropertyName("imr")] public string? Imr { get; set; }
    [JsonPropertyName("mmr")] public string? Mmr { get; set; }
    [JsonPropertyName("uTime")] public string? UTime { get; set; }
    [JsonPropertyName("details")] public List<OkxBalanceDetail>? Details { get; set; }
}

internal sealed class OkxCancelAllAfter
{
    [JsonPropertyName("triggerTime")] public string? TriggerTime { get; set; }
    [JsonPropertyName("tag")] public string? Tag { get; set; }
    [JsonPropertyName("ts")] public string? Ts { get; set; }
}

// ---- Requests (property order = wire order; nulls omitted) ----

internal sealed class OkxPlaceOrderRequest
{
    [JsonPropertyName("instId")] public required string InstId { get; set; }
    [JsonPropertyName("tdMode")] public required string TdMode { get; set; }
    [JsonPropertyName("side")] public required string Side { get; set; }
    [JsonPropertyName("posSide")] public string? PosSide { get; set; }
    [JsonPropertyName("ordType")] public required string OrdType { get; set; }
    [JsonPropertyName("px")] public string? Px { get; set; }
    [JsonPropertyName("sz")] public required string Sz { get; set; }
    [JsonPropertyName("reduceOnly")] public bool? ReduceOnly { get; set; }
    [JsonPropertyName("clOrdId")] public string? ClOrdId { get; set; }
}

internal sealed class OkxCancelOrderRequest
{
    [JsonPropertyName("instId")] public required string InstId { get; set; }
    [JsonPropertyName("ordId")] public string? OrdId { get; set; }
    [JsonPropertyName("clOrdId")] public string? ClOrdId { get; set; }
}

internal sealed class OkxSetPositionModeRequest
{
    [JsonPropertyName("posMode")] public required string PosMode { get; set; }
}

internal sealed class OkxSetLeverageRequest
{
    [JsonPropertyName("instId")] public required string InstId { get; set; }
    [JsonPropertyName("lever")] public required string Lever { get; set; }
    [JsonPropertyName("mgnMode")] public required string MgnMode { get; set; }
    [JsonPropertyName("posSide")] public string? PosSide { get; set; }
}

internal sealed class OkxCancelAllAfterRequest
{
    [JsonPropertyName("timeOut")] public required string TimeOut { get; set; }
}

internal sealed class OkxWsArg
{
    [JsonPropertyName("channel")] public required string Channel { get; set; }
    [JsonPropertyName("instId")] public string? InstId { get; set; }
}

internal sealed class OkxWsRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("op")] public required string Op { get; set; }
    [JsonPropertyName("args")] public required List<OkxWsArg> Args { get; set; }
}

internal sealed class OkxWsLoginArg
{
    [JsonPropertyName("apiKey")] public required string ApiKey { get; set; }
    [JsonPropertyName("passphrase")] public required string Passphrase { get; set; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; set; }
    [JsonPropertyName("sign")] public required string Sign { get; set; }
}

internal sealed class OkxWsLoginRequest
{
    [JsonPropertyName("op")] public string Op { get; set; } = "login";
    [JsonPropertyName("args")] public required List<OkxWsLoginArg> Args { get; set; }
}

internal sealed class OkxWsEvent
{
    [JsonPropertyName("event")] public string? Event { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("msg")] public string? Msg { get; set; }
    [JsonPropertyName("connId")] public string? ConnId { get; set; }
}

internal sealed class OkxFlexibleStringConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => SkipAndNull(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static string? SkipAndNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(OkxFlexibleStringConverter)])]
[JsonSerializable(typeof(OkxEnvelope))]
[JsonSerializable(typeof(List<OkxTime>))]
[JsonSerializable(typeof(List<OkxInstrument>))]
[JsonSerializable(typeof(List<OkxBook>))]
[JsonSerializable(typeof(List<OkxTicker>))]
[JsonSerializable(typeof(List<OkxMarkPrice>))]
[JsonSerializable(typeof(List<OkxFundingRate>))]
[JsonSerializable(typeof(List<OkxTradeFee>))]
[JsonSerializable(typeof(List<OkxAccountConfig>))]
[JsonSerializable(typeof(List<OkxPositionModeResult>))]
[JsonSerializable(typeof(List<OkxLeverage>))]
[JsonSerializable(typeof(List<OkxOrderAck>))]
[JsonSerializable(typeof(List<OkxOrder>))]
[JsonSerializable(typeof(List<OkxPosition>))]
[JsonSerializable(typeof(List<OkxBalance>))]
[JsonSerializable(typeof(List<OkxCancelAllAfter>))]
[JsonSerializable(typeof(OkxPlaceOrderRequest))]
[JsonSerializable(typeof(OkxCancelOrderRequest))]
[JsonSerializable(typeof(OkxSetPositionModeRequest))]
[JsonSerializable(typeof(OkxSetLeverageRequest))]
[JsonSerializable(typeof(OkxCancelAllAfterRequest))]
[JsonSerializable(typeof(OkxWsRequest))]
[JsonSerializable(typeof(OkxWsLoginRequest))]
[JsonSerializable(typeof(OkxWsEvent))]
internal sealed partial class OkxJsonContext : JsonSerializerContext;
