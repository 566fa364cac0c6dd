using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MsOptions = Microsoft.Extensions.Options.Options;
using PropBot.Arbitrage.Journal;

namespace PropBot.Arbitrage.Tests.Journal;

public sealed class HttpWebhookSubscriberTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string? Key, string Body)> _received = new();
    private WebApplication _app = null!;
    private Uri _url = null!;
    private int _failuresLeft = 2;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            _received.Enqueue((request.Headers["Idempotency-Key"].ToString(), body));
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(new Uri(address), "/hook");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task DeliverAsync_Non2xx_ReturnsFalse_Then2xx_ReturnsTrue_WithIdempotencyHeader()
    {
        using var http = new HttpClient();
        var subscriber = new HttpWebhookSubscriber("hook", _url, http, TimeSpan.FromSeconds(30));
        var message = new OutboxMessage
        {
            IdempotencyKey = "rec1",
            Sequence = 7,
            ExecutionId = "e1",
            Kind = JournalRecordKind.Fill,
            Time = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
            Payload = "{\"qty\":0.01}",
            Attempt = 1,
        };

        (await subscriber.DeliverAsync(message, CancellationToken.None)).ShouldBeFalse();
        (await subscriber.DeliverAsync(message with { Attempt = 2 }, CancellationToken.None)).ShouldBeFalse();
        (await subscriber.DeliverAsync(message with { Attempt = 3 }, CancellationToken.None)).ShouldBeTrue();

        _received.Select(r => r.Key).ShouldBe(["rec1", "rec1", "rec1"]);
        using var body = JsonDocument.Parse(_received.Last().Body);
        body.RootElement.GetProperty("id").GetString().ShouldBe("rec1");
        body.RootElement.GetProperty("sequence").GetInt64().ShouldBe(7);
        body.RootElement.GetProperty("execution_id").GetString().ShouldBe("e1");
        body.RootElement.GetProperty("kind").GetString().ShouldBe("Fill");
        body.RootElement.GetProperty("attempt").GetInt32().ShouldBe(3);
        body.RootElement.GetProperty("payload").GetProperty("qty").GetDecimal().ShouldBe(0.01m);
    }

    [Fact]
    public async Task DeliverAsync_Unreachable_ReturnsFalse()
    {
        using var http = new HttpClient();
        var subscriber = new HttpWebhookSubscriber("hook", new Uri("http://127.0.0.1:1/hook"), http, TimeSpan.FromSeconds(30));

        var ok = await subscriber.DeliverAsync(
            new OutboxMessage { IdempotencyKey = "k", Sequence = 1, Kind = JournalRecordKind.Order, Time = default, Payload = "{}", Attempt = 1 },
            CancellationToken.None);

        ok.ShouldBeFalse();
    }

    [Fact]
    public async Task OutboxDispatcher_WithWebhook_RedeliversSameKeyUntilAcknowledged()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteJournalStore(db.Path);
        using var http = new HttpClient();
        var options = MsOptions.Create(new JournalOptions { RetryInitialDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(50) });
        using var dispatcher = new OutboxDispatcher(store, [new HttpWebhookSubscriber("hook", _url, http, TimeSpan.FromSeconds(30))], options);
        var record = await store.AppendAsync(new JournalEntry { ExecutionId = "e1", Kind = JournalRecordKind.Incident, Payload = "{\"code\":\"X\"}" }, CancellationToken.None);

        await dispatcher.StartAsync(CancellationToken.None);
        var deadline = Environment.TickCount64 + 30_000;
        while (await store.GetCursorAsync("hook", CancellationToken.None) < record.Sequence && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        await dispatcher.StopAsync(CancellationToken.None);

        (await store.GetCursorAsync("hook", CancellationToken.None)).ShouldBe(record.Sequence);
        _received.Count.ShouldBe(3);
        _received.ShouldAllBe(r => r.Key == record.RecordId);
    }
}
