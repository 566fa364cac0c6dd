using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PropBot.Exchanges.Binance;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceOptionsTests
{
    [Fact]
    public void Ctor_Ok_PinsDefaults()
    {
        var o = new BinanceUsdFuturesOptions();

        o.Environment.ShouldBe("demo");
        o.RecvWindowMs.ShouldBe(5000);
        o.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        o.FiltersCacheTtl.ShouldBe(TimeSpan.FromMinutes(15));
        o.FeeSource.ShouldBe("auto");
        o.ManualMakerFeeBps.ShouldBe(2.0m);
        o.ManualTakerFeeBps.ShouldBe(5.0m);
        o.ReservedRateLimitShare.ShouldBe(0.2);
        o.StreamMaxLifetime.ShouldBe(TimeSpan.FromHours(23.5));
        o.SubscribeDepth5.ShouldBeTrue();
    }

    [Fact]
    public void InvalidOptions_CrossFieldRules_MessagesNameTheKey()
    {
        var result = new BinanceUsdFuturesOptionsValidator().Validate(null, new BinanceUsdFuturesOptions
        {
            Environment = "custom",
            ApiKey = "k",
            WebSocketBaseUrl = "http://wrong",
            FeeSource = "sometimes",
            ManualMakerFeeBps = 9m,
        });

        result.Failures.ShouldBe([
            "binance:routing:rest is required when binance:environment is custom, was empty.",
            "binance:routing:ws must be an absolute ws/wss URL, was 'http://wrong'.",
            "binance:api_key and binance:api_secret must be set together, was only one of them.",
            "binance:fee_source must be auto or manual, was 'sometimes'.",
            "binance:maker_bps must be <= binance:taker_bps, was 9 > 5.0.",
        ]);
    }

    [Fact]
    public void InvalidOptions_UnknownEnvironment_Named() =>
        new BinanceUsdFuturesOptionsValidator().Validate(null, new BinanceUsdFuturesOptions { Environment = "moon" })
            .Failures.ShouldBe(["binance:environment must be live, demo, testnet or custom, was 'moon'."]);

    [Theory]
    [InlineData("live", "https://fapi.binance.com/", "wss://fstream.binance.com/")]
    [InlineData("demo", "https://demo-fapi.binance.com/", "wss://demo-fstream.binance.com/")]
    [InlineData("testnet", "https://testnet.binancefuture.com/", "wss://fstream.binancefuture.com/")]
    public void Resolve_NamedEnvironment_Hosts(string name, string rest, string ws)
    {
        var env = BinanceEnvironment.Resolve(new BinanceUsdFuturesOptions { Environment = name });

        env.Name.ShouldBe(name);
        env.RestBaseUrl.ToString().ShouldBe(rest);
        env.WebSocketBaseUrl.ToString().ShouldBe(ws);
        env.IsLive.ShouldBe(name == "live");
    }

    [Fact]
    public void Resolve_RestOverride_Custom()
    {
        var env = BinanceEnvironment.Resolve(new BinanceUsdFuturesOptions { Environment = "demo", RestBaseUrl = "http://127.0.0.1:9000" });

        env.Name.ShouldBe("custom");
        env.RestBaseUrl.ShouldBe(new Uri("http://127.0.0.1:9000"));
        env.WebSocketBaseUrl.ShouldBe(BinanceEnvironment.Demo.WebSocketBaseUrl);
    }

    [Fact]
    public void AddPropBotBinanceUsdFutures_Configuration_BindsSnakeCaseAndRouting()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["environment"] = "testnet",
            ["api_key"] = "k",
            ["api_secret"] = "s",
            ["recv_window_ms"] = "3000",
            ["routing:rest"] = "http://127.0.0.1:9000",
            ["routing:ws"] = "ws://127.0.0.1:9001",
        }).Build();
        var services = new ServiceCollection().AddPropBotBinanceUsdFutures(config).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BinanceUsdFuturesOptions>>().Value;
        var client = services.GetRequiredService<IBinanceUsdFuturesClient>();

        options.RecvWindowMs.ShouldBe(3000);
        options.ApiKey.ShouldBe("k");
        client.Environment.RestBaseUrl.ShouldBe(new Uri("http://127.0.0.1:9000"));
        client.Environment.WebSocketBaseUrl.ShouldBe(new Uri("ws://127.0.0.1:9001"));
    }

    [Fact]
    public void AddPropBotBinanceUsdFutures_InvalidOptions_ThrowsOnResolve()
    {
        var services = new ServiceCollection().AddPropBotBinanceUsdFutures(o => o.RecvWindowMs = 0).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<BinanceUsdFuturesOptions>>().Value);
    }

    [Fact]
    public async Task AddPropBotBinanceUsdFutures_WithOkx_BothResolveAsKeyedDerivClients()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPropBotBinanceUsdFutures(o => o.Environment = "testnet");
        services.AddPropBotOkxSwap(o => o.Environment = "demo");
        await using var sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var binance = sp.GetRequiredKeyedService<IDerivClient>(VenueId.BinanceUsdFutures.Value);
        var okx = sp.GetRequiredKeyedService<IDerivClient>(VenueId.OkxSwap.Value);

        binance.ShouldBeSameAs(sp.GetRequiredService<IBinanceUsdFuturesClient>());
        binance.Venue.ShouldBe(VenueId.BinanceUsdFutures);
        okx.ShouldBeSameAs(sp.GetRequiredService<PropBot.Exchanges.Okx.IOkxSwapClient>());
        okx.Venue.ShouldBe(VenueId.OkxSwap);
        sp.GetKeyedService<IDerivClient>("binance_um").ShouldBeSameAs(binance);
    }

    [Fact]
    public async Task AddPropBotBinanceUsdFutures_CalledTwice_OneKeyedClient()
    {
        var services = new ServiceCollection();
        services.AddPropBotBinanceUsdFutures(o => o.Environment = "testnet");
        services.AddPropBotBinanceUsdFutures(o => o.RecvWindowMs = 4_000);
        await using var sp = services.BuildServiceProvider();

        sp.GetKeyedServices<IDerivClient>("binance_um").Count().ShouldBe(1);
        sp.GetRequiredService<IOptions<BinanceUsdFuturesOptions>>().Value.RecvWindowMs.ShouldBe(4_000);
    }

    [Fact]
    public void Create_Factory_ValidatesAndBuilds()
    {
        Should.Throw<OptionsValidationException>(() => BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions { Environment = "moon" }));
        BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions()).Environment.ShouldBe(BinanceEnvironment.Demo);
    }
}

public class BinanceSymbolMapperTests
{
    [Theory]
    [InlineData("BTC-USDT-PERP", "BTCUSDT")]
    [InlineData("1000PEPE-USDT-PERP", "1000PEPEUSDT")]
    [InlineData("ETH-USDC-PERP", "ETHUSDC")]
    public void ToVenueSymbol_AndBack_RoundTrips(string unified, string venue)
    {
        BinanceSymbolMapper.Instance.ToVenueSymbol(UnifiedSymbol.Parse(unified)).ShouldBe(venue);
        BinanceSymbolMapper.Instance.TryToUnified(venue, out var back).ShouldBeTrue();
        back.ToString().ShouldBe(unified);
    }

    [Theory]
    [InlineData("BTCUSDT_260327")]
    [InlineData("USDT")]
    [InlineData("")]
    [InlineData("BTCEUR")]
    public void TryToUnified_NotAPerpetual_False(string venue) => BinanceSymbolMapper.Instance.TryToUnified(venue, out _).ShouldBeFalse();
}
