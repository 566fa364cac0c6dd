using System.Text.Json;
using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Binance;

/// <summary>What a market-data frame turned out to be.</summary>
internal enum BinanceFrameKind
{
    /// <summary>Not market data of interest (subscription ack, depth, unknown event, unknown symbol).</summary>
    Ignored,

    /// <summary>Could not be parsed.</summary>
    Malformed,

    /// <summary>A <c>bookTicker</c> event.</summary>
    BookTicker,

    /// <summary>A <c>markPriceUpdate</c> event.</summary>
    MarkPrice,
}

/// <summary>
/// Allocation-free parser of Binance USD-M market frames (combined <c>{"stream","data"}</c> envelope or raw) straight
/// over the receive buffer, written once against <see cref="IJsonTokenSource"/> and run on <see cref="FastJsonReader"/>
/// with <see cref="Utf8JsonReader"/> as the fallback and reference; numbers-as-strings parsed exactly with
/// <see cref="FastDecimal"/>; unknown fields skipped; symbols looked up in the cache without allocating.
/// </summary>
internal static class BinanceStreamParser
{
    private const int MaxDepth = 16;

    /// <summary>
    /// Parses one frame: first with <see cref="FastJsonReader"/>; a frame outside its subset (or malformed) is parsed
    /// again with <see cref="Utf8JsonReader"/>, whose answer then stands. On <see cref="BinanceFrameKind.BookTicker"/> /
    /// <see cref="BinanceFrameKind.MarkPrice"/> the matching out value and the slot are set.
    /// </summary>
    public static BinanceFrameKind Parse(
        ReadOnlySpan<byte> frame,
        MarketDataCache cache,
        DateTimeOffset receiveTime,
        out MarketDataSlot? slot,
        out BookTop bookTop,
        out MarkPriceInfo markPrice)
    {
        var fast = new FastJsonReader(frame, MaxDepth);
        var kind = Parse(ref fast, cache, receiveTime, out slot, out bookTop, out markPrice);
        return fast.Unsupported ? ParseReference(frame, cache, receiveTime, out slot, out bookTop, out markPrice) : kind;
    }

    /// <summary>The same parse on <see cref="Utf8JsonReader"/> alone: the reference the fast path must agree with.</summary>
    public static BinanceFrameKind ParseReference(
        ReadOnlySpan<byte> frame,
        MarketDataCache cache,
        DateTimeOffset receiveTime,
        out MarketDataSlot? slot,
        out BookTop bookTop,
        out MarkPriceInfo markPrice)
    {
        var reader = new Utf8JsonTokenSource(frame, MaxDepth);
        return Parse(ref reader, cache, receiveTime, out slot, out bookTop, out markPrice);
    }

