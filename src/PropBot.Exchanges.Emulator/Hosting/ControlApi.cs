using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PropBot.Exchanges.Emulator.Core;

namespace PropBot.Exchanges.Emulator.Hosting;

/// <summary>The <c>/_emulator/...</c> HTTP control API of one venue (faults, matching, market, ledger). No auth, no rate limits.</summary>
internal static class ControlApi
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder app, EmulatorCore core, EmulatorVenue venue, VenueFaults faults, EmulatorMarket market)
    {
        var group = app.MapGroup("/_emulator");
        group.MapGet("/ledger", () => Json(core.Exchange(venue).Let(e =>
        {
            lock (core.Sync)
            {
                return e.Snapshot();
            }
        })));
        group.MapGet("/market", () => Json(Instruments.Assets.Select(a => market.GetQuote(venue, a)).ToArray()));
        group.MapPost("/faults/reject-orders", (HttpRequest r) => Act(() => faults.RejectNextOrders(Int(r, "count", 1), Text(r, "code") ?? throw new ArgumentException("code is required"), Text(r, "message"))));
        group.MapPost("/faults/delay", (HttpRequest r) => Act(() => faults.DelayResponses(TimeSpan.FromMilliseconds(Int(r, "ms", 0)))));
        group.MapPost("/faults/drop-responses", (HttpRequest r) => Act(() => faults.DropNextOrderResponses(Int(r, "count", 1))));
        group.MapPost("/faults/partial-fill", (HttpRequest r) => Act(() => faults.PartiallyFillNextOrder(Dec(r, "fraction", 0.5m), Int(r, "count", 1))));
        group.MapPost("/faults/streams/freeze", () => Act(faults.FreezeStreams));
        group.MapPost("/faults/streams/resume", () => Act(faults.ResumeStreams));
        group.MapPost("/faults/streams/drop", () => Act(faults.DropStreamConnections));
        group.MapPost("/faults/clock-shift", (HttpRequest r) => Act(() => faults.ShiftClock(TimeSpan.FromMilliseconds(Int(r, "ms", 0)))));
        group.MapPost("/faults/rate-limit", (HttpRequest r) => Act(() => faults.ForceRateLimit(Int(r, "status", 429), Int(r, "count", 1))));
        group.MapPost("/faults/reset", () => Act(faults.Reset));
        group.MapPost("/matching/pause", () => Act(faults.PauseMatching));
        group.MapPost("/matching/resume", () => Act(faults.ResumeMatching));
        group.MapPost("/market/pause", () => Act(market.Pause));
        group.MapPost("/market/resume", () => Act(market.Resume));
        group.MapPost("/market/step", (HttpRequest r) => Act(() => market.Step(Int(r, "ticks", 1))));
        group.MapPost("/market/price", (HttpRequest r) => Act(() => market.SetFairPrice(Asset(r), Dec(r, "price", 0))));
        group.MapPost("/market/basis", (HttpRequest r) => Act(() => market.SetBasis(venue, Asset(r), Dec(r, "basis", 0))));
        group.MapPost("/market/funding-rate", (HttpRequest r) => Act(() => market.SetFundingRate(venue, Asset(r), Dec(r, "rate", 0))));
        group.MapPost("/tick", () => Act(core.Tick));
    }

    private static TResult Let<T, TResult>(this T value, Func<T, TResult> map) => map(value);

    private static IResult Json<T>(T value) => Results.Json(value, JsonOptions);

    private static IResult Act(Action action)
    {
        try
        {
            action();
            return Results.Json(new { ok = true }, JsonOptions);
        }
        catch (ArgumentException ex)
        {
            return Results.Json(new { ok = false, error = ex.Message }, JsonOptions, statusCode: 400);
        }
        catch (FormatException ex)
        {
            return Results.Json(new { ok = false, error = ex.Message }, JsonOptions, statusCode: 400);
        }
    }

    private static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && value.Count > 0 && value[0] is { Length: > 0 } s ? s : null;

    private static int Int(HttpRequest request, string name, int fallback) =>
        Text(request, name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    private static decimal Dec(HttpRequest request, string name, decimal fallback) =>
        Text(request, name) is { } s ? decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture) : fallback;

    private static string Asset(HttpRequest request) => Text(request, "asset") ?? "BTC";
}
