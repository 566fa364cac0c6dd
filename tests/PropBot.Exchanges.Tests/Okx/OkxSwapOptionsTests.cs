using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxSwapOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var o = new OkxSwapOptions();

        o.Environment.ShouldBe("live");
        o.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        o.ReservedRateLimitShare.ShouldBe(0.2);
        o.FeeSource.ShouldBe("auto");
        (o.ManualMakerFeeBps, o.ManualTakerFeeBps).ShouldBe((2.0m, 5.0m));
        o.BookChannel.ShouldBe("bbo-tbt");
        o.PingInterval.ShouldBe(TimeSpan.FromSeconds(20));
        o.HasCredentials.ShouldBeFalse();
        var env = o.ResolveEnvironment();
        env.ShouldBe(OkxEnvironment.Live);
        env.PublicWebSocketUrl.ShouldBe(new Uri("wss://ws.okx.com/ws/v5/public"));
    }

    [Fact]
    public void ResolveEnvironment_Demo_WspapHostAndHeaderFlag()
    {
        var env = new OkxSwapOptions { Environment = "demo" }.ResolveEnvironment();

        env.IsDemo.ShouldBeTrue();
        env.RestBaseUrl.ShouldBe(new Uri("https://www.okx.com"));
        env.PublicWebSocketUrl.ShouldBe(new Uri("wss://wspap.okx.com/ws/v5/public"));
        env.PublicWebSocketUrl.Port.ShouldBe(443);
    }

    [Fact]
    public void ResolveEnvironment_Custom_OverridesAndAppendsPublicPathOnce()
    {
        var env = new OkxSwapOptions { Environment = "custom", RestBaseUrl = "http://127.0.0.1:5000", WebSocketBaseUrl = "ws://127.0.0.1:5001/" }.ResolveEnvironment();

        env.Name.ShouldBe("custom");
        env.RestBaseUrl.ShouldBe(new Uri("http://127.0.0.1:5000"));
        env.PublicWebSocketUrl.ShouldBe(new Uri("ws://127.0.0.1:5001/ws/v5/public"));
        OkxEnvironment.Custom(new Uri("http://h"), new Uri("ws://h/ws/v5/public")).PublicWebSocketUrl.ShouldBe(new Uri("ws://h/ws/v5/public"));
        OkxEnvironment.Custom(new Uri("http://h"), new Uri("wss://h?brokerId=9999")).PublicWebSocketUrl.ShouldBe(new Uri("wss://h/ws/v5/public?brokerId=9999"));
    }

    [Fact]
    public void ResolveEnvironment_LiveWithDemoFlag_SendsHeader() =>
        new OkxSwapOptions { Demo = true }.ResolveEnvironment().IsDemo.ShouldBeTrue();

    [Fact]
    public void InvalidOptions_EveryProblemNamedByKey()
    {
        var o = new OkxSwapOptions
        {
            Environment = "custom",
            RestBaseUrl = "ftp://x",
            WebSocketBaseUrl = "wss://ws.okx.com:8443",
            RequestTimeout = TimeSpan.Zero,
            PingInterval = TimeSpan.FromSeconds(31),
            ReservedRateLimitShare = 0.95,
            FeeSource = "venue",
            ApiKey = "k",
            BookChannel = "books",
        };

        var result = new OkxSwapOptionsValidator().Validate(null, o);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldBe(
            """
            okx:routing:rest must be an absolute http/https URL, was 'ftp://x'.; okx:routing:ws must not use the retired port 8443, was 'wss://ws.okx.com:8443'.; okx:request_timeout must be between 100 ms and 60 s, was 00:00:00.; okx:ping_interval must be > 0 and < 30 s, was 00:00:31.; okx:book_channel must be bbo-tbt or books5, was 'books'.; okx:reserved_rate_limit_share must be between 0 and 0.9, was 0.95.; okx:fee_source must be auto or manual, was 'venue'.; okx:api_key, okx:api_secret and okx:passphrase must be set together.
            """);
    }

    [Fact]
    public void InvalidOptions_UnknownEnvironment()
    {
        var result = new OkxSwapOptionsValidator().Validate(null, new OkxSwapOptions { Environment = "prod" });

        result.FailureMessage.ShouldBe("okx:environment must be live, demo or custom, was 'prod'.");
    }

    [Fact]
    public void Factory_InvalidOptions_Throws() =>
        Should.Throw<ArgumentException>(() => OkxSwapClientFactory.Create(new OkxSwapOptions { Environment = "custom" }));

    [Fact]
    public async Task AddPropBotOkxSwap_Configuration_BindsSnakeCaseKeys()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["okx:environment"] = "demo",
            ["okx:api_key"] = "k",
            ["okx:api_secret"] = "s",
            ["okx:passphrase"] = "p",
            ["okx:request_timeout"] = "00:00:03",
            ["okx:fee_source"] = "manual",
            ["okx:maker_bps"] = "2",
            ["okx:taker_bps"] = "5",
            ["okx:routing:rest"] = "http://127.0.0.1:9",
            ["okx:routing:ws"] = "ws://127.0.0.1:9",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();

        services.AddPropBotOkxSwap(config.GetSection("okx"));
        await using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<OkxSwapOptions>>().Value;
        options.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(3));
        options.ManualTakerFeeBps.ShouldBe(5m);
        options.RestBaseUrl.ShouldBe("http://127.0.0.1:9");
        var client = sp.GetRequiredService<IOkxSwapClient>();
        client.Environment.IsDemo.ShouldBeTrue();
        client.Environment.PublicWebSocketUrl.ShouldBe(new Uri("ws://127.0.0.1:9/ws/v5/public"));
        sp.GetRequiredKeyedService<IDerivClient>("okx_perp").ShouldBeSameAs(client);
        (await client.GetFeesAsync("BTC-USDT-SWAP")).Data.ShouldBe(new FeeRates(2m, 5m, FeeSource.Manual));
    }

    [Fact]
    public void AddPropBotOkxSwap_Delegate_ValidatedOnStart()
    {
        var services = new ServiceCollection();
        services.AddPropBotOkxSwap(o => o.Environment = "nowhere");
        using var sp = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => sp.GetRequiredService<IOptions<OkxSwapOptions>>().Value)
            .Message.ShouldContain("okx:environment must be live, demo or custom");
    }
}
