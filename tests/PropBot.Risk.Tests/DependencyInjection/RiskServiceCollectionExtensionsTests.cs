using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.DependencyInjection;

public class RiskServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPropBotRisk_ResolvesEveryServiceAsSingletons()
    {
        var time = new FakeTimeProvider(RiskKit.Start);
        var binance = new FakeVenue(VenueId.BinanceUsdFutures, time.GetUtcNow);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(binance.Client)
            .AddPropBotRisk(o => o.NotionalCaps.PerSymbolUsd = 1000m);
        await using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IOptions<RiskOptions>>().Value.NotionalCaps.PerSymbolUsd.ShouldBe(1000m);
        var state = sp.GetRequiredService<ITradingStateController>();
        sp.GetRequiredService<ITradingStateController>().ShouldBeSameAs(state);
        sp.GetRequiredService<IRiskGate>().ShouldBeOfType<RiskGate>();
        sp.GetRequiredService<IRunawayBreaker>().ShouldBeOfType<RunawayBreaker>();
        sp.GetRequiredService<IKillSwitch>().ShouldBeOfType<PropBot.Risk.KillSwitch>();
        sp.GetRequiredService<IFlattenRequestHandler>().ShouldBeOfType<DerivClientFlattenHandler>();
        sp.GetRequiredService<ExposureBook>().ShouldNotBeNull();
        sp.GetRequiredService<ExposureMonitor>().ShouldNotBeNull();
        sp.GetRequiredService<MarginHeadroomMonitor>().ShouldNotBeNull();
        sp.GetRequiredService<RiskEvents>().ShouldNotBeNull();
        sp.GetRequiredService<CancelOnDisconnectSupervisor>().ShouldNotBeNull();
        sp.GetServices<IHostedService>().Count().ShouldBe(2);

        state.Escalate(TradingState.Halted, "x", "y");
        (await sp.GetRequiredService<IKillSwitch>().ActivateAsync("op", "drill")).State.ShouldBe(TradingState.Halted);
        state.LastChange!.Time.ShouldBe(RiskKit.Start);
    }

    [Fact]
    public void AddPropBotRisk_CustomFlattenHandler_NotReplaced()
    {
        var custom = NSubstitute.Substitute.For<IFlattenRequestHandler>();
        var sp = new ServiceCollection().AddSingleton(custom).AddPropBotRisk(_ => { }).BuildServiceProvider();
        sp.GetRequiredService<IFlattenRequestHandler>().ShouldBeSameAs(custom);
    }

    [Fact]
    public void AddPropBotRisk_Twice_RegistersOnce()
    {
        var services = new ServiceCollection().AddPropBotRisk(_ => { }).AddPropBotRisk(_ => { });
        services.Count(d => d.ServiceType == typeof(IRiskGate)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IHostedService)).ShouldBe(2);
    }
}
