using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Arbitrage;
using PropBot.Host.Auth;
using PropBot.Host.Configuration;
using PropBot.Host.Live;
using PropBot.Host.Services;
using PropBot.Host.Venues;

namespace PropBot.Host.Endpoints;

/// <summary>Body of <c>POST /api/arb/preview</c> and <c>POST /api/arb/execute</c>.</summary>
/// <param name="Pair">Pair id <c>long_venue:SYMBOL/short_venue:SYMBOL</c> as listed by <c>GET /api/arb/edge</c>.</param>
/// <param name="Size">Quantity per leg in the base asset (e.g. BTC).</param>
internal sealed record ArbRequest(string? Pair, decimal? Size);

/// <summary>One pair of <c>GET /api/arb/edge</c>: the engine's preview (book-VWAP edge with every cost term, checks, plan).</summary>
internal sealed record PairEdgeView(string Pair, bool Tradable, string? ReasonCode, ArbPreview Preview);

internal sealed record EdgeReport(DateTimeOffset AsOf, IReadOnlyList<PairEdgeView> Pairs);

/// <summary>Response of <c>POST /api/arb/execute</c>: the engine's report plus how the host routed it.</summary>
internal sealed record ExecuteView(string Pair, string Mode, string? DryRunReason, ArbExecutionReport Report);

/// <summary><c>/api/arb/*</c>: edges, preview, execute, all through the engine (<see cref="IArbitrageEngine"/>).</summary>
internal static class ArbEndpoints
{
    public static IEndpointRouteBuilder MapArbEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/arb").WithTags("Arbitrage");
        group.MapGet("/edge", GetEdges).WithName("GetEdges").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Every configured pair: the engine's book-VWAP edge with its per-term breakdown (fees, slippage, funding, leg risk), preflight checks and plan.");
        group.MapPost("/preview", Preview).WithName("PreviewArbitrage").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("The engine's preview for a pair and size: edge breakdown, preflight checks and execution plan; sends no orders.");
        group.MapPost("/execute", Execute).WithName("ExecuteArbitrage").RequireAuthorization(TokenAuth.OperatorPolicy)
            .WithSummary("Runs the engine's two-leg state machine; SAFE_MODE (or live not armed) runs it as a dry run and returns the plan.");
        return app;
    }

    public static async Task<Ok<EdgeReport>> GetEdges(IArbitrageEngine engine, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var list = new List<PairEdgeView>();
        foreach (var pair in engine.Pairs)
        {
            var preview = await engine.PreviewAsync(pair, null, cancellationToken);
            list.Add(new PairEdgeView(IdOf(pair), preview.Passed, preview.ReasonCode, preview));
        }

        return TypedResults.Ok(new EdgeReport(timeProvider.GetUtcNow(), list));
    }

    public static async Task<Results<Ok<PairEdgeView>, ValidationProblem>> Preview(ArbRequest request, IArbitrageEngine engine, VenueDirectory venues, HostSettings settings, CancellationToken cancellationToken)
    {
        var invalid = Validate(request, engine, settings, out var pair)
            ?? await SizeLimits.CheckAsync(request.Size!.Value, pair!, venues, settings, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var preview = await engine.PreviewAsync(pair!, request.Size, cancellationToken);
        return TypedResults.Ok(new PairEdgeView(IdOf(pair!), preview.Passed, preview.ReasonCode, preview));
    }

    public static async Task<Results<Ok<ExecuteView>, ValidationProblem, ProblemHttpResult>> Execute(
        ArbRequest request, IArbitrageEngine engine, TradingStateService tradingState, LiveGate liveGate, VenueDirectory venues, HostSettings settings, CancellationToken cancellationToken)
    {
        var invalid = Validate(request, engine, settings, out var pair)
            ?? await SizeLimits.CheckAsync(request.Size!.Value, pair!, venues, settings, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var state = tradingState.Current;
        if (state.State != HostTradingState.Active)
        {
            var code = state.State == HostTradingState.Halted ? "TRADING_HALTED" : "TRADING_REDUCING";
            return Problems.Conflict(code, $"Trading state is {state.State.ToString().ToLowerInvariant()} ({state.Reason}): new positions are not allowed. POST /api/risk/reset to resume.");
        }

        // Live orders only when SAFE_MODE is off and (in the live profile) the two-man rule has armed the gate.
        var dryRun = !liveGate.LiveOrdersEnabled;
        var report = await engine.ExecuteAsync(pair!, request.Size, dryRun, cancellationToken);
        return TypedResults.Ok(new ExecuteView(IdOf(pair!), dryRun ? "dry_run" : "live", liveGate.DryRunReason, report));
    }

    /// <summary>Host pair id <c>long_venue:SYMBOL/short_venue:SYMBOL</c>.</summary>
    internal static string IdOf(ArbPair pair) => $"{pair.Long.Venue.Value}:{pair.Long.Symbol}/{pair.Short.Venue.Value}:{pair.Short.Symbol}";

    private static ValidationProblem? Validate(ArbRequest? request, IArbitrageEngine engine, HostSettings settings, out ArbPair? pair)
    {
        pair = null;
        if (request is null)
        {
            return Problems.Field("body", "a JSON body with pair and size is required");
        }

        if (string.IsNullOrWhiteSpace(request.Pair))
        {
            return Problems.Field("pair", "pair is required, e.g. " + settings.Derivatives.Arbitrage.Pairs[0].Id);
        }

        pair = engine.Pairs.FirstOrDefault(p => IdOf(p) == request.Pair);
        if (pair is null)
        {
            return Problems.Field("pair", $"unknown pair '{request.Pair}'; configured: {string.Join(", ", engine.Pairs.Select(IdOf))}");
        }

        if (request.Size is not { } size)
        {
            return Problems.Field("size", "size (base-asset quantity per leg) is required");
        }

        if (size <= 0m)
        {
            return Problems.Field("size", $"size must be > 0, was {size}");
        }

        return null;
    }
}
