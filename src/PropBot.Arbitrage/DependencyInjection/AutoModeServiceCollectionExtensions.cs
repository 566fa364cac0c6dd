using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage;
using PropBot.Arbitrage.AutoMode;
using PropBot.Arbitrage.Journal;
using PropBot.Risk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the auto-mode scanner.</summary>
public static class AutoModeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="AutoModeScanner"/> hosted service with options bound from <c>derivatives:auto_mode</c> of the
    /// configuration root. Requires <c>AddPropBotArbitrage</c>; register it after <c>AddPropBotJournal</c> so crash
    /// recovery runs first (the scanner also waits for <see cref="IRecoveryStatus"/>).
    /// </summary>
    public static IServiceCollection AddPropBotAutoMode(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPropBotAutoModeCore(o => configuration.GetSection(AutoModeOptions.SectionName).Bind(o));
    }

    /// <summary>Adds the auto-mode scanner with options set in code.</summary>
    public static IServiceCollection AddPropBotAutoMode(this IServiceCollection services, Action<AutoModeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPropBotAutoModeCore(configure);
    }

    private static IServiceCollection AddPropBotAutoModeCore(this IServiceCollection services, Action<AutoModeOptions> configure)
    {
        services.AddOptions<AutoModeOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AutoModeScanner(
            sp.GetRequiredService<IArbitrageEngine>(),
            sp.GetRequiredService<IOptions<AutoModeOptions>>(),
            sp.GetRequiredService<IOptions<ArbitrageOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IRecoveryStatus>(),
            sp.GetService<ITradingStateController>(),
            sp.GetService<ILogger<AutoModeScanner>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AutoModeScanner>(sp => sp.GetRequiredService<AutoModeScanner>()));
        return services;
    }
}
