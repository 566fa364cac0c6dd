using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage;
using PropBot.Exchanges;
using PropBot.Risk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the arbitrage engine.</summary>
public static class ArbitrageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine with options bound from the configuration root: <c>derivatives:arbitrage</c>,
    /// <c>derivatives:fees</c>, <c>derivatives:funding</c> and <c>derivatives:venues</c>. Venue clients are every
    /// registered <see cref="IDerivClient"/>; PropBot.Risk is used when its services are registered. Register an
    /// <see cref="IExecutionJournal"/> to persist executions (default: none).
    /// </summary>
    public static IServiceCollection AddPropBotArbitrage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPropBotArbitrageCore(o => Bind(configuration, o));
    }

    /// <summary>Adds the engine with options set in code.</summary>
    public static IServiceCollection AddPropBotArbitrage(this IServiceCollection services, Action<ArbitrageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPropBotArbitrageCore(configure);
    }

    internal static void Bind(IConfiguration root, ArbitrageOptions options)
    {
        root.GetSection(ArbitrageConstants.ArbitrageSection).Bind(options);
        root.GetSection(ArbitrageConstants.FeesSection).Bind(options.Fees);
        root.GetSection(ArbitrageConstants.FundingSection).Bind(options.Funding);
        root.GetSection(ArbitrageConstants.VenuesSection).Bind(options.Venues);
    }

    private static IServiceCollection AddPropBotArbitrageCore(this IServiceCollection services, Action<ArbitrageOptions> configure)
    {
        services.AddOptions<ArbitrageOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArbitrageOptions>, ArbitrageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IExecutionJournal>(NullExecutionJournal.Instance);
        services.TryAddSingleton(sp => new ArbitrageMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IExecutionIdGenerator>(_ => new ExecutionIdGenerator());
        services.TryAddSingleton<IArbitrageRiskPort>(sp =>
        {
            var gate = sp.GetService<IRiskGate>();
            var state = sp.GetService<ITradingStateController>();
            return gate is null || state is null
                ? PermissiveRiskPort.Instance
                : new RiskGatePort(gate, state, sp.GetService<IRunawayBreaker>(), sp.GetService<ExposureBook>(), sp.GetService<RiskEvents>(),
                    sp.GetService<IOptions<RiskOptions>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IArbitrageEngine>(sp => new ArbitrageEngine(
            sp.GetServices<IDerivClient>(),
            sp.GetRequiredService<IOptions<ArbitrageOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IExecutionJournal>(),
            sp.GetRequiredService<ArbitrageMetrics>(),
            sp.GetRequiredService<IArbitrageRiskPort>(),
            sp.GetRequiredService<IExecutionIdGenerator>(),
            sp.GetService<ILogger<ArbitrageEngine>>()));
        return services;
    }
}
