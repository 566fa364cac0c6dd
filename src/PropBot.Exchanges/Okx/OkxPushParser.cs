using System.Text.Json;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Okx;

/// <summary>Channel of an OKX public push.</summary>
internal enum OkxChannel
{
    Unknown,
    BboTbt,
    Books5,
    MarkPrice,
    FundingRate,
}

/// <summary>What a WebSocket message was.</summary>
internal enum OkxPushKind
{
    /// <summary>Could not be parsed (counted, never fatal).</summary>
    Malformed,

    /// <summary>The text <c>pong</c> keep-alive reply.</summary>
    Pong,

    /// <summary>A control event (<c>subscribe</c>, <c>unsubscribe</c>, <c>error</c>, <c>notice</c>, <c>login</c>, …).</summary>
    Event,

    /// <summary>A channel push with data.</summary>
    Data,
}

/// <summary>Fields of one public push, filled without allocation. The instrument id is a range of the message.</summary>
internal struct OkxPush
{
    public OkxChannel Channel;
    public int InstIdStart;
    public int InstIdLength;
    public bool IsErrorEvent;
    public bool IsReconnectNotice;
    public bool HasBid;
    public bool HasAsk;
    public decimal BidPrice;
    public decimal BidSize;
    public decimal AskPrice;
    public decimal AskSize;
    public bool HasMarkPrice;
    public decimal MarkPrice;
    public bool HasFundingRate;
    public decimal FundingRate;
    public long FundingTimeMs;
    public long NextFundingTimeMs;
    public long TimestampMs;
    public long SeqId;
}

/// <summary>
/// Allocation-free parser of OKX public pushes (<c>bbo-tbt</c>, <c>books5</c>, <c>mark-price</c>,
/// <c>funding-rate</c>) and control events, written once against <see cref="IJsonTokenSource"/>: it runs on
/// <see cref="FastJsonReader"/>, and a message outside that reader's subset (or malformed) is parsed again with
/// <see cref="Utf8JsonReader"/>, whose answer stands. Unknown fields are skipped. Only the
/// first element of <c>data</c> and the best level of each side are read.
/// </summary>
internal static class OkxPushParser
{
    private static ReadOnlySpan<byte> PongText => "pong"u8;

    /// <summary>Parses one message.</summary>
    public static OkxPushKind Parse(ReadOnlySpan<byte> utf8, out OkxPush push)
    {
        push = default;
        if (utf8.SequenceEqual(PongText))
        {
            return OkxPushKind.Pong;
        }

        var fast = new FastJsonReader(utf8);
        var kind = ParseCore(ref fast, ref push);
        if (!fast.Unsupported)
        {
            return kind;
        }

        push = default;
        return ParseReference(utf8, out push);
    }

    /// <summary>The same parse on <see cref="Utf8JsonReader"/> alone: the reference the fast path must agree with.</summary>
    public static OkxPushKind ParseReference(ReadOnlySpan<byte> utf8, out OkxPush push)
    {
        push = default;
        if (utf8.SequenceEqual(PongText))
        {
            return OkxPushKind.Pong;
        }

        var reader = new Utf8JsonTokenSource(utf8);
        try
        {
            return ParseCore(ref reader, ref push);
        }
        catch (JsonException)
        {
            return OkxPushKind.Malformed;
        }
    }

    /// <summary>The instrument id bytes of a parsed push.</summary>
    public static ReadOnlySpan<byte> InstId(ReadOnlySpan<byte> utf8, in OkxPush push) =>
        push.InstIdLength > 0 && push.InstIdStart + push.InstIdLength <= utf8.Length ? utf8.Slice(push.InstIdStart, push.InstIdLength) : default;

