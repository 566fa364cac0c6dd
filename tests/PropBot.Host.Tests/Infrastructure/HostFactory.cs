using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Emulator;
using PropBot.Host.Venues;

namespace PropBot.Host.Tests.Infrastructure;

/// <summary>
/// In-memory host (WebApplicationFactory) on the embedded loopback emulator — the real Binance and OKX adapters over
/// loopback HTTP/WebSocket — with a fixed seed and a fake clock shared by the host, the adapters and the emulator, so
/// prices, timestamps and ids are deterministic. Tokens: alice and bob (operators),
/// viewer (read-only). Loopback is not open unless a test says so.
/// </summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    public const string AliceToken = "alice-operator-token-0001";
    public const string BobToken = "bob-operator-token-00002";
    public const string ViewerToken = "viewer-readonly-token-01";
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    public HostFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    private HostFactory(IDictionary<string, string?> overrides)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["PROPBOT_DOTENV"] = "none",
            ["EXCHANGE_PROFILE"] = "paper",
            ["SAFE_MODE"] = "true",
            ["emulator:seed"] = "42",
            ["derivatives:arbitrage:stream_edges"] = "false",
            ["auth:open_on_loopback"] = "false",
            ["auth:operator_tokens:0:name"] = "alice",
            ["auth:operator_tokens:0:token"] = AliceToken,
            ["auth:operator_tokens:1:name"] = "bob",
            ["auth:operator_tokens:1:token"] = BobToken,
            ["auth:read_only_tokens:0:name"] = "viewer",
            ["auth:read_only_tokens:0:token"] = ViewerToken,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["derivatives:auto_mode:enabled"] = "false",
            ["derivatives:journal:database_path"] = Path.Combine(Path.GetTempPath(), $"propbot-host-tests-{Guid.NewGuid():N}.db"),
        };
        foreach (var (k, v) in LocalRouting)
        {
            _settings[k] = v;
        }

        foreach (var (k, v) in overrides)
        {
            _settings[k] = v;
        }
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>The host's embedded loopback emulator (both venues' REST and WebSocket on 127.0.0.1), on <see cref="Clock"/>.</summary>
    public VenueEmulator Emulator => Services.GetRequiredService<EmulatorRuntime>().Emulator!;

    /// <summary>
    /// Runs <paramref name="action"/> while moving the fake clock forward in 25 ms steps, for calls that poll the
    /// venues on the host's clock (OKX reports a market order's fill on a later query). Only time is faked: every
    /// request still goes over loopback HTTP to the emulator.
    /// </summary>
    public async Task<T> WithClockRunningAsync<T>(Func<Task<T>> action)
    {
        var task = action();
        while (!task.IsCompleted)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(25));
            await Task.WhenAny(task, Task.Delay(5));
        }

        return await task;
    }

    /// <summary>Use the system clock (needed with the wire-level emulator: signatures carry timestamps).</summary>
    public bool RealClock { get; init; }

    public static HostFactory Create(params (string Key, string? Value)[] overrides) => Create(realClock: false, overrides);

    public static HostFactory Create(bool realClock, params (string Key, string? Value)[] overrides)
    {
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in overrides)
        {
            map[k] = v;
        }

        return new HostFactory(map) { RealClock = realClock };
    }

    /// <summary>Venue routing on the embedded emulator (every profile in these tests).</summary>
    public static (string, string?)[] LocalRouting =>
    [
        ("derivatives:venues:0:routing:rest", "emulator"), ("derivatives:venues:0:routing:ws", "emulator"),
        ("derivatives:venues:1:routing:rest", "emulator"), ("derivatives:venues:1:routing:ws", "emulator"),
    ];

    public HttpClient ClientFor(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _settings.TryGetValue("derivatives:journal:database_path", out var path) && path is not null)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // best effort
                }
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        if (!RealClock)
        {
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }
}

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
}
