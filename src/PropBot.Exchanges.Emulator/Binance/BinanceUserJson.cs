using System.Text.Json;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>User-data stream payloads: ORDER_TRADE_UPDATE and ACCOUNT_UPDATE.</summary>
internal static class BinanceUserJson
{
    public static byte[] Render(UserEvent userEvent, string? combinedStream) => Wire.Json(w =>
    {
        if (combinedStream is not null)
        {
            w.WriteStartObject();
            w.WriteString("stream", combinedStream);
            w.WritePropertyName("data");
        }

        switch (userEvent)
        {
            case OrderEvent order:
                Order(w, order);
                break;
            case AccountEvent account:
                Account(w, account);
                break;
        }

        if (combinedStream is not null)
        {
            w.WriteEndObject();
        }
    });

    private static void Order(Utf8JsonWriter w, OrderEvent e)
    {
        var o = e.Order;
        var i = o.Instrument;
        var type = o.Type == EmulatorOrderType.Limit ? "LIMIT" : "MARKET";
        w.WriteStartObject();
        w.WriteString("e", "ORDER_TRADE_UPDATE");
        w.WriteNumber("E", Wire.Ms(e.Time));
        w.WriteNumber("T", Wire.Ms(e.Time));
        w.WriteStartObject("o");
        w.WriteString("s", i.Symbol);
        w.WriteString("c", o.ClientId);
        w.WriteString("S", o.Side == EmulatorOrderSide.Buy ? "BUY" : "SELL");
        w.WriteString("o", type);
        w.WriteString("f", o.Type == EmulatorOrderType.Market ? "GTC" : BinanceJson.TimeInForce(o.TimeInForce));
        w.WriteString("q", BinanceJson.Quantity(i, o.Quantity));
        w.WriteString("p", o.Price is { } p ? BinanceJson.Price(i, p) : "0");
        w.WriteString("ap", Wire.D(e.AveragePrice));
        w.WriteString("sp", "0");
        w.WriteString("x", e.ExecutionType);
        w.WriteString("X", BinanceJson.Status(e.Status));
        w.WriteNumber("i", o.Id);
        w.WriteString("l", BinanceJson.Quantity(i, e.LastQuantity));
        w.WriteString("z", BinanceJson.Quantity(i, e.Executed));
        w.WriteString("L", Wire.D(e.LastPrice));
        if (e.Commission != 0)
        {
            w.WriteString("N", "USDT");
            w.WriteString("n", Wire.D(e.Commission));
        }

        w.WriteNumber("T", Wire.Ms(e.Time));
        w.WriteNumber("t", e.TradeId);
        w.WriteString("b", "0");
        w.WriteString("a", "0");
        w.WriteBoolean("m", e.Maker);
        w.WriteBoolean("R", o.ReduceOnly);
        w.WriteString("wt", "CONTRACT_PRICE");
        w.WriteString("ot", type);
        w.WriteString("ps", BinanceJson.PositionSide(o.PositionSide));
        w.WriteBoolean("cp", false);
        w.WriteBoolean("pP", false);
        w.WriteNumber("si", 0);
        w.WriteNumber("ss", 0);
        w.WriteString("rp", Wire.D(e.RealizedPnl));
        w.WriteString("V", "EXPIRE_MAKER");
        w.WriteString("pm", "NONE");
        w.WriteNumber("gtd", 0);
        w.WriteString("er", e.ExecutionType == "EXPIRED" ? "2" : "0");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Account(Utf8JsonWriter w, AccountEvent e)
    {
        w.WriteStartObject();
        w.WriteString("e", "ACCOUNT_UPDATE");
        w.WriteNumber("E", Wire.Ms(e.Time));
        w.WriteNumber("T", Wire.Ms(e.Time));
        w.WriteStartObject("a");
        w.WriteString("m", e.Reason);
        if (e.Symbol is not null)
        {
            w.WriteString("S", e.Symbol);
        }

        w.WriteStartArray("B");
        w.WriteStartObject();
        w.WriteString("a", "USDT");
        w.WriteString("wb", BinanceJson.Money(e.Wallet));
        w.WriteString("cw", BinanceJson.Money(e.Wallet));
        w.WriteString("bc", BinanceJson.Money(e.BalanceChange));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("P");
        foreach (var p in e.Positions)
        {
            w.WriteStartObject();
            w.WriteString("s", p.Instrument.Symbol);
            w.WriteString("pa", BinanceJson.Quantity(p.Instrument, p.Quantity));
            w.WriteString("ep", Wire.D(p.EntryPrice));
            w.WriteString("bep", Wire.D(p.EntryPrice));
            w.WriteString("cr", Wire.D(Math.Round(p.RealizedPnl, 8, MidpointRounding.ToEven)));
            w.WriteString("up", BinanceJson.Money(p.UnrealizedPnl));
            w.WriteString("mt", p.Isolated ? "isolated" : "cross");
            w.WriteString("iw", "0");
            w.WriteString("ps", BinanceJson.PositionSide(p.Side));
            w.WriteString("ma", "USDT");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
