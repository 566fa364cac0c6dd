using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropBot.Exchanges.Emulator.Core;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Okx;

/// <summary>OKX v5 REST facade over the shared core.</summary>
internal sealed partial class OkxApi
{
    private const EmulatorVenue Venue = EmulatorVenue.Okx;
    private readonly EmulatorCore core;
    private readonly VenueExchange exchange;

    public OkxApi(EmulatorCore core)
    {
        this.core = core;
        exchange = core.Okx;
        Limiter = new OkxRateLimiter(core.Options.RateLimits);
    }

    public OkxRateLimiter Limiter { get; }

    /// <summary>Limit of an endpoint: requests per window, window seconds, and whether the key includes instId.</summary>
    private readonly record struct Limit(int Count, int WindowSeconds = 2, bool PerInstrument = false);

    public void Map(IEndpointRouteBuilder app)
    {
        Get(app, "/api/v5/public/time", new Limit(10), false, (_, now) => OkData(w =>
        {
            w.WriteStartObject();
            w.WriteString("ts", Wire.MsText(now));
            w.WriteEndObject();
        }));
        Get(app, "/api/v5/public/instruments", new Limit(20), false, Instruments);
        Get(app, "/api/v5/market/ticker", new Limit(20), false, Ticker);
        Get(app, "/api/v5/market/tickers", new Limit(20), false, Tickers);
        Get(app, "/api/v5/market/books", new Limit(40), false, Books);
        Get(app, "/api/v5/public/mark-price", new Limit(10, PerInstrument: true), false, MarkPrice);
        Get(app, "/api/v5/public/funding-rate", new Limit(10, PerInstrument: true), false, FundingRate);
        Get(app, "/api/v5/public/funding-rate-history", new Limit(10, PerInstrument: true), false, FundingRateHistory);
        Get(app, "/api/v5/account/trade-fee", new Limit(5), true, TradeFee);
        Get(app, "/api/v5/account/config", new Limit(5), true, AccountConfig);
        Post(app, "/api/v5/account/set-position-mode", new Limit(5), SetPositionMode);
        Post(app, "/api/v5/account/set-leverage", new Limit(20), SetLeverage);
        Get(app, "/api/v5/account/leverage-info", new Limit(20), true, LeverageInfo);
        Get(app, "/api/v5/account/positions", new Limit(10), true, Positions);
        Get(app, "/api/v5/account/balance", new Limit(10), true, Balance);
        Post(app, "/api/v5/trade/order", new Limit(60, PerInstrument: true), PlaceOrder);
        Get(app, "/api/v5/trade/order", new Limit(60, PerInstrument: true), true, QueryOrder);
        Post(app, "/api/v5/trade/cancel-order", new Limit(60, PerInstrument: true), CancelOrder);
        Get(app, "/api/v5/trade/orders-pending", new Limit(60), true, OrdersPending);
        Get(app, "/api/v5/trade/orders-history", new Limit(40), true, OrdersHistory);
        Get(app, "/api/v5/trade/fills", new Limit(60), true, Fills);
        Post(app, "/api/v5/trade/cancel-all-after", new Limit(1, WindowSeconds: 1), CancelAllAfter);
        app.MapFallback("/api/v5/{**rest}", (HttpContext c) => Wire.SendAsync(c, NotFound()));
    }

    public async Task MiddlewareAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/v5/", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var faults = exchange.Faults;
        if (faults.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(faults.ResponseDelay, core.Time, context.RequestAborted).ConfigureAwait(false);
        }

