using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Host.Services;
using PropBot.Host.Venues;

namespace PropBot.Host.Endpoints;

/// <summary>Body of <c>POST /api/deriv/setup</c> (optional).</summary>
/// <param name="Venue">Only this venue (default: all).</param>
internal sealed record SetupRequest(string? Venue);

/// <summary><c>/api/deriv/*</c>: venue status, posture setup, positions.</summary>
internal static class DerivEndpoints
{
    public static IEndpointRouteBuilder MapDerivEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deriv").WithTags("Derivatives");
        group.MapGet("/status", GetStatus).WithName("GetDerivStatus").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Per venue/symbol: connectivity, clock skew, position mode, leverage, margin type, feed staleness, rate-limit usage.");
        group.MapPost("/setup", Setup).WithName("SetupDerivatives").RequireAuthorization(TokenAuth.OperatorPolicy)
            .WithSummary("Idempotent: set position mode, margin type and leverage from configuration (plan only in SAFE_MODE); verified by reading back.");
        group.MapGet("/positions", GetPositions).WithName("GetPositions").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Positions and margin per venue/symbol with the cross-venue delta.");
        return app;
    }

    public static async Task<Ok<DerivStatusReport>> GetStatus(DerivStatusService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.GetAsync(cancellationToken));

    public static async Task<Results<Ok<SetupReport>, ValidationProblem>> Setup(SetupRequest? request, SetupService service, VenueDirectory venues, HttpContext http, CancellationToken cancellationToken)
    {
        if (request?.Venue is { } venue && venues.Find(venue) is null)
        {
            return Problems.Field("venue", $"venue '{venue}' is not configured; known: {string.Join(", ", venues.All.Select(v => v.Id.Value))}");
        }

        return TypedResults.Ok(await service.RunAsync(request?.Venue, http.User.Actor(), cancellationToken));
    }

    public static async Task<Ok<PositionsReport>> GetPositions(PositionsService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.GetAsync(cancellationToken));
}
