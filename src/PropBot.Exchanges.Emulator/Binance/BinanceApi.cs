using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>Binance USDⓈ-M futures REST facade over the shared core.</summary>
internal sealed partial class BinanceApi
{
    private const EmulatorVenue Venue = EmulatorVenue.Binance;
    private readonly EmulatorCore core;
    private readonly VenueExchange exchange;
    private readonly BinanceRateLimiter limiter;

    public BinanceApi(EmulatorCore core)
    {
        this.core = core;
        exchange = core.Binance;
        limiter = new BinanceRateLimiter(core.Options.RateLimits);
    }

    private enum Security
    {
        None,
        ApiKey,
        Signed,
    }

    public BinanceRateLimiter Limiter => limiter;

    public void Map(IEndpointRouteBuilder app)
    {
        Get(app, "/fapi/v1/ping", Security.None, (_, _) => Ok(w => { w.WriteStartObject(); w.WriteEndObject(); }));
        Get(app, "/fapi/v1/time", Security.None, (_, now) => Ok(w => { w.WriteStartObject(); w.WriteNumber("serverTime", Wire.Ms(now)); w.WriteEndObject(); }));
        Get(app, "/fapi/v1/exchangeInfo", Security.None, (_, now) => Ok(w => BinanceJson.ExchangeInfo(w, now, core.Options.RateLimits)));
        Get(app, "/fapi/v1/ticker/bookTicker", Security.None, BookTicker);
        Get(app, "/fapi/v1/depth", Security.None, Depth);
        Get(app, "/fapi/v1/premiumIndex", Security.None, PremiumIndex);
        Get(app, "/fapi/v1/fundingInfo", Security.None, FundingInfo);
        Get(app, "/fapi/v1/fundingRate", Security.None, FundingRateHistory);

        Get(app, "/fapi/v1/commissionRate", Security.Signed, CommissionRate);
        Get(app, "/fapi/v1/positionSide/dual", Security.Signed, (_, _) => Ok(w => { w.WriteStartObject(); w.WriteBoolean("dualSidePosition", exchange.HedgeMode); w.WriteEndObject(); }));
        Post(app, "/fapi/v1/positionSide/dual", Security.Signed, SetPositionMode);
        Post(app, "/fapi/v1/marginType", Security.Signed, SetMarginType);
        Post(app, "/fapi/v1/leverage", Security.Signed, SetLeverage);
        Get(app, "/fapi/v1/leverageBracket", Security.Signed, LeverageBracket);
        Get(app, "/fapi/v1/accountConfig", Security.Signed, AccountConfig);
        Get(app, "/fapi/v1/symbolConfig", Security.Signed, SymbolConfig);
        Post(app, "/fapi/v1/order", Security.Signed, (r, now) => NewOrder(r, now, test: false));
        Post(app, "/fapi/v1/order/test", Security.Signed, (r, now) => NewOrder(r, now, test: true));
        Get(app, "/fapi/v1/order", Security.Signed, QueryOrder);
        Delete(app, "/fapi/v1/order", Security.Signed, CancelOrder);
        Delete(app, "/fapi/v1/allOpenOrders", Security.Signed, CancelAllOrders);
        Get(app, "/fapi/v1/openOrders", Security.Signed, OpenOrders);
        Get(app, "/fapi/v1/openOrder", Security.Signed, OpenOrder);
        Get(app, "/fapi/v1/allOrders", Security.Signed, AllOrders);
        Get(app, "/fapi/v1/userTrades", Security.Signed, UserTrades);
        Get(app, "/fapi/v2/positionRisk", Security.Signed, (r, now) => PositionRisk(r, v3: false));
        Get(app, "/fapi/v3/positionRisk", Security.Signed, (r, now) => PositionRisk(r, v3: true));
        Get(app, "/fapi/v2/account", Security.Signed, (r, now) => Account(now, v3: false));
        Get(app, "/fapi/v3/account", Security.Signed, (r, now) => Account(now, v3: true));
        Get(app, "/fapi/v2/balance", Security.Signed, (r, now) => Balance(now));
        Get(app, "/fapi/v3/balance", Security.Signed, (r, now) => Balance(now));
        Post(app, "/fapi/v1/countdownCancelAll", Security.Signed, CountdownCancelAll);
        Get(app, "/fapi/v1/income", Security.Signed, Income);
        Post(app, "/fapi/v1/listenKey", Security.ApiKey, (_, now) => ListenKey(now, create: true));
        app.MapPut("/fapi/v1/listenKey", (HttpContext c) => HandleAsync(c, Security.ApiKey, (_, now) => ListenKey(now, create: false)));
        Delete(app, "/fapi/v1/listenKey", Security.ApiKey, (_, _) =>
        {
            exchange.ListenKey = null;
            return Ok(w => { w.WriteStartObject(); w.WriteEndObject(); });
        });
    }

