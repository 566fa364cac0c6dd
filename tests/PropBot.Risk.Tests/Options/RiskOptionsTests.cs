using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PropBot.Risk.Tests.Options;

public class RiskOptionsTests
{
    [Fact]
    public void Ctor_Ok()
    {
        var o = new RiskOptions();
        o.NotionalCaps.PerOrderUsd.ShouldBeNull();
        o.NotionalCaps.PerSymbolUsd.ShouldBe(2000m);
        o.NotionalCaps.PerVenueUsd.ShouldBe(5000m);
        o.NotionalCaps.TotalUsd.ShouldBe(8000m);
        o.CrossVenueDeltaAbsMaxUsd.ShouldBe(200m);
        o.DeltaBreachGraceMs.ShouldBe(3000);
        o.MarginHeadroom.Buffer.ShouldBe(0.5m);
        o.MarginHeadroom.MaxMaintenanceMarginRatio.ShouldBe(0.5m);
        o.Guards.CancelOnDisconnect.ShouldBeTrue();
        o.Guards.ClockSkewGuardMs.ShouldBe(150);
        o.Guards.SnapshotDiffCheck.ShouldBeTrue();
        o.Guards.SnapshotDiffToleranceUsd.ShouldBe(1m);
        o.Guards.SnapshotDiffGraceMs.ShouldBe(5000);
        o.Guards.PositionPollIntervalMs.ShouldBe(5000);
        o.Guards.MaxBookAgeMs.ShouldBe(1000);
        o.Guards.MaxCrossVenueSkewMs.ShouldBe(250);
        o.Guards.MaxFeedAgeMs.ShouldBe(5000);
        o.Guards.DeadManTimeoutMs.ShouldBe(15000);
        o.Guards.HeartbeatIntervalMs.ShouldBe(5000);
        o.Guards.RunawayBreaker.PlacePerMin.ShouldBe(120);
        o.Guards.RunawayBreaker.CancelPerMin.ShouldBe(240);
        o.Guards.RunawayBreaker.RescuesPerMin.ShouldBe(3);
        o.Guards.RunawayBreaker.MaxFillMismatchRatio.ShouldBe(0.5m);
        o.Guards.RunawayBreaker.MinFillSamples.ShouldBe(4);
        o.Funding.IncludeNextWindow.ShouldBeTrue();
        o.Funding.AvoidWindowMinutes.ShouldBe(5);
        o.Venues.ShouldBeEmpty();
        RiskOptionsValidator.Collect(o).ShouldBeEmpty();
    }

    [Fact]
    public void InvalidOptions()
    {
        var o = new RiskOptions();
        o.NotionalCaps.PerOrderUsd = 0m;
        o.NotionalCaps.PerSymbolUsd = -1m;
        o.NotionalCaps.PerVenueUsd = 0m;
        o.NotionalCaps.TotalUsd = 0m;
        o.CrossVenueDeltaAbsMaxUsd = 0m;
        o.DeltaBreachGraceMs = -1;
        o.MarginHeadroom.Buffer = 1m;
        o.Guards.ClockSkewGuardMs = 0;
        o.Guards.SnapshotDiffToleranceUsd = -0.5m;
        o.Guards.SnapshotDiffGraceMs = -1;
        o.Guards.PositionPollIntervalMs = 99;
        o.Guards.MaxBookAgeMs = 0;
        o.Guards.MaxCrossVenueSkewMs = 0;
        o.Guards.MaxFeedAgeMs = 0;
        o.Guards.DeadManTimeoutMs = 5000;
        o.Guards.HeartbeatIntervalMs = 50;
        o.Guards.RunawayBreaker.PlacePerMin = 0;
        o.Guards.RunawayBreaker.CancelPerMin = 0;
        o.Guards.RunawayBreaker.RescuesPerMin = 0;
        o.Guards.RunawayBreaker.MaxFillMismatchRatio = 0m;
        o.Guards.RunawayBreaker.MinFillSamples = 0;
        o.Funding.AvoidWindowMinutes = -1;
        o.Venues = [new RiskVenueOptions { Id = "Binance UM" }];

        var message = Should.Throw<OptionsValidationException>(() => Resolve(o)).Message;

        message.ShouldBe("""
            risk:notional_caps:per_order_usd must be > 0, was 0; risk:notional_caps:per_symbol_usd must be > 0, was -1; risk:notional_caps:per_venue_usd must be > 0, was 0; risk:notional_caps:total_usd must be > 0, was 0; risk:cross_venue_delta_abs_max_usd must be > 0, was 0; risk:delta_breach_grace_ms must be between 0 and 600000, was -1; risk:margin_headroom:buffer must be >= 0 and < 1, was 1; guards:clock_skew_guard_ms must be between 1 and 60000, was 0; guards:snapshot_diff_tolerance_usd must be >= 0, was -0.5; guards:snapshot_diff_grace_ms must be between 0 and 600000, was -1; guards:position_poll_interval_ms must be between 100 and 600000, was 99; guards:max_book_age_ms must be between 1 and 600000, was 0; guards:max_cross_venue_skew_ms must be between 1 and 600000, was 0; guards:max_feed_age_ms must be between 1 and 600000, was 0; guards:dead_man_timeout_ms must be between 10000 and 120000, was 5000; guards:heartbeat_interval_ms must be between 100 and 120000, was 50; guards:runaway_breaker:place_per_min must be between 1 and 100000, was 0; guards:runaway_breaker:cancel_per_min must be between 1 and 100000, was 0; guards:runaway_breaker:rescues_per_min must be between 1 and 100000, was 0; guards:runaway_breaker:max_fill_mismatch_ratio must be > 0 and <= 1, was 0; guards:runaway_breaker:min_fill_samples must be between 1 and 100000, was 0; derivatives:funding:avoid_window_minutes must be between 0 and 1440, was -1; derivatives:venues:0:id must be 1-32 lower-case letters, digits or underscores, was 'Binance UM'
            """);
    }

