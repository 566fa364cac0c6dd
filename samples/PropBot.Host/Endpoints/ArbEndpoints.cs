using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Host.Configuration;
using PropBot.Host.Services;

namespace PropBot.Host.Endpoints;

/// <summary>Body of <c>POST /api/arb/preview</c> and <c>POST /api/arb/execute</c>.</summary>
/// <param name="Pair">Pair id <c>long_venue:SYMBOL/short_venue:SYMBOL</c> as listed by <c>GET /api/arb/edge</c>.</param>
/// <param name="Size">Quantity per leg in the base asset (e.g. BTC).</param>
internal sealed record ArbRequest(string? Pair, decimal? Size);

/// <summary><c>/api/arb/*</c>: edges, preview, execute.</summary>
internal static class ArbEndpoints
{
    public static IEndpointRouteBuilder MapArbEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/arb").WithTags("Arbitrage");
        group.MapGet("/edge", GetEdges).WithName("GetEdges").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Every configured pair: books, mid prices, fees, funding impact, each cost term, net edge bps, tradable size and why not tradable.");
        group.MapPost("/preview", Preview).WithName("PreviewArbitrage").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Projected PnL after all costs for a pair and size, with the rescue plan if a leg fails.");
        group.MapPost("/execute", Execute).WithName("ExecuteArbitrage").RequireAuthorization(TokenAuth.OperatorPolicy)
            .WithSummary("Runs the two-leg state machine; SAFE_MODE (or live not armed) returns and journals the dry-run plan.");
        return app;
    }

    public static async Task<Ok<EdgeReport>> GetEdges(EdgeService edges, CancellationToken cancellationToken) =>
        TypedResults.Ok(await edges.ComputeAllAsync(cancellationToken));

    public static async Task<Results<Ok<PreviewResult>, ValidationProblem, ProblemHttpResult>> Preview(ArbRequest request, EdgeService edges, ArbService arb, HostSettings settings, CancellationToken cancellationToken)
    {
        if (Validate(request, edges, settings) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return TypedResults.Ok(await arb.PreviewAsync(edges.FindPair(request.Pair)!, request.Size!.Value, cancellationToken));
        }
        catch (PlanException ex)
        {
            return Problems.Field(ex.Field, ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message == "BOOK_UNAVAILABLE")
        {
            return Problems.Unavailable("BOOK_UNAVAILABLE", "Books, filters or fees are not available for both legs right now.");
        }
    }

    public static async Task<Results<Ok<ExecutionResult>, ValidationProblem, ProblemHttpResult>> Execute(
        ArbRequest request, EdgeService edges, ArbService arb, TradingStateService tradingState, HostSettings settings, HttpContext http, CancellationToken cancellationToken)
    {
        if (Validate(request, edges, settings) is { } invalid)
        {
            return invalid;
        }

        var state = tradingState.Current;
        if (state.State != HostTradingState.Active)
        {
            var code = state.State == HostTradingState.Halted ? "TRADING_HALTED" : "TRADING_REDUCING";
            return Problems.Conflict(code, $"Trading state is {state.State.ToString().ToLowerInvariant()} ({state.Reason}): new positions are not allowed. POST /api/risk/reset to resume.");
        }

        try
        {
            return TypedResults.Ok(await arb.ExecuteAsync(edges.FindPair(request.Pair)!, request.Size!.Value, http.User.Actor(), cancellationToken));
        }
        catch (PlanException ex)
        {
            return Problems.Field(ex.Field, ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message == "BOOK_UNAVAILABLE")
        {
            return Problems.Unavailable("BOOK_UNAVAILABLE", "Books, filters or fees are not available for both legs right now.");
        }
    }

    private static ValidationProblem? Validate(ArbRequest? request, EdgeService edges, HostSettings settings)
    {
        if (request is null)
        {
            return Problems.Field("body", "a JSON body with pair and size is required");
        }

        if (string.IsNullOrWhiteSpace(request.Pair))
        {
            return Problems.Field("pair", "pair is required, e.g. " + settings.Derivatives.Arbitrage.Pairs[0].Id);
        }

        if (edges.FindPair(request.Pair) is null)
        {
            return Problems.Field("pair", $"unknown pair '{request.Pair}'; configured: {string.Join(", ", settings.Derivatives.Arbitrage.Pairs.Select(p => p.Id))}");
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
