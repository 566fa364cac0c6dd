using System.Globalization;

namespace PropBot.Exchanges.Emulator.Binance;

/// <summary>Outcome of a rate-limit check: 0 = allowed, else 429 or 418 with a -1003 / -1015 body.</summary>
internal readonly record struct RateDecision(int Status, int Code, string Message, int RetryAfterSeconds, long UsedWeight, long Orders10Seconds, long OrdersMinute);

/// <summary>Fixed-window counters for REQUEST_WEIGHT (1 min) and ORDERS (10 s, 1 min), with a 418 ban after repeated 429s.</summary>
internal sealed class BinanceRateLimiter(RateLimitOptions options)
{
    private readonly Lock sync = new();
    private long weightWindow = -1;
    private long usedWeight;
    private int rejectedInWindow;
    private long window10Seconds = -1;
    private long orders10Seconds;
    private long windowMinuteOrders = -1;
    private long ordersMinute;
    private DateTimeOffset bannedUntil = DateTimeOffset.MinValue;

    public RateDecision Check(DateTimeOffset now, int weight, bool isOrder, int forcedStatus)
    {
        lock (sync)
        {
            var ms = now.ToUnixTimeMilliseconds();
            var minute = ms / 60_000;
            var tenSeconds = ms / 10_000;
            if (minute != weightWindow)
            {
                weightWindow = minute;
                usedWeight = 0;
                rejectedInWindow = 0;
            }

            if (tenSeconds != window10Seconds)
            {
                window10Seconds = tenSeconds;
                orders10Seconds = 0;
            }

            if (minute != windowMinuteOrders)
            {
                windowMinuteOrders = minute;
                ordersMinute = 0;
            }

            var toMinuteEnd = (int)Math.Max(1, ((minute + 1) * 60_000 - ms + 999) / 1000);
            if (forcedStatus == 418 || (forcedStatus == 0 && now < bannedUntil))
            {
                if (forcedStatus == 418)
                {
                    bannedUntil = now + options.BinanceBanDuration;
                }

                return Banned(now);
            }

            usedWeight += weight;
            if (isOrder)
            {
                orders10Seconds++;
                ordersMinute++;
            }

            if (forcedStatus == 429)
            {
                return Limited(-1003, TooManyRequests(), toMinuteEnd);
            }

            if (!options.Enabled)
            {
                return Allowed();
            }

            if (usedWeight > options.BinanceRequestWeightPerMinute)
            {
                rejectedInWindow++;
                if (rejectedInWindow > options.BinanceRejectedRequestsBeforeBan)
                {
                    bannedUntil = now + options.BinanceBanDuration;
                    return Banned(now);
                }

                return Limited(-1003, TooManyRequests(), toMinuteEnd);
            }

            if (isOrder && orders10Seconds > options.BinanceOrdersPer10Seconds)
            {
                return Limited(-1015, $"Too many new orders; current limit is {options.BinanceOrdersPer10Seconds} orders per 10 SECOND.", (int)Math.Max(1, ((tenSeconds + 1) * 10_000 - ms + 999) / 1000));
            }

            if (isOrder && ordersMinute > options.BinanceOrdersPerMinute)
            {
                return Limited(-1015, $"Too many new orders; current limit is {options.BinanceOrdersPerMinute} orders per MINUTE.", toMinuteEnd);
            }

            return Allowed();
        }
    }

    public (long Weight, long Orders10Seconds, long OrdersMinute) Usage()
    {
        lock (sync)
        {
            return (usedWeight, orders10Seconds, ordersMinute);
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            bannedUntil = DateTimeOffset.MinValue;
            usedWeight = 0;
            rejectedInWindow = 0;
            orders10Seconds = 0;
            ordersMinute = 0;
        }
    }

    private string TooManyRequests() =>
        $"Too many requests; current limit is {options.BinanceRequestWeightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.";

    private RateDecision Allowed() => new(0, 0, "", 0, usedWeight, orders10Seconds, ordersMinute);

    private RateDecision Limited(int code, string message, int retryAfter) =>
        new(429, code, message, retryAfter, usedWeight, orders10Seconds, ordersMinute);

    private RateDecision Banned(DateTimeOffset now)
    {
        var until = bannedUntil.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var retry = (int)Math.Max(1, Math.Ceiling((bannedUntil - now).TotalSeconds));
        return new RateDecision(
            418, -1003, $"Way too many requests; IP(127.0.0.1) banned until {until}. Please use the websocket for live updates to avoid bans.",
            retry, usedWeight, orders10Seconds, ordersMinute);
    }
}
