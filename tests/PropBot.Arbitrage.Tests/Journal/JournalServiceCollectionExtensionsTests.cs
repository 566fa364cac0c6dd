using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage.Journal;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class JournalServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AddPropBotJournal_AfterEngine_ReplacesNullJournalWithDurableJournal()
    {
        var services = new ServiceCollection();
        services.AddPropBotArbitrage(_ => { });
        services.AddPropBotJournal(o => o.DatabasePath = _db.Path);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IExecutionJournal>().ShouldBeOfType<DurableExecutionJournal>();
        provider.GetRequiredService<IJournalStore>().ShouldBeSameAs(provider.GetRequiredService<IOutboxStore>());
        provider.GetRequiredService<IRecoveryStatus>().ShouldBeSameAs(provider.GetRequiredService<RecoveryService>());
        provider.GetServices<IHostedService>().Select(s => s.GetType()).ShouldBe([typeof(RecoveryService), typeof(OutboxDispatcher)]);
    }

    [Fact]
    public void AddPropBotJournal_FromConfiguration_BindsSnakeCaseKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["derivatives:journal:database_path"] = _db.Path,
            ["derivatives:journal:retry_initial_delay"] = "00:00:02",
            ["derivatives:journal:recovery_delta_tolerance_usd"] = "150",
            ["derivatives:journal:webhooks:0:name"] = "ops",
            ["derivatives:journal:webhooks:0:url"] = "https://hooks.example/propbot",
        }).Build();
        var services = new ServiceCollection();
        services.AddPropBotJournal(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<JournalOptions>>().Value;

        options.DatabasePath.ShouldBe(_db.Path);
        options.RetryInitialDelay.ShouldBe(TimeSpan.FromSeconds(2));
        options.RecoveryDeltaToleranceUsd.ShouldBe(150m);
        options.Webhooks.ShouldHaveSingleItem().Url.ShouldBe("https://hooks.example/propbot");
    }

    [Fact]
    public void Ctor_Ok()
    {
        var options = new JournalOptions();

        options.DatabasePath.ShouldBe("propbot-journal.db");
        options.OutboxPollInterval.ShouldBe(TimeSpan.FromSeconds(1));
        options.RetryInitialDelay.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.RetryMaxDelay.ShouldBe(TimeSpan.FromMinutes(1));
        options.OutboxBatchSize.ShouldBe(100);
        options.RecoveryEnabled.ShouldBeTrue();
        options.RecoveryDeltaToleranceUsd.ShouldBe(200m);
        options.RecoveryReadAttempts.ShouldBe(3);
        options.RecoveryReadRetryDelay.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Webhooks.ShouldBeEmpty();
    }

    [Fact]
    public void InvalidOptions()
    {
        var services = new ServiceCollection();
        services.AddPropBotJournal(o =>
        {
            o.DatabasePath = _db.Path;
            o.RetryInitialDelay = TimeSpan.FromMinutes(2);
            o.Webhooks.Add(new WebhookOptions { Name = "ops hook", Url = "ftp://x" });
        });
        using var provider = services.BuildServiceProvider();

        var ex = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JournalOptions>>().Value);

        ex.Failures.ShouldBe([
            "derivatives:journal:retry_initial_delay must be <= retry_max_delay (00:01:00), was 00:02:00",
            "derivatives:journal:webhooks:0:name must be 1-64 letters, digits, '-' or '_', was 'ops hook'",
            "derivatives:journal:webhooks:0:url must be an absolute http(s) URL, was 'ftp://x'",
        ]);
    }

    [Fact]
    public async Task Host_RunsRecoveryThenDeliversEngineEventsToInProcessSubscriber()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var subscriber = new CollectingSubscriber();
        builder.Services.AddSingleton<IOutboxSubscriber>(subscriber);
        builder.Services.AddPropBotJournal(o => o.DatabasePath = _db.Path);
        using var host = builder.Build();

        await host.StartAsync();
        var report = await host.Services.GetRequiredService<IRecoveryStatus>().Completion;
        await host.Services.GetRequiredService<IExecutionJournal>().AppendAsync(
            DurableExecutionJournalTests.Event("e9", 1, ExecutionEventKind.Started), CancellationToken.None);
        var deadline = Environment.TickCount64 + 30_000;
        while (subscriber.Messages.IsEmpty && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();

        report.HoldRequired.ShouldBeFalse();
        subscriber.Messages.ShouldHaveSingleItem().ExecutionId.ShouldBe("e9");
    }

    private sealed class CollectingSubscriber : IOutboxSubscriber
    {
        public ConcurrentQueue<OutboxMessage> Messages { get; } = new();

        public string Name => "collector";

        public Task<bool> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Messages.Enqueue(message);
            return Task.FromResult(true);
        }
    }
}
