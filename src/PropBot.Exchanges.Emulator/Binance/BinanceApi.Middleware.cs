using System.Globalization;
using Microsoft.AspNetCore.Http;
using PropBot.Exchanges.Emulator.Hosting;

namespace PropBot.Exchanges.Emulator.Binance;

internal sealed partial class BinanceApi
{
    /// <summary>Response delay fault, rate limits (weight and order counters, 429 then 418) and their headers.</summary>
    public async Task MiddlewareAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/fapi/", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var faults = exchange.Faults;
        if (faults.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(faults.ResponseDelay, core.Time, context.RequestAborted).ConfigureAwait(false);
        }

        var method = context.Request.Method;
        var isOrder = HttpMethods.IsPost(method) && path == "/fapi/v1/order";
        var decision = limiter.Check(core.Now(Venue), Weight(method, path, context.Request.Query), isOrder, faults.TryTakeForcedRateLimit());
        var headers = context.Response.Headers;
        headers["X-MBX-USED-WEIGHT-1M"] = decision.UsedWeight.ToString(CultureInfo.InvariantCulture);
        if (isOrder)
        {
            headers["X-MBX-ORDER-COUNT-10S"] = decision.Orders10Seconds.ToString(CultureInfo.InvariantCulture);
            headers["X-MBX-ORDER-COUNT-1M"] = decision.OrdersMinute.ToString(CultureInfo.InvariantCulture);
        }

        if (decision.Status != 0)
        {
            headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Wire.SendAsync(context, Error(decision.Status, decision.Code, decision.Message)).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