    private Reply ListenKey(DateTimeOffset now, bool create)
    {
        if (exchange.ListenKey is null || now >= exchange.ListenKeyExpires)
        {
            if (!create)
            {
                exchange.ListenKey = null;
                return Bad(-1125, "This listenKey does not exist. Please use `POST /fapi/v1/listenKey` to recreate `listenKey`");
            }

            var seed = System.Text.Encoding.UTF8.GetBytes(core.Options.ApiKey + "|" + Wire.L(now.UtcTicks));
            exchange.ListenKey = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(seed));
        }

        exchange.ListenKeyExpires = now + TimeSpan.FromMinutes(60);
        var key = exchange.ListenKey;
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("listenKey", key);
            w.WriteEndObject();
        });
    }

    /// <summary>Weight of a request for the REQUEST_WEIGHT counter (§10.5).</summary>
    public static int Weight(string method, string path, IQueryCollection query)
    {
        var hasSymbol = query.ContainsKey("symbol");
        return path switch
        {
            "/fapi/v1/ticker/bookTicker" => hasSymbol ? 2 : 5,
            "/fapi/v1/depth" => query.TryGetValue("limit", out var l) ? l.ToString() switch { "100" => 5, "500" => 10, "1000" => 20, _ => 2 } : 10,
            "/fapi/v1/premiumIndex" => hasSymbol ? 1 : 10,
            "/fapi/v1/fundingInfo" or "/fapi/v1/fundingRate" => 0,
            "/fapi/v1/commissionRate" => 20,
            "/fapi/v1/positionSide/dual" => HttpMethods.IsGet(method) ? 30 : 1,
            "/fapi/v1/order" => HttpMethods.IsPost(method) ? 0 : 1,
            "/fapi/v1/openOrders" => hasSymbol ? 1 : 40,
            "/fapi/v2/positionRisk" or "/fapi/v3/positionRisk" or "/fapi/v2/account" or "/fapi/v3/account" or "/fapi/v2/balance"
                or "/fapi/v3/balance" or "/fapi/v1/accountConfig" or "/fapi/v1/symbolConfig" or "/fapi/v1/allOrders" or "/fapi/v1/userTrades" => 5,
            "/fapi/v1/income" => 30,
            "/fapi/v1/countdownCancelAll" => 10,
            _ => 1,
        };
    }

    internal static Reply Error(int status, int code, string message) => new(status, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteEndObject();
    }));

    private static Reply Bad(int code, string message) => Error(400, code, message);

    private static Reply Mandatory(string name) => Bad(-1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    private static Reply Ok(Action<Utf8JsonWriter> write) => new(200, Wire.Json(write));

    private static Reply Success() => Ok(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", 200);
        w.WriteString("msg", "success");
        w.WriteEndObject();
    });

    private void Get(IEndpointRouteBuilder app, string path, Security security, Func<BinanceRequest, DateTimeOffset, Reply> handler) =>
        app.MapGet(path, (HttpContext c) => HandleAsync(c, security, handler));

    private void Post(IEndpointRouteBuilder app, string path, Security security, Func<BinanceRequest, DateTimeOffset, Reply> handler) =>
        app.MapPost(path, (HttpContext c) => HandleAsync(c, security, handler));

    private void Delete(IEndpointRouteBuilder app, string path, Security security, Func<BinanceRequest, DateTimeOffset, Reply> handler) =>
        app.MapDelete(path, (HttpContext c) => HandleAsync(c, security, handler));

    private async Task HandleAsync(HttpContext context, Security security, Func<BinanceRequest, DateTimeOffset, Reply> handler)
    {
        var request = await BinanceRequest.ReadAsync(context).ConfigureAwait(false);
        var now = core.Now(Venue);
        var reply = Authenticate(request, security, now) ?? Run(request, now, handler);
        await Wire.SendAsync(context, reply).ConfigureAwait(false);
    }

    private Reply Run(BinanceRequest request, DateTimeOffset now, Func<BinanceRequest, DateTimeOffset, Reply> handler)
    {
        lock (core.Sync)
        {
            return handler(request, now);
        }
    }

    private Reply? Authenticate(BinanceRequest request, Security security, DateTimeOffset now)
    {
        if (security == Security.None)
        {
            return null;
        }

        if (string.IsNullOrEmpty(request.ApiKey))
        {
            return Error(401, -2014, "API-key format invalid.");
        }

        if (!string.Equals(request.ApiKey, core.Options.ApiKey, StringComparison.Ordinal))
        {
            return Error(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        if (security != Security.Signed)
        {
            return null;
        }

        if (!long.TryParse(request["timestamp"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return Mandatory("timestamp");
        }

        if (string.IsNullOrEmpty(request.Signature))
        {
            return Mandatory("signature");
        }

        var recvWindow = 5000L;
        if (request["recvWindow"] is { } rw)
        {
            if (!long.TryParse(rw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out recvWindow))
            {
                return Mandatory("recvWindow");
            }

            if (recvWindow > 60_000)
            {
                return Bad(-1131, "recvWindow must be less than 60000");
            }
        }

        var expected = Wire.HmacHex(core.Options.ApiSecret, request.SignedPayload);
        if (!Wire.FixedEquals(expected, request.Signature.ToLowerInvariant()))
        {
            return Bad(-1022, "Signature for this request is not valid.");
        }

        var serverTime = Wire.Ms(now);
        if (timestamp >= serverTime + 1000)
        {
            return Bad(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }

        if (serverTime - timestamp > recvWindow)
        {
            return Bad(-1021, "Timestamp for this request is outside of the recvWindow.");
        }

        return null;
    }

    private static bool TrySymbol(BinanceRequest request, bool required, out Instrument? instrument, out Reply error)
    {
        instrument = null;
        error = default;
        var symbol = request["symbol"];
        if (symbol is null)
        {
            if (required)
            {
                error = Mandatory("symbol");
                return false;
            }

            return true;
        }

        instrument = Instruments.BySymbol(Venue, symbol);
        if (instrument is null)
        {
            error = Bad(-1121, "Invalid symbol.");
            return false;
        }

        return true;
    }

    private Reply BookTicker(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            if (instrument is null)
            {
                w.WriteStartArray();
                foreach (var i in Instruments.Binance)
                {
                    BinanceJson.BookTicker(w, i, exchange.Book(i), now);
                }

                w.WriteEndArray();
            }
            else
            {
                BinanceJson.BookTicker(w, instrument, exchange.Book(instrument), now);
            }
        });
    }

    private Reply Depth(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var limit = 500;
        if (request["limit"] is { } text && (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is not (5 or 10 or 20 or 50 or 100 or 500 or 1000)))
        {
            return Bad(-4021, "Invalid depth limit.");
        }

        var book = exchange.Book(instrument!);
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("lastUpdateId", book.Sequence);
            w.WriteNumber("E", Wire.Ms(now));
            w.WriteNumber("T", Wire.Ms(book.Time));
            BinanceJson.Levels(w, "bids", book.Bids, limit);
            BinanceJson.Levels(w, "asks", book.Asks, limit);
            w.WriteEndObject();
        });
    }

    private Reply PremiumIndex(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            if (instrument is null)
            {
                w.WriteStartArray();
                foreach (var i in Instruments.Binance)
                {
                    BinanceJson.PremiumIndex(w, exchange, i, now);
                }

                w.WriteEndArray();
            }
            else
            {
                BinanceJson.PremiumIndex(w, exchange, instrument, now);
            }
        });
    }

    private Reply FundingInfo(BinanceRequest request, DateTimeOffset now) => Ok(w =>
    {
        w.WriteStartArray();
        var interval = exchange.FundingInterval;
        if (interval != TimeSpan.FromHours(8))
        {
            foreach (var i in Instruments.Binance)
            {
                w.WriteStartObject();
                w.WriteString("symbol", i.Symbol);
                w.WriteString("adjustedFundingRateCap", "0.03000000");
                w.WriteString("adjustedFundingRateFloor", "-0.03000000");
                w.WriteNumber("fundingIntervalHours", Math.Max(1, (int)Math.Round(interval.TotalHours)));
                w.WriteBoolean("disclaimer", false);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    });

    private Reply FundingRateHistory(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        var limit = int.TryParse(request["limit"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var start = long.TryParse(request["startTime"], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : long.MinValue;
        var end = long.TryParse(request["endTime"], System.Globalization.CultureInfo.InvariantCulture, out var e) ? e : long.MaxValue;
        var rows = exchange.FundingHistory
            .Where(h => (instrument is null || h.Symbol == instrument.Symbol) && Wire.Ms(h.Time) >= start && Wire.Ms(h.Time) <= end)
            .ToList();
        rows = start == long.MinValue ? rows.TakeLast(limit).ToList() : rows.Take(limit).ToList();
        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var h in rows)
            {
                w.WriteStartObject();
                w.WriteString("symbol", h.Symbol);
                w.WriteNumber("fundingTime", Wire.Ms(h.Time));
                w.WriteString("fundingRate", BinanceJson.Rate(h.Rate));
                w.WriteString("markPrice", BinanceJson.Price8(h.MarkPrice));
                w.WriteString("rateType", "Regular");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private Reply CommissionRate(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", instrument!.Symbol);
            w.WriteString("makerCommissionRate", Wire.D(VenueExchange.MakerRate));
            w.WriteString("takerCommissionRate", Wire.D(VenueExchange.TakerRate));
            w.WriteEndObject();
        });
    }

    private Reply SetPositionMode(BinanceRequest request, DateTimeOffset now)
    {
        var value = request["dualSidePosition"];
        if (value is not ("true" or "false"))
        {
            return value is null ? Mandatory("dualSidePosition") : Bad(-1130, "Data sent for parameter 'dualSidePosition' is not valid.");
        }

        var hedge = value == "true";
        if (hedge == exchange.HedgeMode)
        {
            return Bad(-4059, "No need to change position side.");
        }

        if (exchange.HasOpenOrders())
        {
            return Bad(-4067, "Position side cannot be changed if there exists open orders.");
        }

        if (exchange.HasPositions())
        {
            return Bad(-4068, "Position side cannot be changed if there exists position.");
        }

        exchange.HedgeMode = hedge;
        return Success();
    }

    private Reply SetMarginType(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var marginType = request["marginType"];
        if (marginType is null)
        {
            return Mandatory("marginType");
        }

        if (marginType is not ("ISOLATED" or "CROSSED"))
        {
            return Bad(-1130, "Data sent for parameter 'marginType' is not valid.");
        }

        var settings = exchange.Settings(instrument!);
        var isolated = marginType == "ISOLATED";
        if (settings.Isolated == isolated)
        {
            return Bad(-4046, "No need to change margin type.");
        }

        if (exchange.HasOpenOrders(instrument))
        {
            return Bad(-4047, "Margin type cannot be changed if there exists open orders.");
        }

        if (exchange.HasPositions(instrument))
        {
            return Bad(-4048, "Margin type cannot be changed if there exists position.");
        }

        settings.Isolated = isolated;
        return Success();
    }

    private Reply SetLeverage(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var text = request["leverage"];
        if (text is null || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var leverage))
        {
            return Mandatory("leverage");
        }

        if (leverage < 1 || leverage > instrument!.MaxLeverage)
        {
            return Bad(-4028, $"Leverage {text} is not valid");
        }

        exchange.Settings(instrument).Leverage = leverage;
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("leverage", leverage);
            w.WriteString("maxNotionalValue", BinanceJson.MaxNotional(leverage));
            w.WriteString("symbol", instrument.Symbol);
            w.WriteEndObject();
        });
    }

    private Reply LeverageBracket(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var i in Instruments.Binance)
            {
                if (instrument is null || ReferenceEquals(i, instrument))
                {
                    BinanceJson.Brackets(w, i);
                }
            }

            w.WriteEndArray();
        });
    }

    private Reply AccountConfig(BinanceRequest request, DateTimeOffset now) => Ok(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("feeTier", 0);
        w.WriteBoolean("canTrade", true);
        w.WriteBoolean("canDeposit", true);
        w.WriteBoolean("canWithdraw", true);
        w.WriteBoolean("dualSidePosition", exchange.HedgeMode);
        w.WriteNumber("updateTime", 0);
        w.WriteBoolean("multiAssetsMargin", false);
        w.WriteNumber("tradeGroupId", -1);
        w.WriteEndObject();
    });

    private Reply SymbolConfig(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var i in Instruments.Binance)
            {
                if (instrument is null || ReferenceEquals(i, instrument))
                {
                    var s = exchange.Settings(i);
                    w.WriteStartObject();
                    w.WriteString("symbol", i.Symbol);
                    w.WriteString("marginType", s.Isolated ? "ISOLATED" : "CROSSED");
                    w.WriteString("isAutoAddMargin", "false");
                    w.WriteNumber("leverage", s.Leverage);
                    w.WriteString("maxNotionalValue", BinanceJson.MaxNotional(s.Leverage));
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
        });
    }

    [GeneratedRegex("^[\\.A-Z\\:/a-z0-9_-]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientOrderIdPattern();

    private Reply NewOrder(BinanceRequest request, DateTimeOffset now, bool test)
    {
        if (!test && exchange.Faults.TryTakeReject(out var injectedCode, out var injectedMessage))
        {
            var code = int.TryParse(injectedCode, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : -2010;
            return Bad(code, injectedMessage ?? BinanceJson.DefaultMessage(code));
        }

        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var sideText = request["side"];
        if (sideText is null)
        {
            return Mandatory("side");
        }

        if (sideText is not ("BUY" or "SELL"))
        {
            return Bad(-1117, "Invalid side.");
        }

        var side = sideText == "BUY" ? EmulatorOrderSide.Buy : EmulatorOrderSide.Sell;
        var typeText = request["type"];
        if (typeText is null)
        {
            return Mandatory("type");
        }

        if (typeText is "STOP" or "STOP_MARKET" or "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET")
        {
            return Bad(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");
        }

        if (typeText is not ("LIMIT" or "MARKET"))
        {
            return Bad(-1116, "Invalid orderType.");
        }

        var type = typeText == "LIMIT" ? EmulatorOrderType.Limit : EmulatorOrderType.Market;
        var positionSideText = request["positionSide"] ?? "BOTH";
        if (positionSideText is not ("BOTH" or "LONG" or "SHORT"))
        {
            return Bad(-4060, "Invalid position side.");
        }

        var respType = request["newOrderRespType"] ?? "ACK";
        if (respType is not ("ACK" or "RESULT"))
        {
            return Bad(-1136, "Invalid newOrderRespType.");
        }

        var tif = EmulatorTimeInForce.Gtc;
        var tifText = request["timeInForce"];
        if (type == EmulatorOrderType.Limit)
        {
            if (tifText is null)
            {
                return Mandatory("timeInForce");
            }

            switch (tifText)
            {
                case "GTC" or "GTD":
                    tif = EmulatorTimeInForce.Gtc;
                    break;
                case "IOC":
                    tif = EmulatorTimeInForce.Ioc;
                    break;
                case "FOK":
                    tif = EmulatorTimeInForce.Fok;
                    break;
                case "GTX":
                    tif = EmulatorTimeInForce.PostOnly;
                    break;
                default:
                    return Bad(-1115, "Invalid timeInForce.");
            }
        }

        if (!Wire.TryParseDecimal(request["quantity"], out var quantity))
        {
            return Mandatory("quantity");
        }

        if (quantity <= 0)
        {
            return Bad(-4003, "Quantity less than or equal to zero.");
        }

        var inst = instrument!;
        if (Wire.Scale(quantity) > Wire.Scale(inst.BaseStep))
        {
            return Bad(-1111, "Precision is over the maximum defined for this asset.");
        }

        if (quantity < inst.MinQuantity)
        {
            return Bad(-4004, "Quantity less than min quantity.");
        }

        if (quantity > (type == EmulatorOrderType.Market ? inst.MarketMaxQuantity : inst.MaxQuantity))
        {
            return Bad(-4005, "Quantity greater than max quantity.");
        }

        if (!Wire.IsMultiple(quantity - inst.MinQuantity, inst.BaseStep))
        {
            return Bad(-4023, "Qty not increased by step size.");
        }

        decimal? price = null;
        var mark = exchange.Mark(inst);
        if (type == EmulatorOrderType.Limit)
        {
            if (!Wire.TryParseDecimal(request["price"], out var p))
            {
                return Mandatory("price");
            }

            if (p <= 0)
            {
                return Bad(-4001, "Price less than or equal to zero.");
            }

            if (Wire.Scale(p) > Wire.Scale(inst.TickSize))
            {
                return Bad(-1111, "Precision is over the maximum defined for this asset.");
            }

            if (p < inst.MinPrice)
            {
                return Bad(-4013, "Price less than min price.");
            }

            if (p > inst.MaxPrice)
            {
                return Bad(-4002, "Price greater than max price.");
            }

            if (!Wire.IsMultiple(p - inst.MinPrice, inst.TickSize))
            {
                return Bad(-4014, "Price not increased by tick size.");
            }

            if (side == EmulatorOrderSide.Buy && p > mark * 1.05m)
            {
                return Bad(-4016, "Price is higher than mark price multiplier cap.");
            }

            if (side == EmulatorOrderSide.Sell && p < mark * 0.95m)
            {
                return Bad(-4024, "Price is lower than mark price multiplier floor.");
            }

            price = p;
        }

        var clientId = request["newClientOrderId"];
        if (clientId is not null && !ClientOrderIdPattern().IsMatch(clientId))
        {
            return Bad(-4015, clientId.Length > 36 ? "Client order id length should not be more than 36 chars" : "Client order id is not valid.");
        }

        var reduceOnlyText = request["reduceOnly"];
        if (exchange.HedgeMode && reduceOnlyText is not null)
        {
            return Bad(-1106, "Parameter 'reduceOnly' sent when not required.");
        }

        if (reduceOnlyText is not (null or "true" or "false"))
        {
            return Bad(-4062, "Invalid or improper reduceOnly value.");
        }

        var reduceOnly = reduceOnlyText == "true";
        if (exchange.HedgeMode ? positionSideText == "BOTH" : positionSideText != "BOTH")
        {
            return Bad(-4061, "Order's position side does not match user's setting.");
        }

        var bucket = positionSideText switch { "LONG" => EmulatorPositionSide.Long, "SHORT" => EmulatorPositionSide.Short, _ => EmulatorPositionSide.Net };
        if (exchange.HedgeMode)
        {
            reduceOnly = (bucket == EmulatorPositionSide.Long && side == EmulatorOrderSide.Sell) || (bucket == EmulatorPositionSide.Short && side == EmulatorOrderSide.Buy);
        }

        if (reduceOnly)
        {
            var position = exchange.PositionQuantity(inst, bucket);
            var reduces = side == EmulatorOrderSide.Buy ? position < 0 : position > 0;
            var pending = exchange.OpenReducingQuantity(inst, bucket, side);
            if (!reduces || quantity + pending > Math.Abs(position))
            {
                return Bad(-2022, "ReduceOnly Order is rejected.");
            }
        }

        var notional = quantity * (price ?? mark);
        if (!reduceOnly && notional < inst.MinNotional)
        {
            return Bad(-4164, $"Order's notional must be no smaller than {Wire.D(inst.MinNotional)} (unless you choose reduce only).");
        }

        if (test)
        {
            return Ok(w => { w.WriteStartObject(); w.WriteEndObject(); });
        }

        var placeError = exchange.Place(
            new NewOrder
            {
                Instrument = inst,
                Side = side,
                PositionSide = bucket,
                Type = type,
                TimeInForce = tif,
                Price = price,
                Quantity = quantity,
                ReduceOnly = reduceOnly,
                ClientId = clientId,
                WireType = typeText,
                MarginMode = exchange.Settings(inst).Isolated ? "isolated" : "cross",
            },
            now,
            out var order);
        switch (placeError)
        {
            case PlaceError.DuplicateClientId:
                return Bad(-4116, "clientOrderId is duplicated");
            case PlaceError.InsufficientMargin:
                return Bad(-2019, "Margin is insufficient.");
            case PlaceError.PostOnlyWouldTake:
                return Bad(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history");
            case PlaceError.FokNotFilled:
                return Bad(-5021, "Due to the order could not be filled immediately, the FOK order has been rejected.");
        }

        var timeInForceWire = tifText ?? "GTC";
        var body = Wire.Json(w => BinanceJson.Order(w, order!, timeInForceWire, BinanceJson.OrderShape.Place, ack: respType == "ACK"));
        return new Reply(200, body, Drop: exchange.Faults.TryTakeDrop());
    }

    private bool TryFindOrder(BinanceRequest request, out OrderState? order, out Reply error, bool forCancel)
    {
        order = null;
        if (!TrySymbol(request, true, out var instrument, out error))
        {
            return false;
        }

        long? orderId = null;
        if (request["orderId"] is { } idText)
        {
            if (!long.TryParse(idText, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                error = Mandatory("orderId");
                return false;
            }

            orderId = id;
        }

        var clientId = request["origClientOrderId"];
        if (orderId is null && clientId is null)
        {
            error = Bad(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
            return false;
        }

        order = exchange.FindOrder(orderId, clientId);
        if (order is null || !ReferenceEquals(order.Instrument, instrument))
        {
            order = null;
            error = forCancel ? Bad(-2011, "Unknown order sent.") : Bad(-2013, "Order does not exist.");
            return false;
        }

        return true;
    }

    private Reply QueryOrder(BinanceRequest request, DateTimeOffset now)
    {
        if (!TryFindOrder(request, out var order, out var error, forCancel: false))
        {
            return error;
        }

        return Ok(w => BinanceJson.Order(w, order!, null, BinanceJson.OrderShape.Query, ack: false));
    }

    private Reply OpenOrder(BinanceRequest request, DateTimeOffset now)
    {
        if (!TryFindOrder(request, out var order, out var error, forCancel: false))
        {
            return error;
        }

        if (!order!.IsOpen)
        {
            return Bad(-2013, "Order does not exist.");
        }

        return Ok(w => BinanceJson.Order(w, order, null, BinanceJson.OrderShape.Query, ack: false));
    }

    private Reply CancelOrder(BinanceRequest request, DateTimeOffset now)
    {
        if (!TryFindOrder(request, out var order, out var error, forCancel: true))
        {
            return error;
        }

        if (!exchange.Cancel(order!, now, "1"))
        {
            return Bad(-2011, "Unknown order sent.");
        }

        return Ok(w => BinanceJson.Order(w, order!, null, BinanceJson.OrderShape.Place, ack: false));
    }

    private Reply CancelAllOrders(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        exchange.CancelAll(instrument, now, "1");
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("code", 200);
            w.WriteString("msg", "The operation of cancel all open order is done.");
            w.WriteEndObject();
        });
    }

    private Reply OpenOrders(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var order in exchange.OpenOrders)
            {
                if (instrument is null || ReferenceEquals(order.Instrument, instrument))
                {
                    BinanceJson.Order(w, order, null, BinanceJson.OrderShape.Query, ack: false);
                }
            }

            w.WriteEndArray();
        });
    }

    private Reply AllOrders(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var limit = int.TryParse(request["limit"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 500;
        var rows = exchange.AllOrders.Where(o => ReferenceEquals(o.Instrument, instrument)).TakeLast(limit).ToList();
        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var order in rows)
            {
                BinanceJson.Order(w, order, null, BinanceJson.OrderShape.Query, ack: false);
            }

            w.WriteEndArray();
        });
    }

    private Reply UserTrades(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var limit = int.TryParse(request["limit"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 500;
        var rows = exchange.Fills.Where(f => f.Symbol == instrument!.Symbol).TakeLast(limit).ToList();
        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var fill in rows)
            {
                var order = exchange.FindOrder(fill.OrderId, null);
                w.WriteStartObject();
                w.WriteBoolean("buyer", fill.Side == EmulatorOrderSide.Buy);
                w.WriteString("commission", Wire.D(fill.Fee));
                w.WriteString("commissionAsset", "USDT");
                w.WriteNumber("id", fill.TradeId);
                w.WriteBoolean("maker", fill.IsMaker);
                w.WriteNumber("orderId", fill.OrderId);
                w.WriteString("price", Wire.D(fill.Price));
                w.WriteString("qty", Wire.D(fill.Quantity));
                w.WriteString("quoteQty", Wire.D(fill.Price * fill.Quantity));
                w.WriteString("realizedPnl", Wire.D(fill.RealizedPnl));
                w.WriteString("side", fill.Side == EmulatorOrderSide.Buy ? "BUY" : "SELL");
                w.WriteString("positionSide", BinanceJson.PositionSide(order?.PositionSide ?? EmulatorPositionSide.Net));
                w.WriteString("symbol", fill.Symbol);
                w.WriteNumber("time", Wire.Ms(fill.Time));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private Reply PositionRisk(BinanceRequest request, bool v3)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        return Ok(w =>
        {
            w.WriteStartArray();
            foreach (var i in Instruments.Binance)
            {
                if (instrument is not null && !ReferenceEquals(i, instrument))
                {
                    continue;
                }

                if (v3 && !exchange.HasPositions(i) && !exchange.HasOpenOrders(i))
                {
                    continue;
                }

                var sides = exchange.HedgeMode ? new[] { EmulatorPositionSide.Long, EmulatorPositionSide.Short } : new[] { EmulatorPositionSide.Net };
                foreach (var side in sides)
                {
                    if (v3 && exchange.PositionQuantity(i, side) == 0 && !exchange.HedgeMode && !exchange.HasOpenOrders(i))
                    {
                        continue;
                    }

                    BinanceJson.PositionRisk(w, exchange, i, side, v3);
                }
            }

            w.WriteEndArray();
        });
    }

    private Reply Account(DateTimeOffset now, bool v3) => Ok(w => BinanceJson.Account(w, exchange, v3));

    private Reply Balance(DateTimeOffset now) => Ok(w =>
    {
        var available = exchange.Available();
        var upnl = exchange.UnrealizedPnl();
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("accountAlias", "SgsR");
        w.WriteString("asset", "USDT");
        w.WriteString("balance", BinanceJson.Money(exchange.Wallet));
        w.WriteString("crossWalletBalance", BinanceJson.Money(exchange.Wallet));
        w.WriteString("crossUnPnl", BinanceJson.Money(upnl));
        w.WriteString("availableBalance", BinanceJson.Money(available));
        w.WriteString("maxWithdrawAmount", BinanceJson.Money(Math.Max(0, Math.Min(available, exchange.Wallet))));
        w.WriteBoolean("marginAvailable", true);
        w.WriteNumber("updateTime", Wire.Ms(exchange.UpdateTime));
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private Reply CountdownCancelAll(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, true, out var instrument, out var error))
        {
            return error;
        }

        var text = request["countdownTime"];
        if (text is null || !long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var countdown))
        {
            return Mandatory("countdownTime");
        }

        exchange.ArmSymbolDeadMan(instrument!, TimeSpan.FromMilliseconds(countdown), now);
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", instrument!.Symbol);
            w.WriteString("countdownTime", Wire.L(countdown));
            w.WriteEndObject();
        });
    }

    private Reply Income(BinanceRequest request, DateTimeOffset now)
    {
        if (!TrySymbol(request, false, out var instrument, out var error))
        {
            return error;
        }

        var type = request["incomeType"];
        var rows = new List<(string Symbol, string Type, decimal Amount, DateTimeOffset Time, long TradeId)>();
        if (type is null or "FUNDING_FEE")
        {
            rows.AddRange(exchange.FundingPayments.Select(f => (f.Symbol, "FUNDING_FEE", f.Amount, f.Time, 0L)));
        }

        if (type is null or "COMMISSION")
        {
            rows.AddRange(exchange.Fills.Select(f => (f.Symbol, "COMMISSION", -f.Fee, f.Time, f.TradeId)));
        }

        if (type is null or "REALIZED_PNL")
        {
            rows.AddRange(exchange.Fills.Where(f => f.RealizedPnl != 0).Select(f => (f.Symbol, "REALIZED_PNL", f.RealizedPnl, f.Time, f.TradeId)));
        }

        var limit = int.TryParse(request["limit"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var selected = rows.Where(r => instrument is null || r.Symbol == instrument.Symbol).OrderBy(r => r.Time).TakeLast(limit).ToList();
        return Ok(w =>
        {
            w.WriteStartArray();
            var tranId = 9_000_000_000L;
            foreach (var row in selected)
            {
                w.WriteStartObject();
                w.WriteString("symbol", row.Symbol);
                w.WriteString("incomeType", row.Type);
                w.WriteString("income", Wire.D(row.Amount));
                w.WriteString("asset", "USDT");
                w.WriteString("info", row.Type);
                w.WriteNumber("time", Wire.Ms(row.Time));
                w.WriteNumber("tranId", tranId++);
                w.WriteString("tradeId", row.TradeId == 0 ? "" : Wire.L(row.TradeId));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }
}
