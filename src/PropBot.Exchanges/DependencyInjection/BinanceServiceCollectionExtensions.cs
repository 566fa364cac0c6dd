using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;
using PropBot.Exchanges.Binance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Binance USD-M futures client.</summary>
public static class BinanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBinanceUsdFuturesClient"/> (and a keyed <see cref="IDerivClient"/> under <c>binance_um</c>)
    /// bound to <paramref name="configuration"/> (the venue section; its <c>routing</c> subsection's <c>rest</c> /
    /// <c>ws</c> keys override the environment's hosts), validated at start.
    /// </summary>
    public static IServiceCollection AddPropBotBinanceUsdFutures(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCore(o =>
        {
            configuration.Bind(o);
            configuration.GetSection("routing").Bind(o);
        });
    }

    /// <summary>
    /// Registers <see cref="IBinanceUsdFuturesClient"/> (and a keyed <see cref="IDerivClient"/> under <c>binance_um</c>)
    /// configured in code, validated at start.
    /// </summary>
    public static IServiceCollection AddPropBotBinanceUsdFutures(this IServiceCollection services, Action<BinanceUsdFuturesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCore(configure);
    }

    private static IServiceCollection AddCore(this IServiceCollection services, Action<BinanceUsdFuturesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<BinanceUsdFuturesOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BinanceUsdFuturesOptions>, BinanceUsdFuturesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(BinanceUsdFuturesConstants.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IBinanceUsdFuturesClient>(sp => new BinanceUsdFuturesClient(
            sp.GetRequiredService<IOptions<BinanceUsdFuturesOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(BinanceUsdFuturesConstants.HttpClientName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddKeyedSingleton<IDerivClient>(VenueId.BinanceUsdFutures.Value, (sp, _) => sp.GetRequiredService<IBinanceUsdFuturesClient>());
        return services;
    }
}