    private static OkxPushKind ParseCore<TReader>(ref TReader reader, ref OkxPush push)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return OkxPushKind.Malformed;
        }

        var isEvent = false;
        var hasData = false;
        while (reader.ReadProperty(out var name))
        {
            if (name.SequenceEqual("arg"u8))
            {
                if (!ReadArg(ref reader, ref push))
                {
                    return OkxPushKind.Malformed;
                }
            }
            else if (name.SequenceEqual("data"u8))
            {
                if (!ReadData(ref reader, ref push, out hasData))
                {
                    return OkxPushKind.Malformed;
                }
            }
            else if (name.SequenceEqual("event"u8))
            {
                isEvent = true;
                push.IsErrorEvent = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
            }
            else if (name.SequenceEqual("code"u8))
            {
                push.IsReconnectNotice |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("64008"u8);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return OkxPushKind.Malformed;
        }

        if (isEvent)
        {
            return OkxPushKind.Event;
        }

        return hasData && push.Channel != OkxChannel.Unknown ? OkxPushKind.Data : OkxPushKind.Malformed;
    }

    private static bool ReadArg<TReader>(ref TReader reader, ref OkxPush push)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.ReadProperty(out var name))
        {
            if (name.SequenceEqual("channel"u8))
            {
                push.Channel = reader.ValueTextEquals("bbo-tbt"u8) ? OkxChannel.BboTbt
                    : reader.ValueTextEquals("mark-price"u8) ? OkxChannel.MarkPrice
                    : reader.ValueTextEquals("books5"u8) ? OkxChannel.Books5
                    : reader.ValueTextEquals("funding-rate"u8) ? OkxChannel.FundingRate
                    : OkxChannel.Unknown;
            }
            else if (name.SequenceEqual("instId"u8))
            {
                SetInstId(ref reader, ref push);
            }
            else
            {
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static void SetInstId<TReader>(ref TReader reader, ref OkxPush push)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            push.InstIdStart = (int)reader.TokenStartIndex + 1;
            push.InstIdLength = reader.ValueSpan.Length;
        }
    }

    private static bool ReadData<TReader>(ref TReader reader, ref OkxPush push, out bool hasData)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        hasData = false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            if (!first)
            {
                reader.Skip();
                continue;
            }

            first = false;
            hasData = true;
            while (reader.ReadProperty(out var name))
            {
                var ok = true;
                switch (Classify(name))
                {
                    case DataField.Bids:
                        ok = ReadBest(ref reader, out push.HasBid, out push.BidPrice, out push.BidSize);
                        break;
                    case DataField.Asks:
                        ok = ReadBest(ref reader, out push.HasAsk, out push.AskPrice, out push.AskSize);
                        break;
                    case DataField.Ts:
                        ok = TryLong(ref reader, out push.TimestampMs);
                        break;
                    case DataField.SeqId:
                        _ = TryLong(ref reader, out push.SeqId);
                        break;
                    case DataField.MarkPx:
                        push.HasMarkPrice = TryDecimal(ref reader, out push.MarkPrice);
                        break;
                    case DataField.FundingRate:
                        push.HasFundingRate = TryDecimal(ref reader, out push.FundingRate);
                        break;
                    case DataField.FundingTime:
                        _ = TryLong(ref reader, out push.FundingTimeMs);
                        break;
                    case DataField.NextFundingTime:
                        _ = TryLong(ref reader, out push.NextFundingTimeMs);
                        break;
                    case DataField.InstId when push.InstIdLength == 0:
                        SetInstId(ref reader, ref push);
                        break;
                    default:
                        reader.Skip();
                        break;
                }

                if (!ok)
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>Which field of a data item a property name is: a switch on length, then at most two
    /// comparisons (the hot path reads four names per push).</summary>
    private static DataField Classify(ReadOnlySpan<byte> name)
    {
        return name.Length switch
        {
            2 when name.SequenceEqual("ts"u8) => DataField.Ts,
            4 when name.SequenceEqual("bids"u8) => DataField.Bids,
            4 when name.SequenceEqual("asks"u8) => DataField.Asks,
            5 when name.SequenceEqual("seqId"u8) => DataField.SeqId,
            6 when name.SequenceEqual("markPx"u8) => DataField.MarkPx,
            6 when name.SequenceEqual("instId"u8) => DataField.InstId,
            11 when name.SequenceEqual("fundingRate"u8) => DataField.FundingRate,
            11 when name.SequenceEqual("fundingTime"u8) => DataField.FundingTime,
            15 when name.SequenceEqual("nextFundingTime"u8) => DataField.NextFundingTime,
            _ => DataField.Other,
        };
    }

    /// <summary>Reads <c>[[px, sz, "0", n], ...]</c>, keeping only the first level.</summary>
    private static bool ReadBest<TReader>(ref TReader reader, out bool has, out decimal price, out decimal size)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        has = false;
        price = 0m;
        size = 0m;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            if (has)
            {
                reader.Skip();
                continue;
            }

            if (!reader.Read() || !TryDecimal(ref reader, out price) || !reader.Read() || !TryDecimal(ref reader, out size))
            {
                return false;
            }

            if (!reader.SkipRestOfArray())
            {
                return false;
            }

            has = true;
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool TryDecimal<TReader>(ref TReader reader, out decimal value)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        value = 0m;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.ValueIsEscaped)
        {
            return false;
        }

        return FastDecimal.TryParse(reader.ValueSpan, out value);
    }

    private static bool TryLong<TReader>(ref TReader reader, out long value)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        value = 0;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.ValueIsEscaped)
        {
            return false;
        }

        var span = reader.ValueSpan;
        return FastDecimal.TryParseInt64(span, out value);
    }
}

/// <summary>Fields of an OKX public push data item the parser reads.</summary>
internal enum DataField
{
    Other,
    Bids,
    Asks,
    Ts,
    SeqId,
    MarkPx,
    FundingRate,
    FundingTime,
    NextFundingTime,
    InstId,
}
