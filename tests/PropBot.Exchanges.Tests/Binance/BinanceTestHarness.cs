using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PropBot.Exchanges.Binance;
using PropBot.TestKit;

namespace PropBot.Exchanges.Tests.Binance;

/// <summary>One endpoint fixture: expected request and canned response.</summary>
internal sealed record BinanceFixture(string Method, string Path, bool Signed, Dictionary<string, string> Request, int Status, string ResponseJson)
{
    public static BinanceFixture Load(string group, string name)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Binance", "Fixtures", group, name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var request = root.GetProperty("request").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new BinanceFixture(
            root.GetProperty("method").GetString()!,
            root.GetProperty("path").GetString()!,
            root.GetProperty("signed").GetBoolean(),
            request,
            root.GetProperty("status").GetInt32(),
            root.GetProperty("response").GetRawText());
    }
}

/// <summary>A client wired to a fake HTTP handler and a fake clock, with the official HMAC example key.</summary>
internal sealed class BinanceTestHarness
{
    public const string ApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
    public const string ApiSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 30, TimeSpan.Zero);

    public BinanceTestHarness(Action<BinanceUsdFuturesOptions>? configure = null)
    {
        Options = new BinanceUsdFuturesOptions
        {
            ApiKey = ApiKey,
            ApiSecret = ApiSecret,
            Environment = "custom",
            RestBaseUrl = "https://binance.test",
            WebSocketBaseUrl = "wss://binance.test",
        };
        configure?.Invoke(Options);
        Client = new BinanceUsdFuturesClient(Options, new HttpClient(Handler), Time, NullLoggerFactory.Instance);
    }

    public FakeHttpMessageHandler Handler { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public BinanceUsdFuturesOptions Options { get; }

    public BinanceUsdFuturesClient Client { get; }

    public IEnumerable<RecordedRequest> RequestsTo(string path) => Handler.Requests.Where(r => r.Path == path);

    public BinanceFixture Use(string group, string name, IReadOnlyDictionary<string, string>? headers = null)
    {
        var fixture = BinanceFixture.Load(group, name);
        Handler.On(new HttpMethod(fixture.Method), fixture.Path, fixture.ResponseJson, (HttpStatusCode)fixture.Status, headers);
        return fixture;
    }

    public void WithExchangeInfo() => Use("Market", "ExchangeInfo");

    public void Error(HttpMethod method, string path, int code, string message, HttpStatusCode status = HttpStatusCode.BadRequest, IReadOnlyDictionary<string, string>? headers = null) =>
        Handler.On(method, path, JsonSerializer.Serialize(new { code, msg = message }), status, headers);

    /// <summary>Asserts method, path, every fixture parameter, and for signed calls the key header and a valid signature.</summary>
    public static void AssertMatches(RecordedRequest request, BinanceFixture fixture)
    {
        request.Method.Method.ShouldBe(fixture.Method);
        request.Path.ShouldBe(fixture.Path);
        var parameters = request.Parameters;
        foreach (var (key, value) in fixture.Request)
        {
            parameters.ShouldContainKey(key);
            parameters[key].ShouldBe(value, $"parameter {key}");
        }

        if (fixture.Signed)
        {
            request.Header("X-MBX-APIKEY").ShouldBe(ApiKey);
            parameters["recvWindow"].ShouldBe("5000");
            Math.Abs(long.Parse(parameters["timestamp"]) - Start.ToUnixTimeMilliseconds()).ShouldBeLessThan(60_000L);
            var query = request.Query;
            var at = query.LastIndexOf("&signature=", StringComparison.Ordinal);
            at.ShouldBeGreaterThan(0, "signature must be the last parameter");
            query[(at + 11)..].ShouldBe(BinanceSigner.Sign(ApiSecret, query[..at]));
            (parameters.Count - 3).ShouldBe(fixture.Request.Count, "no unexpected parameters");
        }
        else
        {
            parameters.ShouldNotContainKey("signature");
            parameters.Count.ShouldBe(fixture.Request.Count, "no unexpected parameters");
        }
    }
}
