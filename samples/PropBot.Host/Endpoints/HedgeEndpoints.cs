using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Host.Services;
using PropBot.Host.Venues;

namespace PropBot.Host.Endpoints;

/// <summary>Body of <c>POST /api/hedge/flatten</c> (optional): filters.</summary>
internal sealed record FlattenRequest(string? Venue, string? Symbol);

/// <summary><c>/api/hedge/*</c>.</summary>
internal static class HedgeEndpoints
{
    public static IEndpointRouteBuilder MapHedgeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hedge").WithTags("Hedge");
        group.MapPost("/flatten", Flatten).WithName("FlattenPositions").RequireAuthorization(TokenAuth.OperatorPolicy)
            .WithSummary("Reduce-only close of all positions (or one venue/symbol), restoring delta ~ 0. Allowed in every trading state.");
        return app;
    }

    public static async Task<Results<Ok<FlattenReport>, ValidationProblem>> Flatten(FlattenRequest? request, FlattenService service, VenueDirectory venues, HttpContext http, CancellationToken cancellationToken)
    {
        if (request?.Venue is { } venue && venues.Find(venue) is null)
        {
            return Problems.Field("venue", $"venue '{venue}' is not configured; known: {string.Join(", ", venues.All.Select(v => v.Id.Value))}");
        }

        if (request?.Symbol is { } symbol)
        {
            var scope = request.Venue is null ? venues.All : [venues.Find(request.Venue)!];
            if (!scope.Any(v => v.HasSymbol(symbol)))
            {
                return Problems.Field("symbol", $"symbol '{symbol}' is not configured{(request.Venue is null ? "" : $" on {request.Venue}")}");
            }
        }

        return TypedResults.Ok(await service.FlattenAsync(request?.Venue, request?.Symbol, http.User.Actor(), cancellationToken));
    }
}
