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
        services.TryAddSingleton(sp =>
        {
            var events = new RiskEvents();
            var log = sp.GetService<ILoggerFactory>()?.CreateLogger("PropBot.Risk.Incidents");
            if (log is not null)
            {
                events.IncidentRaised += i => log.LogWarning("Risk incident {IncidentId} {Kind} by {Actor}: {Message}", i.Id, i.Kind, i.Actor, i.Message);
                events.DeltaRepairRequested += r => log.LogWarning(
                    "Delta repair requested for {Underlying}: net {NetDeltaUsd} USD beyond {LimitUsd}; reduce-only {Side} {Quantity} on {Instrument}",
                    r.Underlying, r.NetDeltaUsd, r.LimitUsd, r.Side, r.Quantity, r.Instrument);
            }

            return events;
        });
        services.TryAddSingleton<ExposureBook>();
        services.TryAddSingleton<ITradingStateController>(sp =>
        {
            var controller = new TradingStateController(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RiskMetrics>());
            var log = sp.GetService<ILoggerFactory>()?.CreateLogger("PropBot.Risk.TradingState");
            if (log is not null)
            {
                controller.Changed += c => log.LogWarning(
                    "Trading state {Previous} -> {Current} ({Code}) by {Actor}: {Reason}", c.Previous, c.Current, c.Code, c.Actor, c.Reason);
            }

            return controller;
        });
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExposureMonitorHost>());
        return services;
    }
}

/// <summary>Runs the singleton supervisor as a hosted service.</summary>
internal sealed class CancelOnDisconnectSupervisorHost(CancelOnDisconnectSupervisor supervisor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => supervisor.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(cancellationToken);
}

/// <summary>Runs <see cref="ExposureMonitor.RunAsync"/> as a hosted service.</summary>
internal sealed class ExposureMonitorHost : BackgroundService
{
    private readonly ExposureMonitor monitor;
    private readonly ILogger<ExposureMonitorHost>? logger;

    public ExposureMonitorHost(ExposureMonitor monitor, ILogger<ExposureMonitorHost>? logger = null)
    {
        this.monitor = monitor;
        this.logger = logger;
        monitor.RefreshFailed += ex => this.logger?.LogError(ex, "Exposure monitor refresh failed");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => monitor.RunAsync(stoppingToken);
}
