using System.Text.RegularExpressions;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Okx;

internal sealed partial class OkxApi
{
    [GeneratedRegex("^[A-Za-z0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientOrderIdPattern();

    private static string DefaultMessage(string code) => code switch
    {
        "50001" => "Service temporarily unavailable. Please try again later.",
        "50004" => "API endpoint request timeout. (does not mean that the request was successful or failed, please check the request result).",
        "51008" => "Order failed. Insufficient USDT margin in account",
        "51030" => "Funding fee is being settled.",
        "51149" => "Order timed out. Please try again. (does not mean that the request was successful or failed, please check the request result)",
        "54012" => "Due to insufficient order book depth, we are now taking measures to protect your positions.",
        _ => "Order failed.",
    };

    private Reply PlaceOrder(OkxRequest request, DateTimeOffset now)
    {
        foreach (var name in new[] { "instId", "tdMode", "side", "ordType", "sz" })
        {
            if (request[name] is null)
            {
                return Empty(name);
            }
        }

        var clOrdId = request["clOrdId"] ?? "";
        var tag = request["tag"] ?? "";
        Reply Fail(string code, string message) => ItemResult(now, clOrdId, "", tag, code, message);

        if (exchange.Faults.TryTakeReject(out var injectedCode, out var injectedMessage))
        {
            return Fail(injectedCode, injectedMessage ?? DefaultMessage(injectedCode));
        }

        var instrument = Core.Instruments.BySymbol(Venue, request["instId"]);
        if (instrument is null)
        {
            return Fail("51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
        }

        var tdMode = request["tdMode"]!;
        if (tdMode is not ("cross" or "isolated"))
        {
            return Fail("51000", "Parameter tdMode error");
        }

        var side = request["side"] switch
        {
            "buy" => EmulatorOrderSide.Buy,
            "sell" => EmulatorOrderSide.Sell,
            _ => (EmulatorOrderSide?)null,
        };
        if (side is null)
        {
            return Fail("51000", "Parameter side error");
        }

        var ordType = request["ordType"]!;
        (EmulatorOrderType Type, EmulatorTimeInForce Tif)? kind = ordType switch
        {
            "market" => (EmulatorOrderType.Market, EmulatorTimeInForce.Ioc),
            "limit" => (EmulatorOrderType.Limit, EmulatorTimeInForce.Gtc),
            "post_only" => (EmulatorOrderType.Limit, EmulatorTimeInForce.PostOnly),
            "fok" => (EmulatorOrderType.Limit, EmulatorTimeInForce.Fok),
            "ioc" => (EmulatorOrderType.Limit, EmulatorTimeInForce.Ioc),
            "optimal_limit_ioc" => (EmulatorOrderType.Limit, EmulatorTimeInForce.Ioc),
            _ => null,
        };
        if (kind is null)
        {
            return Fail("51000", "Parameter ordType error");
        }

        if (clOrdId.Length > 0 && !ClientOrderIdPattern().IsMatch(clOrdId))
        {
            return Fail("51000", "Parameter clOrdId error");
        }

        if (!Wire.TryParseDecimal(request["sz"], out var contracts) || contracts <= 0)
        {
            return Fail("51000", "Parameter sz error");
        }

        if (!Wire.IsMultiple(contracts, instrument.LotSize))
        {
            return Fail("51121", "Order quantity must be a multiple of the lot size.");
        }

        if (contracts < instrument.MinSize)
        {
            return Fail("51020", "Your order should meet or exceed the minimum order amount.");
        }

        var baseQuantity = contracts * instrument.ContractValue;
        if (kind.Value.Type == EmulatorOrderType.Market && baseQuantity > instrument.MarketMaxQuantity)
        {
            return Fail("51202", "Market order amount exceeds the maximum amount.");
        }

        if (baseQuantity > instrument.MaxQuantity)
        {
            return Fail("51101", $"Order failed, the sz of the current order can't be more than {Wire.D(instrument.MaxQuantity / instrument.ContractValue)} (contracts).");
        }

        var mark = exchange.Mark(instrument);
        var maxBuy = instrument.RoundDownToTick(mark * 1.05m);
        var minSell = Math.Ceiling(mark * 0.95m / instrument.TickSize) * instrument.TickSize;
        decimal? price = null;
        if (ordType == "optimal_limit_ioc")
        {
            price = side == EmulatorOrderSide.Buy ? maxBuy : minSell;
        }
        else if (kind.Value.Type == EmulatorOrderType.Limit)
        {
            if (request["px"] is null)
            {
                return Fail("51204", "The price for the limit order cannot be empty.");
            }

            if (!Wire.TryParseDecimal(request["px"], out var px) || px <= 0 || !Wire.IsMultiple(px, instrument.TickSize))
            {
                return Fail("51000", "Parameter px error");
            }

            if ((side == EmulatorOrderSide.Buy && px > maxBuy) || (side == EmulatorOrderSide.Sell && px < minSell))
            {
                return Fail("51006", $"Order price is not within the price limit (max buy price: {Wire.D(maxBuy)} , min sell price: {Wire.D(minSell)} )");
            }

            price = px;
        }

        var posSideText = request["posSide"];
        EmulatorPositionSide bucket;
        if (exchange.HedgeMode)
        {
            if (posSideText is not ("long" or "short"))
            {
                return Fail("51000", "Parameter posSide error ");
            }

            bucket = posSideText == "long" ? EmulatorPositionSide.Long : EmulatorPositionSide.Short;
        }
        else
        {
            if (posSideText is not (null or "net"))
            {
                return Fail("51000", "Parameter posSide error ");
            }

            bucket = EmulatorPositionSide.Net;
        }

        var reduceOnly = !exchange.HedgeMode && request["reduceOnly"] == "true";
        var closing = exchange.HedgeMode
            && ((bucket == EmulatorPositionSide.Long && side == EmulatorOrderSide.Sell) || (bucket == EmulatorPositionSide.Short && side == EmulatorOrderSide.Buy));
        if (reduceOnly || closing)
        {
            var position = exchange.PositionQuantity(instrument, bucket);
            if (position == 0)
            {
                return Fail("51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close.");
            }

            if (reduceOnly && (side == EmulatorOrderSide.Buy ? position > 0 : position < 0))
            {
                return Fail("51170", "Failed to place order. A reduce-only order can't be the same trading direction as your existing positions.");
            }

            if (baseQuantity + exchange.OpenReducingQuantity(instrument, bucket, side.Value) > Math.Abs(position))
            {
                return Fail("51112", "Close order size exceeds available size for this position.");
            }
        }

        var placeError = exchange.Place(
            new NewOrder
            {
                Instrument = instrument,
                Side = side.Value,
                PositionSide = bucket,
                Type = kind.Value.Type,
                TimeInForce = kind.Value.Tif,
                Price = price,
                Quantity = baseQuantity,
                ReduceOnly = reduceOnly || closing,
                ClientId = clOrdId.Length > 0 ? clOrdId : null,
                WireType = ordType,
                Tag = tag,
                MarginMode = tdMode,
            },
            now,
            out var order);
        switch (placeError)
        {
            case PlaceError.DuplicateClientId:
                return Fail("51016", "Client order ID already exists.");
            case PlaceError.InsufficientMargin:
                return Fail("51008", "Order failed. Insufficient USDT margin in account");
        }

        var reply = ItemResult(now, clOrdId, Wire.L(order!.Id), tag, "0", "Order placed");
        return reply with { Drop = exchange.Faults.TryTakeDrop() };
    }

    private bool TryFindOrder(OkxRequest request, out OrderState? order, out Reply error, bool forCancel, DateTimeOffset now)
    {
        order = null;
        if (!TryInstrument(request, out var instrument, out error))
        {
            return false;
        }

        var ordIdText = request["ordId"];
        var clOrdId = request["clOrdId"];
        if (ordIdText is null && clOrdId is null)
        {
            error = forCancel
                ? ItemResult(now, "", "", "", "51000", "Parameter ordId error", includeTag: false)
                : Error(200, "50015", "Either parameter ordId or clOrdId is required");
            return false;
        }

        long? ordId = null;
        if (ordIdText is not null)
        {
            if (!long.TryParse(ordIdText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                error = forCancel ? ItemResult(now, clOrdId ?? "", "", "", "51000", "Parameter ordId error", includeTag: false) : Error(200, "51000", "Parameter ordId error");
                return false;
            }

            ordId = id;
        }

        order = exchange.FindOrder(ordId, clOrdId);
        if (order is null || !ReferenceEquals(order.Instrument, instrument))
        {
            order = null;
            error = forCancel
                ? ItemResult(now, clOrdId ?? "", ordIdText ?? "", "", "51400", "Order cancellation failed as the order has been filled, canceled or does not exist.", includeTag: false)
                : Error(200, "51603", "Order does not exist.");
            return false;
        }

        return true;
    }

    private Reply QueryOrder(OkxRequest request, DateTimeOffset now)
    {
        if (!TryFindOrder(request, out var order, out var error, forCancel: false, now))
        {
            return error;
        }

        return OkData(w => OkxJson.Order(w, order!));
    }

    private Reply CancelOrder(OkxRequest request, DateTimeOffset now)
    {
        if (!TryFindOrder(request, out var order, out var error, forCancel: true, now))
        {
            return error;
        }

        if (!exchange.Cancel(order!, now, "1"))
        {
            return ItemResult(now, order!.ClientId, Wire.L(order.Id), "", "51400", "Order cancellation failed as the order has been filled, canceled or does not exist.", includeTag: false);
        }

        return ItemResult(now, order!.ClientId, Wire.L(order.Id), "", "0", "", includeTag: false);
    }
}