    private static BinanceFrameKind Parse<TReader>(
        ref TReader reader,
        MarketDataCache cache,
        DateTimeOffset receiveTime,
        out MarketDataSlot? slot,
        out BookTop bookTop,
        out MarkPriceInfo markPrice)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        slot = null;
        bookTop = default;
        markPrice = default;
        var fields = default(Fields);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return BinanceFrameKind.Malformed;
            }

            ReadObject(ref reader, ref fields, depth: 0);
        }
        catch (JsonException)
        {
            return BinanceFrameKind.Malformed;
        }

        if (fields.Event == EventType.None || fields.Event == EventType.Other)
        {
            return fields.HasEvent ? BinanceFrameKind.Ignored : (fields.IsAck ? BinanceFrameKind.Ignored : BinanceFrameKind.Malformed);
        }

        if (fields.Symbol.IsEmpty)
        {
            return BinanceFrameKind.Malformed;
        }

        if (!cache.TryGetSlot(fields.Symbol, out var s))
        {
            return BinanceFrameKind.Ignored;
        }

        slot = s;
        if (fields.Event == EventType.BookTicker)
        {
            if ((fields.Have & (Has.Bid | Has.BidQty | Has.Ask | Has.AskQty)) != (Has.Bid | Has.BidQty | Has.Ask | Has.AskQty))
            {
                return BinanceFrameKind.Malformed;
            }

            if (fields.UpdateId > 0 && fields.UpdateId <= s.LastBookUpdateId)
            {
                return BinanceFrameKind.Ignored;
            }

            var venueMs = fields.TransactionTime > 0 ? fields.TransactionTime : fields.EventTime;
            bookTop = new BookTop
            {
                Instrument = s.Instrument,
                BidPrice = fields.Bid,
                BidSize = fields.BidQty,
                AskPrice = fields.Ask,
                AskSize = fields.AskQty,
                VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(venueMs),
                ReceiveTime = receiveTime,
                UpdateId = fields.UpdateId,
            };
            return BinanceFrameKind.BookTicker;
        }

        if (fields.Event == EventType.MarkPrice)
        {
            if ((fields.Have & Has.Mark) == 0)
            {
                return BinanceFrameKind.Malformed;
            }

            markPrice = new MarkPriceInfo
            {
                Instrument = s.Instrument,
                MarkPrice = fields.Mark,
                IndexPrice = (fields.Have & Has.Index) != 0 ? fields.Index : null,
                FundingRate = (fields.Have & Has.Funding) != 0 ? fields.Funding : null,
                NextFundingTime = fields.TransactionTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(fields.TransactionTime) : null,
                VenueTime = DateTimeOffset.FromUnixTimeMilliseconds(fields.EventTime),
                ReceiveTime = receiveTime,
            };
            return BinanceFrameKind.MarkPrice;
        }

        return BinanceFrameKind.Ignored;
    }

    private static void ReadObject<TReader>(ref TReader reader, ref Fields f, int depth)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        while (reader.ReadProperty(out var name))
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (depth == 0 && reader.TokenType == JsonTokenType.StartObject && name.SequenceEqual("data"u8))
                {
                    ReadObject(ref reader, ref f, depth + 1);
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            if (name.Length == 0)
            {
                continue;
            }

            if (name.Length == 1)
            {
                switch (name[0])
                {
                    case (byte)'e':
                        f.HasEvent = true;
                        f.Event = reader.TokenType != JsonTokenType.String ? EventType.Other
                            : reader.ValueSpan.SequenceEqual("bookTicker"u8) ? EventType.BookTicker
                            : reader.ValueSpan.SequenceEqual("markPriceUpdate"u8) ? EventType.MarkPrice
                            : EventType.Other;
                        break;
                    case (byte)'s':
                        f.Symbol = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : default;
                        break;
                    case (byte)'E':
                        f.EventTime = Long(ref reader);
                        break;
                    case (byte)'T':
                        f.TransactionTime = Long(ref reader);
                        break;
                    case (byte)'u':
                        f.UpdateId = Long(ref reader);
                        break;
                    case (byte)'b':
                        f.Bid = Dec(ref reader, ref f, Has.Bid);
                        break;
                    case (byte)'B':
                        f.BidQty = Dec(ref reader, ref f, Has.BidQty);
                        break;
                    case (byte)'a':
                        f.Ask = Dec(ref reader, ref f, Has.Ask);
                        break;
                    case (byte)'A':
                        f.AskQty = Dec(ref reader, ref f, Has.AskQty);
                        break;
                    case (byte)'p':
                        f.Mark = Dec(ref reader, ref f, Has.Mark);
                        break;
                    case (byte)'i':
                        f.Index = Dec(ref reader, ref f, Has.Index);
                        break;
                    case (byte)'r':
                        f.Funding = Dec(ref reader, ref f, Has.Funding);
                        break;
                    default:
                        break;
                }
            }
            else if (depth == 0 && (name.SequenceEqual("result"u8) || name.SequenceEqual("id"u8)))
            {
                f.IsAck = true;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("Expected a property or the end of the object.");
        }
    }

    private static long Long<TReader>(ref TReader reader)
        where TReader : struct, IJsonTokenSource, allows ref struct =>
        reader.TokenType == JsonTokenType.Number && FastDecimal.TryParseInt64(reader.ValueSpan, out var v) ? v : throw new JsonException("Expected an integer.");

    private static decimal Dec<TReader>(ref TReader reader, ref Fields f, Has flag)
        where TReader : struct, IJsonTokenSource, allows ref struct
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.ValueIsEscaped)
        {
            throw new JsonException("Expected a decimal.");
        }

        if (!FastDecimal.TryParse(reader.ValueSpan, out var value))
        {
            throw new JsonException("Invalid decimal.");
        }

        f.Have |= flag;
        return value;
    }

    [Flags]
    private enum Has
    {
        None = 0,
        Bid = 1,
        BidQty = 2,
        Ask = 4,
        AskQty = 8,
        Mark = 16,
        Index = 32,
        Funding = 64,
    }

    private enum EventType
    {
        None,
        BookTicker,
        MarkPrice,
        Other,
    }

    private ref struct Fields
    {
        public EventType Event;
        public bool HasEvent;
        public bool IsAck;
        public ReadOnlySpan<byte> Symbol;
        public long EventTime;
        public long TransactionTime;
        public long UpdateId;
        public decimal Bid;
        public decimal BidQty;
        public decimal Ask;
        public decimal AskQty;
        public decimal Mark;
        public decimal Index;
        public decimal Funding;
        public Has Have;
    }
}
