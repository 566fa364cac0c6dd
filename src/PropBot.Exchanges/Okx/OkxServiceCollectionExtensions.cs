using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;
using PropBot.Exchanges.Okx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OKX v5 perpetual swap client.</summary>
public static class OkxServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the OKX client uses.</summary>
    public const string HttpClientName = "PropBot.Exchanges.Okx";

    /// <summary>
    /// Registers <see cref="IOkxSwapClient"/> (and a keyed <see cref="IDerivClient"/> under <c>okx_perp</c>) bound to
    /// <paramref name="configuration"/> (the venue section, snake_case keys; its <c>routing</c> subsection's
    /// <c>rest</c> / <c>ws</c> keys override the environment's hosts), validated at start.
    /// </summary>
    public static IServiceCollection AddPropBotOkxSwap(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPropBotOkxSwapCore(b => b.Configure(o =>
        {
            configuration.Bind(o);
            configuration.GetSection("routing").Bind(o);
        }));
    }

    /// <summary>Registers <see cref="IOkxSwapClient"/> configured in code, validated at start.</summary>
    public static IServiceCollection AddPropBotOkxSwap(this IServiceCollection services, Action<OkxSwapOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPropBotOkxSwapCore(b => b.Configure(configure));
    }

    private static IServiceCollection AddPropBotOkxSwapCore(this IServiceCollection services, Action<OptionsBuilder<OkxSwapOptions>> configure)
    {
        var builder = services.AddOptions<OkxSwapOptions>();
        configure(builder);
        builder.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OkxSwapOptions>, OkxSwapOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IOkxSwapClient>(sp => OkxSwapClientFactory.Create(
            sp.GetRequiredService<IOptions<OkxSwapOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddKeyedSingleton<IDerivClient>(VenueId.OkxSwap.Value, (sp, _) => sp.GetRequiredService<IOkxSwapClient>());
        return services;
    }
}
