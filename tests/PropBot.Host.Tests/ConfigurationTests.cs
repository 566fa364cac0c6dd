using Microsoft.Extensions.Configuration;
using PropBot.Host.Configuration;

namespace PropBot.Host.Tests;

public sealed class DotEnvTests
{
    [Fact]
    public void Parse_CommentsQuotesExport_ReadsValues()
    {
        var values = DotEnv.Parse("""
            # comment
            EXCHANGE_PROFILE=testnet      # trailing comment
            export SAFE_MODE=false
            OKX_API_PASSPHRASE_TESTNET="pass # not a comment"
            BINANCE_UM_API_KEY_TESTNET='abc'
            EMPTY=
            not a line
            """);

        values["EXCHANGE_PROFILE"].ShouldBe("testnet");
        values["SAFE_MODE"].ShouldBe("false");
        values["OKX_API_PASSPHRASE_TESTNET"].ShouldBe("pass # not a comment");
        values["BINANCE_UM_API_KEY_TESTNET"].ShouldBe("abc");
        values["EMPTY"].ShouldBe("");
        values.Count.ShouldBe(5);
    }
}

public sealed class HostSettingsValidatorTests
{
    [Theory]
    [InlineData("paper")]
    [InlineData("testnet")]
    [InlineData("live")]
    public void Errors_CommittedProfileFiles_AreValid(string profile)
    {
        var settings = Load(profile);

        HostSettingsValidator.Errors(settings).ShouldBeEmpty();
        settings.SafeMode.ShouldBeTrue();
    }

    [Fact]
    public void Errors_LiveProfile_IsTighterThanTestnet()
    {
        var live = Load("live");
        var testnet = Load("testnet");

        live.Derivatives.Arbitrage.MinEdgeBps.ShouldBeGreaterThan(testnet.Derivatives.Arbitrage.MinEdgeBps);
        live.Risk.NotionalCaps.TotalUsd.ShouldBeLessThan(testnet.Risk.NotionalCaps.TotalUsd);
        live.Guards.ClockSkewGuardMs.ShouldBeLessThan(testnet.Guards.ClockSkewGuardMs);
        live.Derivatives.Venues.ShouldAllBe(v => v.Routing.Rest.StartsWith("https://", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_InvalidValues_NameEveryKey()
    {
        var settings = Load("paper", new Dictionary<string, string?>
        {
            ["EXCHANGE_PROFILE"] = "prod",
            ["SAFE_MODE"] = "maybe",
            ["derivatives:venues:0:leverage"] = "0",
            ["derivatives:venues:1:margin_type"] = "portfolio",
            ["derivatives:arbitrage:pairs:0:long:symbol"] = "DOGEUSDT",
            ["risk:notional_caps:per_symbol_usd"] = "-1",
            ["derivatives:venues:1:routing:rest"] = "ftp://x",
        });

        var errors = HostSettingsValidator.Errors(settings);

        errors.ShouldBe(
        [
            "EXCHANGE_PROFILE must be paper, testnet or live, was 'prod'",
            "SAFE_MODE must be true or false, was 'maybe'",
            "derivatives:venues:0:leverage must be between 1 and 125, was 0",
            "derivatives:venues:1:margin_type must be isolated or cross, was 'portfolio'",
            "derivatives:venues:1:routing:rest must be an absolute https:// URL or 'emulator', was 'ftp://x'",
            "derivatives:arbitrage:pairs:0:long:symbol must be one of binance_um's symbols (BTCUSDT, ETHUSDT), was 'DOGEUSDT'",
            "risk:notional_caps:per_symbol_usd must be > 0, was -1",
        ]);
    }

    private static HostSettings Load(string profile, IDictionary<string, string?>? overrides = null)
    {
        var dir = ProfileConfiguration.FindConfigsDirectory(AppContext.BaseDirectory)!;
        var configuration = new ConfigurationBuilder()
            .AddYamlFile(Path.Combine(dir, $"config.{profile}.yaml"))
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        var settings = new HostSettings();
        configuration.Bind(settings);
        return settings;
    }
}
