using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class RateLimitTests
{
    private static async Task<(VenueEmulator Emulator, FakeTimeProvider Time)> StartAsync(RateLimitOptions limits)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 5, TimeSpan.Zero));
        var emulator = await VenueEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, RateLimits = limits });
        return (emulator, time);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "";

    [Fact]
    public async Task Binance_weight_header_then_429_then_418_ban_until_it_expires()
    {
        var (emulator, time) = await StartAsync(new RateLimitOptions { BinanceRequestWeightPerMinute = 10, BinanceRejectedRequestsBeforeBan = 2, BinanceBanDuration = TimeSpan.FromMinutes(2) });
        await using var _ = emulator;
        using var client = new BinanceTestClient(emulator.BinanceRestUrl, time);
        for (var i = 1; i <= 10; i++)
        {
            using var ok = await client.PublicAsync("/fapi/v1/time");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(ok, "X-MBX-USED-WEIGHT-1M").ShouldBe(i.ToString(CultureInfo.InvariantCulture));
        }

        using (var limited = await client.PublicAsync("/fapi/v1/time"))
        {
            ((int)limited.StatusCode).ShouldBe(429);
            (await BinanceTestClient.ReadJsonAsync(limited)).Code().ShouldBe(-1003);
            int.Parse(Header(limited, "Retry-After"), CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        }

        using (var limitedAgain = await client.PublicAsync("/fapi/v1/time"))
        {
            ((int)limitedAgain.StatusCode).ShouldBe(429);
        }

        using (var banned = await client.PublicAsync("/fapi/v1/time"))
        {
            ((int)banned.StatusCode).ShouldBe(418);
            var body = await BinanceTestClient.ReadJsonAsync(banned);
            body.Code().ShouldBe(-1003);
            body.Str("msg").ShouldContain("banned until");
            Header(banned, "Retry-After").ShouldBe("120");
        }

        time.Advance(TimeSpan.FromMinutes(1));
        using (var stillBanned = await client.PublicAsync("/fapi/v1/time"))
        {
            ((int)stillBanned.StatusCode).ShouldBe(418);
        }

        time.Advance(TimeSpan.FromMinutes(1.1));
        using var free = await client.PublicAsync("/fapi/v1/time");
        free.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(free, "X-MBX-USED-WEIGHT-1M").ShouldBe("1");
    }

    [Fact]
    public async Task Binance_order_count_headers_and_10s_order_limit()
    {
        var (emulator, time) = await StartAsync(new RateLimitOptions { BinanceOrdersPer10Seconds = 3 });
        await using var _ = emulator;
        using var client = new BinanceTestClient(emulator.BinanceRestUrl, time);
        for (var i = 1; i <= 3; i++)
        {
            using var ok = await client.SignedAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(ok, "X-MBX-ORDER-COUNT-10S").ShouldBe(i.ToString(CultureInfo.InvariantCulture));
            Header(ok, "X-MBX-ORDER-COUNT-1M").ShouldBe(i.ToString(CultureInfo.InvariantCulture));
        }

        using var limited = await client.SignedAsync(HttpMethod.Post, "/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01");
        ((int)limited.StatusCode).ShouldBe(429);
        (await BinanceTestClient.ReadJsonAsync(limited)).Code().ShouldBe(-1015);
        emulator.GetLedger(EmulatorVenue.Binance).Orders.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Okx_per_endpoint_limits_answer_50011()
    {
        var (emulator, time) = await StartAsync(new RateLimitOptions { OkxLimitMultiplier = 0.05 });
        await using var _ = emulator;
        using var client = new OkxTestClient(emulator.OkxRestUrl, time);
        var (first, _) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}");
        first.ShouldBe(200);
        for (var i = 0; i < 2; i++)
        {
            await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}");
        }

        var (status, body) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}");
        status.ShouldBe(429);
        body.Str("code").ShouldBe("50011");
        var (ethStatus, _) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"ETH-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}");
        ethStatus.ShouldBe(200);
        time.Advance(TimeSpan.FromSeconds(2));
        var (after, _) = await client.JsonAsync(HttpMethod.Post, "/api/v5/trade/order", "{\"instId\":\"BTC-USDT-SWAP\",\"tdMode\":\"cross\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":\"1\"}");
        after.ShouldBe(200);
    }

    [Fact]
    public async Task Forced_429_and_418_faults()
    {
        var (emulator, time) = await StartAsync(new RateLimitOptions());
        await using var _ = emulator;
        using var binance = new BinanceTestClient(emulator.BinanceRestUrl, time);
        using var okx = new OkxTestClient(emulator.OkxRestUrl, time);
        emulator.Faults.Binance.ForceRateLimit(429, 1);
        using (var limited = await binance.PublicAsync("/fapi/v1/ping"))
        {
            ((int)limited.StatusCode).ShouldBe(429);
        }

        using (var ok = await binance.PublicAsync("/fapi/v1/ping"))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        emulator.Faults.Binance.ForceRateLimit(418);
        using (var banned = await binance.PublicAsync("/fapi/v1/ping"))
        {
            ((int)banned.StatusCode).ShouldBe(418);
        }

        using (var stillBanned = await binance.PublicAsync("/fapi/v1/ping"))
        {
            ((int)stillBanned.StatusCode).ShouldBe(418);
        }

        emulator.Faults.Binance.Reset();
        using (var lifted = await binance.PublicAsync("/fapi/v1/ping"))
        {
            lifted.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        emulator.Faults.Okx.ForceRateLimit(429, 1);
        var response = await okx.PublicAsync("/api/v5/public/time");
        response.Str("code").ShouldBe("50011");
        (await okx.PublicAsync("/api/v5/public/time")).Str("code").ShouldBe("0");
    }
}