        if (faults.TryTakeForcedRateLimit() != 0)
        {
            await Wire.SendAsync(context, TooManyRequests()).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    internal static Reply Error(int status, string code, string message) => new(status, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("code", code);
        w.WriteString("msg", message);
        w.WriteStartArray("data");
        w.WriteEndArray();
        w.WriteEndObject();
    }));

    private static Reply TooManyRequests() => new(429, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("msg", "Too Many Requests");
        w.WriteString("code", "50011");
        w.WriteEndObject();
    }));

    private static Reply NotFound() => new(404, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", 404);
        w.WriteStartObject("data");
        w.WriteEndObject();
        w.WriteString("detailMsg", "");
        w.WriteString("error_code", "404");
        w.WriteString("error_message", "Not Found");
        w.WriteString("msg", "Not Found");
        w.WriteEndObject();
    }));

    private static Reply Empty(string name) => Error(400, "50014", $"Parameter {name} can not be empty.");

    private static Reply OkData(Action<Utf8JsonWriter> writeItems, DateTimeOffset? inTime = null) => new(200, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("code", "0");
        w.WriteString("msg", "");
        w.WriteStartArray("data");
        writeItems(w);
        w.WriteEndArray();
        if (inTime is { } t)
        {
            var micros = Micros(t);
            w.WriteString("inTime", micros);
            w.WriteString("outTime", micros);
        }

        w.WriteEndObject();
    }));

    private static string Micros(DateTimeOffset time) =>
        ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>Per-item order-operation result: code "0" on success, "1" (all failed) otherwise.</summary>
    private static Reply ItemResult(DateTimeOffset now, string clOrdId, string ordId, string tag, string sCode, string sMsg, bool includeTag = true) => new(200, Wire.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("code", sCode == "0" ? "0" : "1");
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("clOrdId", clOrdId);
        w.WriteString("ordId", ordId);
        if (includeTag)
        {
            w.WriteString("tag", tag);
        }

        w.WriteString("ts", Wire.MsText(now));
        w.WriteString("sCode", sCode);
        w.WriteString("sMsg", sMsg);
        w.WriteString("subCode", "");
        w.WriteEndObject();
        w.WriteEndArray();
        var micros = Micros(now);
        w.WriteString("inTime", micros);
        w.WriteString("msg", sCode == "0" ? "" : "All operations failed");
        w.WriteString("outTime", micros);
        w.WriteEndObject();
    }));

    private void Get(IEndpointRouteBuilder app, string path, Limit limit, bool signed, Func<OkxRequest, DateTimeOffset, Reply> handler) =>
        app.MapGet(path, (HttpContext c) => HandleAsync(c, path, limit, signed, handler));

    private void Post(IEndpointRouteBuilder app, string path, Limit limit, Func<OkxRequest, DateTimeOffset, Reply> handler) =>
        app.MapPost(path, (HttpContext c) => HandleAsync(c, path, limit, true, handler));

    private async Task HandleAsync(HttpContext context, string path, Limit limit, bool signed, Func<OkxRequest, DateTimeOffset, Reply> handler)
    {
        var request = await OkxRequest.ReadAsync(context).ConfigureAwait(false);
        var now = core.Now(Venue);
        var reply = (signed ? Authenticate(request, now) : null) ?? Validate(request) ?? RateLimit(request, path, limit, now) ?? Run(request, now, handler);
        await Wire.SendAsync(context, reply).ConfigureAwait(false);
    }

    private static Reply? Validate(OkxRequest request)
    {
        if (request.Method != "POST")
        {
            return null;
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "50006", "Invalid Content-Type. Please use \"application/JSON\".");
        }

        if (request.Body.Length == 0)
        {
            return Error(400, "50000", "Body for POST request cannot be empty.");
        }

        return request.BodyInvalid ? Error(400, "50002", "JSON syntax error") : null;
    }

    private Reply? RateLimit(OkxRequest request, string path, Limit limit, DateTimeOffset now)
    {
        var key = limit.PerInstrument ? path + "|" + request["instId"] : path;
        return Limiter.TryAcquire(key, limit.Count, limit.WindowSeconds, now) ? null : TooManyRequests();
    }

    private Reply Run(OkxRequest request, DateTimeOffset now, Func<OkxRequest, DateTimeOffset, Reply> handler)
    {
        lock (core.Sync)
        {
            return handler(request, now);
        }
    }

    private Reply? Authenticate(OkxRequest request, DateTimeOffset now)
    {
        if (request.ApiKey is null)
        {
            return Error(401, "50103", "Request header \"OK-ACCESS-KEY\" cannot be empty.");
        }

        if (request.Passphrase is null)
        {
            return Error(401, "50104", "Request header \"OK-ACCESS-PASSPHRASE\" cannot be empty.");
        }

        if (request.Sign is null)
        {
            return Error(401, "50106", "Request header \"OK-ACCESS-SIGN\" cannot be empty.");
        }

        if (request.Timestamp is null)
        {
            return Error(401, "50107", "Request header \"OK-ACCESS-TIMESTAMP\" cannot be empty.");
        }

        if (!string.Equals(request.ApiKey, core.Options.ApiKey, StringComparison.Ordinal))
        {
            return Error(401, "50111", "Invalid OK-ACCESS-KEY.");
        }

        if (!request.Timestamp.EndsWith('Z')
            || !DateTimeOffset.TryParse(request.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            return Error(401, "50112", "Invalid OK-ACCESS-TIMESTAMP.");
        }

        if ((now - timestamp).Duration() > TimeSpan.FromSeconds(30))
        {
            return Error(401, "50102", "Timestamp request expired.");
        }

        if (!string.Equals(request.Passphrase, core.Options.OkxPassphrase, StringComparison.Ordinal))
        {
            return Error(401, "50105", "Request header \"OK-ACCESS-PASSPHRASE\" incorrect.");
        }

        var expected = Wire.HmacBase64(core.Options.ApiSecret, request.Timestamp + request.Method + request.PathAndQuery + request.Body);
        return Wire.FixedEquals(expected, request.Sign) ? null : Error(401, "50113", "Invalid Sign");
    }

    private static bool TryInstrument(OkxRequest request, out Instrument? instrument, out Reply error, bool required = true)
    {
        instrument = null;
        error = default;
        var instId = request["instId"];
        if (instId is null)
        {
            if (required)
            {
                error = Empty("instId");
                return false;
            }

            return true;
        }

        instrument = Core.Instruments.BySymbol(Venue, instId);
        if (instrument is null)
        {
            error = Error(200, "51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
            return false;
        }

        return true;
    }

    private Reply Instruments(OkxRequest request, DateTimeOffset now)
    {
        var instType = request["instType"];
        if (instType is null)
        {
            return Empty("instType");
        }

        var instId = request["instId"];
        var family = request["instFamily"];
        return OkData(w =>
        {
            if (instType != "SWAP")
            {
                return;
            }

            foreach (var i in Core.Instruments.Okx)
            {
                if ((instId is null || instId == i.Symbol) && (family is null || family == i.Asset + "-USDT"))
                {
                    OkxJson.Instrument(w, i);
                }
            }
        });
    }

    private Reply Ticker(OkxRequest request, DateTimeOffset now)
    {
        if (!TryInstrument(request, out var instrument, out var error))
        {
            return error;
        }

        return OkData(w => OkxJson.Ticker(w, exchange, instrument!, now));
    }

    private Reply Tickers(OkxRequest request, DateTimeOffset now)
    {
        if (request["instType"] is not { } instType)
        {
            return Empty("instType");
        }

        return OkData(w =>
        {
            if (instType == "SWAP")
            {
                foreach (var i in Core.Instruments.Okx)
                {
                    OkxJson.Ticker(w, exchange, i, now);
                }
            }
        });
    }

    private Reply Books(OkxRequest request, DateTimeOffset now)
    {
        if (!TryInstrument(request, out var instrument, out var error))
        {
            return error;
        }

        var size = 1;
        if (request["sz"] is { } text && (!int.TryParse(text, CultureInfo.InvariantCulture, out size) || size < 1 || size > 400))
        {
            return Error(400, "51000", "Parameter sz error");
        }

        return OkData(w => OkxJson.Book(w, instrument!, exchange.Book(instrument!), size, includeInstId: false));
    }

    private Reply MarkPrice(OkxRequest request, DateTimeOffset now)
    {
        if (request["instType"] is not { } instType)
        {
            return Empty("instType");
        }

        if (!TryInstrument(request, out var instrument, out var error, required: false))
        {
            return error;
        }

        return OkData(w =>
        {
            if (instType != "SWAP")
            {
                return;
            }

            foreach (var i in Core.Instruments.Okx)
            {
                if (instrument is null || ReferenceEquals(i, instrument))
                {
                    OkxJson.MarkPrice(w, exchange, i, now);
                }
            }
        });
    }

    private Reply FundingRate(OkxRequest request, DateTimeOffset now)
    {
        var instId = request["instId"];
        if (instId is null)
        {
            return Empty("instId");
        }

        Instrument? instrument = null;
        if (instId != "ANY" && !TryInstrument(request, out instrument, out var error))
        {
            return error;
        }

        return OkData(w =>
        {
            foreach (var i in Core.Instruments.Okx)
            {
                if (instrument is null || ReferenceEquals(i, instrument))
                {
                    OkxJson.FundingRate(w, exchange, i, now);
                }
            }
        });
    }

    private Reply FundingRateHistory(OkxRequest request, DateTimeOffset now)
    {
        if (!TryInstrument(request, out var instrument, out var error))
        {
            return error;
        }

        var limit = int.TryParse(request["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 400) : 100;
        var rows = exchange.FundingHistory.Where(h => h.Symbol == instrument!.Symbol).Reverse().Take(limit).ToList();
        return OkData(w =>
        {
            foreach (var h in rows)
            {
                w.WriteStartObject();
                w.WriteString("formulaType", "noRate");
                w.WriteString("fundingRate", Wire.D(h.Rate));
                w.WriteString("fundingTime", Wire.MsText(h.Time));
                w.WriteString("instId", h.Symbol);
                w.WriteString("instType", "SWAP");
                w.WriteString("method", "current_period");
                w.WriteString("realizedRate", Wire.D(h.Rate));
                w.WriteEndObject();
            }
        });
    }

    private Reply TradeFee(OkxRequest request, DateTimeOffset now)
    {
        if (request["instType"] is not { } instType)
        {
            return Empty("instType");
        }

        if (instType == "SWAP" && request["instId"] is not null)
        {
            return Error(400, "50016", "instId and instType don't match");
        }

        return OkData(w =>
        {
            var maker = "-" + Wire.D(VenueExchange.MakerRate);
            var taker = "-" + Wire.D(VenueExchange.TakerRate);
            w.WriteStartObject();
            w.WriteString("category", "1");
            w.WriteString("delivery", "");
            w.WriteString("exercise", "");
            w.WriteStartArray("feeGroup");
            w.WriteStartObject();
            w.WriteString("elpMaker", "");
            w.WriteString("groupId", "2");
            w.WriteString("maker", maker);
            w.WriteString("taker", taker);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("fiat");
            w.WriteEndArray();
            w.WriteString("instType", instType);
            w.WriteString("level", "Lv1");
            w.WriteString("maker", maker);
            w.WriteString("makerU", maker);
            w.WriteString("makerUSDC", maker);
            w.WriteString("ruleType", "normal");
            w.WriteString("taker", taker);
            w.WriteString("takerU", taker);
            w.WriteString("takerUSDC", taker);
            w.WriteString("ts", Wire.MsText(now));
            w.WriteEndObject();
        });
    }

    private Reply AccountConfig(OkxRequest request, DateTimeOffset now) => OkData(w =>
    {
        w.WriteStartObject();
        w.WriteString("acctLv", "2");
        w.WriteString("acctStpMode", "cancel_maker");
        w.WriteBoolean("autoLoan", false);
        w.WriteString("ctIsoMode", "automatic");
        w.WriteBoolean("enableSpotBorrow", false);
        w.WriteString("greeksType", "PA");
        w.WriteString("feeType", "0");
        w.WriteString("ip", "");
        w.WriteString("type", "0");
        w.WriteString("kycLv", "3");
        w.WriteString("label", "propbot-emulator");
        w.WriteString("level", "Lv1");
        w.WriteString("levelTmp", "");
        w.WriteString("liquidationGear", "-1");
        w.WriteString("mainUid", OkxJson.Uid);
        w.WriteString("mgnIsoMode", "automatic");
        w.WriteString("opAuth", "1");
        w.WriteString("perm", "read_only,trade");
        w.WriteString("posMode", exchange.HedgeMode ? "long_short_mode" : "net_mode");
        w.WriteString("roleType", "0");
        w.WriteBoolean("spotBorrowAutoRepay", false);
        w.WriteString("spotOffsetType", "");
        w.WriteString("spotRoleType", "0");
        w.WriteStartArray("spotTraderInsts");
        w.WriteEndArray();
        w.WriteString("stgyType", "0");
        w.WriteStartArray("traderInsts");
        w.WriteEndArray();
        w.WriteString("uid", OkxJson.Uid);
        w.WriteString("settleCcy", "USDT");
        w.WriteStartArray("settleCcyList");
        w.WriteStringValue("USDT");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private Reply SetPositionMode(OkxRequest request, DateTimeOffset now)
    {
        var mode = request["posMode"];
        if (mode is null)
        {
            return Empty("posMode");
        }

        if (mode is not ("long_short_mode" or "net_mode"))
        {
            return Error(200, "51000", "Parameter posMode error");
        }

        var hedge = mode == "long_short_mode";
        if (hedge != exchange.HedgeMode && (exchange.HasOpenOrders() || exchange.HasPositions()))
        {
            return Error(200, "59000", "Settings failed. Close any open positions or orders before modifying settings.");
        }

        exchange.HedgeMode = hedge;
        return OkData(w =>
        {
            w.WriteStartObject();
            w.WriteString("posMode", mode);
            w.WriteEndObject();
        });
    }

    private Reply SetLeverage(OkxRequest request, DateTimeOffset now)
    {
        if (!TryInstrument(request, out var instrument, out var error))
        {
            return error;
        }

        var leverText = request["lever"];
        if (leverText is null)
        {
            return Empty("lever");
        }

        var mgnMode = request["mgnMode"];
        if (mgnMode is null)
        {
            return Empty("mgnMode");
        }

        if (mgnMode is not ("cross" or "isolated"))
        {
            return Error(200, "51000", "Parameter mgnMode error");
        }

        if (!Wire.TryParseDecimal(leverText, out var lever) || lever < 0.01m)
        {
            return Error(200, "51000", "Parameter lever error");
        }

        if (lever > instrument!.MaxLeverage)
        {
            return Error(200, "59102", "Leverage exceeds the maximum limit. Please lower the leverage.");
        }

        if (exchange.HasOpenOrders(instrument))
        {
            return mgnMode == "cross"
                ? Error(200, "59107", "Leverage can't be modified. Please cancel all pending cross-margin orders before adjusting the leverage.")
                : Error(200, "59101", "Leverage can't be modified. Please cancel all pending isolated margin orders before adjusting the leverage.");
        }

        var settings = exchange.Settings(instrument);
        settings.Leverage = Math.Max(1, (int)Math.Floor(lever));
        settings.Isolated = mgnMode == "isolated";
        var posSide = request["posSide"] ?? "";
        return OkData(w =>
        {
            w.WriteStartObject();
            w.WriteString("lever", leverText);
            w.WriteString("mgnMode", mgnMode);
            w.WriteString("instId", instrument.Symbol);
            w.WriteString("posSide", posSide);
            w.WriteEndObject();
        });
    }

    private Reply LeverageInfo(OkxRequest request, DateTimeOffset now)
    {
        var mgnMode = request["mgnMode"];
        if (mgnMode is null)
        {
            return Empty("mgnMode");
        }

        var ids = request["instId"];
        if (ids is null)
        {
            return Empty("instId");
        }

        var selected = new List<Instrument>();
        foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var i = Core.Instruments.BySymbol(Venue, id);
            if (i is null)
            {
                return Error(200, "51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
            }

            selected.Add(i);
        }

        return OkData(w =>
        {
            foreach (var i in selected)
            {
                var lever = exchange.Settings(i).Leverage.ToString(CultureInfo.InvariantCulture);
                foreach (var side in exchange.HedgeMode ? new[] { "long", "short" } : ["net"])
                {
                    w.WriteStartObject();
                    w.WriteString("ccy", "");
                    w.WriteString("instId", i.Symbol);
                    w.WriteString("mgnMode", mgnMode);
                    w.WriteString("posSide", side);
                    w.WriteString("lever", lever);
                    w.WriteEndObject();
                }
            }
        });
    }

    private Reply Positions(OkxRequest request, DateTimeOffset now)
    {
        var instType = request["instType"];
        var ids = request["instId"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return OkData(w =>
        {
            if (instType is not (null or "SWAP"))
            {
                return;
            }

            foreach (var (instrument, side, position) in exchange.Positions().OrderByDescending(p => p.Position.Created))
            {
                if (ids is null || ids.Contains(instrument.Symbol))
                {
                    OkxJson.Position(w, exchange, instrument, side, position);
                }
            }
        });
    }

    private Reply Balance(OkxRequest request, DateTimeOffset now)
    {
        var ccy = request["ccy"];
        return OkData(w => OkxJson.Balance(w, exchange, ccy is null || ccy.Split(',').Contains("USDT")));
    }

    private Reply OrdersPending(OkxRequest request, DateTimeOffset now) => OrdersList(request, open: true);

    private Reply OrdersHistory(OkxRequest request, DateTimeOffset now)
    {
        if (request["instType"] is null)
        {
            return Empty("instType");
        }

        return OrdersList(request, open: false);
    }

    private Reply OrdersList(OkxRequest request, bool open)
    {
        var instType = request["instType"];
        var instId = request["instId"];
        var ordTypes = request["ordType"]?.Split(',');
        var state = request["state"];
        var limit = int.TryParse(request["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 100;
        IEnumerable<OrderState> source = open
            ? exchange.OpenOrders.ToArray()
            : exchange.AllOrders.Where(o => !o.IsOpen);
        var rows = source
            .Where(o => instType is null or "SWAP")
            .Where(o => instId is null || o.Instrument.Symbol == instId)
            .Where(o => ordTypes is null || ordTypes.Contains(o.WireType))
            .Where(o => state is null || OkxJson.State(o) == state)
            .OrderByDescending(o => o.Id)
            .Take(limit)
            .ToList();
        return OkData(w =>
        {
            foreach (var order in rows)
            {
                OkxJson.Order(w, order);
            }
        });
    }

    private Reply Fills(OkxRequest request, DateTimeOffset now)
    {
        var instId = request["instId"];
        var limit = int.TryParse(request["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 100;
        var rows = exchange.Fills.Where(f => instId is null || f.Symbol == instId).Reverse().Take(limit).ToList();
        return OkData(w =>
        {
            foreach (var fill in rows)
            {
                var order = exchange.FindOrder(fill.OrderId, null);
                var i = Core.Instruments.BySymbol(Venue, fill.Symbol)!;
                w.WriteStartObject();
                w.WriteString("instType", "SWAP");
                w.WriteString("instId", fill.Symbol);
                w.WriteString("tradeId", Wire.L(fill.TradeId));
                w.WriteString("ordId", Wire.L(fill.OrderId));
                w.WriteString("clOrdId", fill.ClientOrderId);
                w.WriteString("billId", Wire.L(fill.TradeId));
                w.WriteString("tag", order?.Tag ?? "");
                w.WriteString("fillPx", Wire.D(fill.Price));
                w.WriteString("fillSz", Wire.D(fill.Quantity / i.ContractValue));
                w.WriteString("side", fill.Side == EmulatorOrderSide.Buy ? "buy" : "sell");
                w.WriteString("posSide", OkxJson.PosSide(order?.PositionSide ?? EmulatorPositionSide.Net));
                w.WriteString("execType", fill.IsMaker ? "M" : "T");
                w.WriteString("feeCcy", "USDT");
                w.WriteString("fee", Wire.D(-fill.Fee));
                w.WriteString("fillPnl", Wire.D(fill.RealizedPnl));
                w.WriteString("ts", Wire.MsText(fill.Time));
                w.WriteString("fillTime", Wire.MsText(fill.Time));
                w.WriteEndObject();
            }
        });
    }

    private Reply CancelAllAfter(OkxRequest request, DateTimeOffset now)
    {
        var text = request["timeOut"];
        if (text is null)
        {
            return Empty("timeOut");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || (seconds != 0 && (seconds < 10 || seconds > 120)))
        {
            return Error(200, "51000", "Parameter timeOut error");
        }

        exchange.AccountDeadMan = seconds == 0 ? null : now + TimeSpan.FromSeconds(seconds);
        var tag = request["tag"] ?? "";
        return OkData(w =>
        {
            w.WriteStartObject();
            w.WriteString("triggerTime", seconds == 0 ? "0" : Wire.L(now.ToUnixTimeSeconds() + seconds));
            w.WriteString("tag", tag);
            w.WriteString("ts", Wire.L(now.ToUnixTimeSeconds()));
            w.WriteEndObject();
        });
    }
}
