using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Binance;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Binance;

/// <summary>Read-only checks against the real Binance demo/testnet; skipped with a visible reason without keys.</summary>
public class BinanceLiveTests
{
    private const string KeyVariable = "BINANCE_UM_API_KEY_TESTNET";
    private const string SecretVariable = "BINANCE_UM_API_SECRET_TESTNET";

    private static IBinanceUsdFuturesClient Client() => BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions
    {
        Environment = "testnet",
        ApiKey = Environment.GetEnvironmentVariable(KeyVariable),
        ApiSecret = Environment.GetEnvironmentVariable(SecretVariable),
        RequestTimeout = TimeSpan.FromSeconds(10),
    });

    [LiveVenueFact(KeyVariable, SecretVariable)]
    public async Task Testnet_TimeFiltersAccount_Read()
    {
        var client = Client();
        (await client.GetServerTimeAsync()).Success.ShouldBeTrue();
        client.Clock.Skew.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await client.GetFiltersAsync("BTCUSDT")).Data!.TickSize.ShouldBeGreaterThan(0m);
        (await client.GetAccountMarginAsync()).Success.ShouldBeTrue();
        (await client.GetPositionModeAsync()).Success.ShouldBeTrue();
    }

    [LiveVenueFact(KeyVariable, SecretVariable)]
    public async Task Testnet_TestOrder_Validates()
    {
        var client = Client();
        var book = (await client.GetBookTopAsync("BTCUSDT")).Data;
        var mode = (await client.GetPositionModeAsync()).Data;
        var result = await client.TestOrderAsync(new OrderRequest
        {
            Symbol = "BTCUSDT",
            Side = OrderSide.Buy,
            Type = OrderType.Limit,
            Price = book.BidPrice * 0.9m,
            Quantity = 0.002m,
            TimeInForce = TimeInForce.GoodTillCanceled,
            PositionSide = mode == PositionMode.Hedge ? PositionSide.Long : PositionSide.Both,
            ClientOrderId = ClientOrderId.Derive("live", "T", new FakeTimeProvider().GetUtcNow().Second),
        });
        result.Success.ShouldBeTrue(result.Error?.ToString());
    }
}
