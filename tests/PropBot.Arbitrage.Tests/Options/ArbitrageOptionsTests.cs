using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PropBot.Arbitrage.Tests.Options;

public sealed class ArbitrageOptionsTests
{
    [Fact]
    public void Ctor_Ok()
    {
        var o = new ArbitrageOptions();

        o.MinEdgeBps.ShouldBe(6m);
        o.MaxLatencyMs.ShouldBe(250);
        o.MaxLegSlippageBps.ShouldBe(3m);
        o.PreferMaker.ShouldBeFalse();
        o.PostOnlyMaker.ShouldBeTrue();
        o.PartialFillPolicy.ShouldBe(PartialFillPolicy.RejectIfUnhedged);
        o.ConcurrentLegs.ShouldBeFalse();
        o.LegTimeoutMs.ShouldBe(2_000);
        o.ExecutionTimeoutMs.ShouldBe(15_000);
        o.UnknownOutcomeResolveMs.ShouldBe(3_000);
        o.OrderPollIntervalMs.ShouldBe(100);
        o.MaxBookAgeMs.ShouldBe(1_000);
        o.MaxClockSkewMs.ShouldBe(150);
        o.ExpectedHoldMinutes.ShouldBe(480);
        o.MaxRescueAttempts.ShouldBe(3);
        o.Fees.Source.ShouldBe("auto");
        o.Funding.IncludeNextWindow.ShouldBeTrue();
        o.Funding.AvoidWindowMinutes.ShouldBe(5);
        o.Pairs.ShouldBeEmpty();
        ArbitrageOptionsValidator.Collect(o).ShouldBeEmpty();
    }

    [Fact]
    public void Bind_SpecYamlKeys_BindsEverySection()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["derivatives:venues:0:id"] = "binance_um",
            ["derivatives:venues:0:leverage"] = "10",
            ["derivatives:venues:0:margin_type"] = "isolated",
            ["derivatives:venues:0:position_mode"] = "hedge",
            ["derivatives:arbitrage:pairs:0:long:venue"] = "binance_um",
            ["derivatives:arbitrage:pairs:0:long:symbol"] = "BTCUSDT",
            ["derivatives:arbitrage:pairs:0:short:venue"] = "okx_perp",
            ["derivatives:arbitrage:pairs:0:short:symbol"] = "BTC-USDT-SWAP",
            ["derivatives:arbitrage:min_edge_bps"] = "6",
            ["derivatives:arbitrage:max_latency_ms"] = "250",
            ["derivatives:arbitrage:max_leg_slippage_bps"] = "3",
            ["derivatives:arbitrage:prefer_maker"] = "true",
            ["derivatives:arbitrage:post_only_maker"] = "false",
            ["derivatives:arbitrage:partial_fill_policy"] = "hedge_remaining",
            ["derivatives:fees:source"] = "manual",
            ["derivatives:fees:manual:binance_um:maker_bps"] = "1.8",
            ["derivatives:fees:manual:binance_um:taker_bps"] = "3.6",
            ["derivatives:fees:manual:okx_perp:maker_bps"] = "2.0",
            ["derivatives:fees:manual:okx_perp:taker_bps"] = "5.0",
            ["derivatives:funding:include_next_window"] = "false",
            ["derivatives:funding:avoid_window_minutes"] = "7",
        }).Build();
        using var sp = new ServiceCollection().AddPropBotArbitrage(config).BuildServiceProvider();

        var o = sp.GetRequiredService<IOptions<ArbitrageOptions>>().Value;

        o.Pairs.ShouldHaveSingleItem().Short.Symbol.ShouldBe("BTC-USDT-SWAP");
        o.PreferMaker.ShouldBeTrue();
        o.PostOnlyMaker.ShouldBeFalse();
        o.PartialFillPolicy.ShouldBe(PartialFillPolicy.HedgeRemaining);
        o.Fees.Source.ShouldBe("manual");
        o.Fees.Manual["binance_um"].TakerBps.ShouldBe(3.6m);
        o.Fees.Manual["okx_perp"].MakerBps.ShouldBe(2.0m);
        o.Funding.IncludeNextWindow.ShouldBeFalse();
        o.Funding.AvoidWindowMinutes.ShouldBe(7);
        o.Venues.ShouldHaveSingleItem().Leverage.ShouldBe(10);
        sp.GetRequiredService<IArbitrageEngine>().Pairs.ShouldHaveSingleItem().Name.ShouldBe("BTCUSDT.binance_um/BTC-USDT-SWAP.okx_perp");
    }

    [Fact]
    public void InvalidOptions()
    {
        using var sp = new ServiceCollection().AddPropBotArbitrage(o =>
        {
            o.LegTimeoutMs = 20_000;
            o.MaxLatencyMs = 0;
            o.Pairs.Add(new ArbPairOptions { Long = new() { Venue = "binance_um", Symbol = "BTCUSDT" }, Short = new() { Venue = "binance_um", Symbol = "" } });
            o.Fees.Source = "magic";
            o.Venues.Add(new VenuePostureOptions { Id = "okx_perp", PositionMode = "dual" });
        }).BuildServiceProvider();

        var ex = Should.Throw<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ArbitrageOptions>>().Value);

        ex.Message.ShouldBe("""
            DataAnnotation validation failed for 'ArbitrageOptions' members: 'MaxLatencyMs' with the error: 'The field MaxLatencyMs must be between 1 and 60000.'.; derivatives:arbitrage:leg_timeout_ms must be < execution_timeout_ms (15000), was 20000; derivatives:arbitrage:pairs:0:short:symbol must not be empty, was ''; derivatives:arbitrage:pairs:0 must use two different venues, was binance_um on both legs; derivatives:fees:source must be auto or manual, was 'magic'; derivatives:venues:0:position_mode must be hedge or one_way, was 'dual'
            """);
    }

    [Fact]
    public void Bind_UnknownPartialFillPolicy_FailsNamingTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["derivatives:arbitrage:partial_fill_policy"] = "yolo",
        }).Build();
        using var sp = new ServiceCollection().AddPropBotArbitrage(config).BuildServiceProvider();

        var ex = Should.Throw<InvalidOperationException>(() => sp.GetRequiredService<IOptions<ArbitrageOptions>>().Value);

        ex.ToString().ShouldContain("partial_fill_policy must be reject_if_unhedged or hedge_remaining, was 'yolo'");
    }
}
