using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage;
using PropBot.Arbitrage.Journal;
using PropBot.Exchanges;
using PropBot.Risk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the journal, the outbox and crash recovery.</summary>
public static class JournalServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> used by webhook sinks.</summary>
    public const string WebhookHttpClientName = "PropBot.Journal.Webhook";

    /// <summary>
    /// Adds the SQLite journal (<see cref="IJournalStore"/>, <see cref="IOutboxStore"/>), the engine's
    /// <see cref="IExecutionJournal"/> on it (replacing the engine's null journal), the <see cref="OutboxDispatcher"/>
    /// (in-process <see cref="IOutboxSubscriber"/>s from DI plus the configured webhooks) and the
    /// <see cref="RecoveryService"/> (also <see cref="IRecoveryStatus"/>), with options bound from
    /// <c>derivatives:journal</c> of the configuration root. Call it before registering hosted services that trade:
    /// hosted services start in registration order and recovery must finish first.
    /// </summary>
    public static IServiceCollection AddPropBotJournal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPropBotJournalCore(o => configuration.GetSection(JournalOptions.SectionName).Bind(o));
    }

    /// <summary>Adds the journal, outbox and recovery with options set in code.</summary>
    public static IServiceCollection AddPropBotJournal(this IServiceCollection services, Action<JournalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPropBotJournalCore(configure);
    }

    private static IServiceCollection AddPropBotJournalCore(this IServiceCollection services, Action<JournalOptions> configure)
    {
        services.AddOptions<JournalOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookHttpClientName);
        services.TryAddSingleton(sp => new JournalMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new SqliteJournalStore(
            sp.GetRequiredService<IOptions<JournalOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SqliteJournalStore>>()));
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<SqliteJournalStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteJournalStore>());

        // The engine registers a null journal with TryAdd; the durable one replaces it whatever the call order.
        services.RemoveAll<IExecutionJournal>(d => d.ImplementationInstance is NullExecutionJournal);
        services.TryAddSingleton<IExecutionJournal>(sp => new DurableExecutionJournal(sp.GetRequiredService<IJournalStore>()));

        services.TryAddSingleton(sp => new RecoveryService(
            sp.GetRequiredService<IJournalStore>(),
            sp.GetServices<IDerivClient>(),
            sp.GetRequiredService<IOptions<JournalOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RecoveryService>>(),
            sp.GetRequiredService<JournalMetrics>(),
            sp.GetService<ITradingStateController>()));
        services.TryAddSingleton<IRecoveryStatus>(sp => sp.GetRequiredService<RecoveryService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecoveryService>(sp => sp.GetRequiredService<RecoveryService>()));

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JournalOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var subscribers = sp.GetServices<IOutboxSubscriber>().ToList();
            subscribers.AddRange(options.Value.Webhooks.Select(w => new HttpWebhookSubscriber(
                w.Name, new Uri(w.Url), factory.CreateClient(WebhookHttpClientName), w.Timeout, time, sp.GetService<ILogger<HttpWebhookSubscriber>>())));
            return new OutboxDispatcher(
                sp.GetRequiredService<IOutboxStore>(), subscribers, options, time, sp.GetService<ILogger<OutboxDispatcher>>(), sp.GetRequiredService<JournalMetrics>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcher>(sp => sp.GetRequiredService<OutboxDispatcher>()));
        return services;
    }

    private static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> predicate)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && !services[i].IsKeyedService && predicate(services[i]))
            {
                services.RemoveAt(i);
            }
        }
    }
}