    [Fact]
    public void InvalidOptions_CapsOutOfOrder()
    {
        var o = new RiskOptions();
        o.NotionalCaps.PerOrderUsd = 3000m;
        o.NotionalCaps.PerSymbolUsd = 2500m;
        o.NotionalCaps.PerVenueUsd = 2000m;
        o.NotionalCaps.TotalUsd = 1000m;
        o.Guards.HeartbeatIntervalMs = 7501;

        var message = Should.Throw<OptionsValidationException>(() => Resolve(o)).Message;

        message.ShouldBe("""
            risk:notional_caps:per_order_usd must be <= risk:notional_caps:per_symbol_usd (2500), was 3000; risk:notional_caps:per_symbol_usd must be <= risk:notional_caps:per_venue_usd (2000), was 2500; risk:notional_caps:per_venue_usd must be <= risk:notional_caps:total_usd (1000), was 2000; guards:heartbeat_interval_ms must be <= half of guards:dead_man_timeout_ms (15000), was 7501
            """);
    }

    [Fact]
    public void InvalidOptions_CapsEqual_Valid()
    {
        var o = new RiskOptions();
        o.NotionalCaps.PerOrderUsd = 1000m;
        o.NotionalCaps.PerSymbolUsd = 1000m;
        o.NotionalCaps.PerVenueUsd = 1000m;
        o.NotionalCaps.TotalUsd = 1000m;
        o.Guards.HeartbeatIntervalMs = 7500;
        RiskOptionsValidator.Collect(o).ShouldBeEmpty();
    }

