using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;
using PropBot.Risk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the risk package.</summary>
public static class RiskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the risk package with options bound from the <b>root</b> configuration (the whole YAML document), because
    /// they span several sections: <c>risk</c> (caps, delta limit, margin headroom), <c>guards</c>,
    /// <c>derivatives:funding</c> and <c>derivatives:venues</c> (ids and symbols). Options are validated at start.
    /// </summary>
    public static IServiceCollection AddPropBotRisk(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPropBotRiskCore(o => Bind(configuration, o));
    }

    /// <summary>Adds the risk package with options set in code. Options are validated at start.</summary>
    public static IServiceCollection AddPropBotRisk(this IServiceCollection services, Action<RiskOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPropBotRiskCore(configure);
    }

    /// <summary>Binds <see cref="RiskOptions"/> from the root configuration's sections.</summary>
    internal static void Bind(IConfiguration root, RiskOptions options)
    {
        root.GetSection("risk").Bind(options);
        root.GetSection("guards").Bind(options.Guards);
        root.GetSection("derivatives:funding").Bind(options.Funding);
        root.GetSection("derivatives:venues").Bind(options.Venues);
    }

    private static IServiceCollection AddPropBotRiskCore(this IServiceCollection services, Action<RiskOptions> configure)
    {
        services.AddOptions<RiskOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiskOptions>, RiskOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RiskMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<RiskEvents>();
        services.TryAddSingleton<ExposureBook>();
        services.TryAddSingleton<ITradingStateController>(sp => new TradingStateController(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RiskMetrics>()));
        services.TryAddSingleton<IRunawayBreaker>(sp => new RunawayBreaker(
            sp.GetRequiredService<IOptions<RiskOptions>>(), sp.GetRequiredService<ITradingStateController>(), sp.GetRequiredService<RiskEvents>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RiskMetrics>()));
        services.TryAddSingleton(sp => new MarginHeadroomMonitor(
            sp.GetRequiredService<IOptions<RiskOptions>>(), sp.GetRequiredService<ITradingStateController>(), sp.GetRequiredService<RiskEvents>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ExposureMonitor(
            sp.GetRequiredService<IOptions<RiskOptions>>(), sp.GetRequiredService<ExposureBook>(), sp.GetRequiredService<ITradingStateController>(),
            sp.GetRequiredService<RiskEvents>(), sp.GetRequiredService<MarginHeadroomMonitor>(), sp.GetServices<IDerivClient>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRiskGate>(sp => new RiskGate(
            sp.GetRequiredService<IOptions<RiskOptions>>(), sp.GetRequiredService<ExposureBook>(), sp.GetRequiredService<ITradingStateController>(),
            sp.GetRequiredService<IRunawayBreaker>(), sp.GetRequiredService<MarginHeadroomMonitor>(), sp.GetRequiredService<RiskMetrics>()));
        services.TryAddSingleton<IFlattenRequestHandler>(sp => new DerivClientFlattenHandler(sp.GetServices<IDerivClient>()));
        services.TryAddSingleton<IKillSwitch>(sp => new KillSwitch(
            sp.GetRequiredService<ITradingStateController>(), sp.GetServices<IDerivClient>(), sp.GetRequiredService<IFlattenRequestHandler>(),
            sp.GetRequiredService<RiskEvents>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CancelOnDisconnectSupervisor(
            sp.GetRequiredService<IOptions<RiskOptions>>(), sp.GetServices<IDerivClient>(), sp.GetRequiredService<RiskEvents>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CancelOnDisconnectSupervisor>>(), sp.GetRequiredService<RiskMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CancelOnDisconnectSupervisorHost>());
        return services;
    }
}

/// <summary>Runs the singleton supervisor as a hosted service.</summary>
internal sealed class CancelOnDisconnectSupervisorHost(CancelOnDisconnectSupervisor supervisor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => supervisor.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(cancellationToken);
}
