using PropBot.Exchanges.Okx;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Okx;

/// <summary>Read-only checks against OKX demo trading; skipped with a visible reason when the demo keys are absent.</summary>
public class OkxDemoIntegrationTests
{
    private static IOkxSwapClient Demo() => OkxSwapClientFactory.Create(new OkxSwapOptions
    {
        Environment = "demo",
        ApiKey = Environment.GetEnvironmentVariable("OKX_API_KEY_TESTNET") ?? string.Empty,
        ApiSecret = Environment.GetEnvironmentVariable("OKX_API_SECRET_TESTNET") ?? string.Empty,
        Passphrase = Environment.GetEnvironmentVariable("OKX_API_PASSPHRASE_TESTNET") ?? string.Empty,
        RequestTimeout = TimeSpan.FromSeconds(15),
    });

    [LiveVenueFact("OKX_API_KEY_TESTNET", "OKX_API_SECRET_TESTNET", "OKX_API_PASSPHRASE_TESTNET")]
    public async Task Demo_TimeFiltersConfigBalanceAndPositions()
    {
        await using var client = Demo();

        (await client.GetServerTimeAsync()).Success.ShouldBeTrue();
        var filters = (await client.GetFiltersAsync("BTC-USDT-SWAP")).Data!;
        filters.ContractSize.ShouldBeGreaterThan(0m);
        (await client.GetAccountConfigurationAsync()).Success.ShouldBeTrue();
        (await client.GetAccountMarginAsync()).Success.ShouldBeTrue();
        (await client.GetPositionsAsync()).Success.ShouldBeTrue();
        (await client.GetFundingInfoAsync("BTC-USDT-SWAP")).Data!.Interval.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [LiveVenueFact("OKX_API_KEY_TESTNET", "OKX_API_SECRET_TESTNET", "OKX_API_PASSPHRASE_TESTNET")]
    public async Task Demo_UnknownClientOrderId_NotFound()
    {
        await using var client = Demo();

        var r = await client.GetOrderAsync(new OrderLookup { Symbol = "BTC-USDT-SWAP", ClientOrderId = new ClientOrderId("pbnoneexisting1") });

        r.Error!.Kind.ShouldBe(VenueErrorKind.NotFound);
    }
}