    [Fact]
    public void Bind_SpecYamlKeys_FromRootConfiguration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["derivatives:venues:0:id"] = "binance_um",
            ["derivatives:venues:0:symbols:0"] = "BTCUSDT",
            ["derivatives:venues:0:symbols:1"] = "ETHUSDT",
            ["derivatives:venues:0:leverage"] = "10",
            ["derivatives:venues:1:id"] = "okx_perp",
            ["derivatives:venues:1:symbols:0"] = "BTC-USDT-SWAP",
            ["derivatives:funding:include_next_window"] = "false",
            ["derivatives:funding:avoid_window_minutes"] = "7",
            ["risk:notional_caps:per_order_usd"] = "500",
            ["risk:notional_caps:per_symbol_usd"] = "1500",
            ["risk:notional_caps:per_venue_usd"] = "4000",
            ["risk:notional_caps:total_usd"] = "7000",
            ["risk:cross_venue_delta_abs_max_usd"] = "150",
            ["risk:delta_breach_grace_ms"] = "1000",
            ["risk:margin_headroom:buffer"] = "0.6",
            ["guards:cancel_on_disconnect"] = "false",
            ["guards:clock_skew_guard_ms"] = "120",
            ["guards:snapshot_diff_check"] = "false",
            ["guards:snapshot_diff_tolerance_usd"] = "2",
            ["guards:snapshot_diff_grace_ms"] = "0",
            ["guards:position_poll_interval_ms"] = "0",
            ["guards:max_book_age_ms"] = "800",
            ["guards:max_cross_venue_skew_ms"] = "200",
            ["guards:max_feed_age_ms"] = "3000",
            ["guards:dead_man_timeout_ms"] = "20000",
            ["guards:heartbeat_interval_ms"] = "4000",
            ["guards:runaway_breaker:place_per_min"] = "100",
            ["guards:runaway_breaker:cancel_per_min"] = "200",
            ["guards:runaway_breaker:rescues_per_min"] = "2",
            ["guards:runaway_breaker:max_fill_mismatch_ratio"] = "0.3",
            ["guards:runaway_breaker:min_fill_samples"] = "6",
        }).Build();

        var o = new ServiceCollection().AddPropBotRisk(config).BuildServiceProvider().GetRequiredService<IOptions<RiskOptions>>().Value;

        o.NotionalCaps.PerOrderUsd.ShouldBe(500m);
        o.NotionalCaps.PerSymbolUsd.ShouldBe(1500m);
        o.NotionalCaps.PerVenueUsd.ShouldBe(4000m);
        o.NotionalCaps.TotalUsd.ShouldBe(7000m);
        o.CrossVenueDeltaAbsMaxUsd.ShouldBe(150m);
        o.DeltaBreachGraceMs.ShouldBe(1000);
        o.MarginHeadroom.Buffer.ShouldBe(0.6m);
        o.Guards.CancelOnDisconnect.ShouldBeFalse();
        o.Guards.ClockSkewGuardMs.ShouldBe(120);
        o.Guards.SnapshotDiffCheck.ShouldBeFalse();
        o.Guards.SnapshotDiffToleranceUsd.ShouldBe(2m);
        o.Guards.SnapshotDiffGraceMs.ShouldBe(0);
        o.Guards.PositionPollIntervalMs.ShouldBe(0);
        o.Guards.MaxBookAgeMs.ShouldBe(800);
        o.Guards.MaxCrossVenueSkewMs.ShouldBe(200);
        o.Guards.MaxFeedAgeMs.ShouldBe(3000);
        o.Guards.DeadManTimeoutMs.ShouldBe(20000);
        o.Guards.HeartbeatIntervalMs.ShouldBe(4000);
        o.Guards.RunawayBreaker.PlacePerMin.ShouldBe(100);
        o.Guards.RunawayBreaker.CancelPerMin.ShouldBe(200);
        o.Guards.RunawayBreaker.RescuesPerMin.ShouldBe(2);
        o.Guards.RunawayBreaker.MaxFillMismatchRatio.ShouldBe(0.3m);
        o.Guards.RunawayBreaker.MinFillSamples.ShouldBe(6);
        o.Funding.IncludeNextWindow.ShouldBeFalse();
        o.Funding.AvoidWindowMinutes.ShouldBe(7);
        o.Venues.Count.ShouldBe(2);
        o.Venues[0].Id.ShouldBe("binance_um");
        o.Venues[0].Symbols.ShouldBe(["BTCUSDT", "ETHUSDT"]);
        o.Venues[1].Symbols.ShouldBe(["BTC-USDT-SWAP"]);
    }

    [Fact]
    public void Bind_InvalidConfiguration_RejectedNamingKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["risk:notional_caps:per_symbol_usd"] = "6000",
        }).Build();

        var sp = new ServiceCollection().AddPropBotRisk(config).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RiskOptions>>().Value)
            .Message.ShouldBe("risk:notional_caps:per_symbol_usd must be <= risk:notional_caps:per_venue_usd (5000), was 6000");
    }

    [Fact]
    public void AddPropBotRisk_InvalidOptions_FailStartupValidation()
    {
        var sp = new ServiceCollection().AddPropBotRisk(o => o.CrossVenueDeltaAbsMaxUsd = -5m).BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate())
            .Message.ShouldBe("risk:cross_venue_delta_abs_max_usd must be > 0, was -5");
    }

    private static RiskOptions Resolve(RiskOptions source) =>
        new ServiceCollection()
            .AddPropBotRisk(o =>
            {
                o.NotionalCaps = source.NotionalCaps;
                o.CrossVenueDeltaAbsMaxUsd = source.CrossVenueDeltaAbsMaxUsd;
                o.DeltaBreachGraceMs = source.DeltaBreachGraceMs;
                o.MarginHeadroom = source.MarginHeadroom;
                o.Guards = source.Guards;
                o.Funding = source.Funding;
                o.Venues = source.Venues;
            })
            .BuildServiceProvider()
            .GetRequiredService<IOptions<RiskOptions>>().Value;
}
