using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Host.Services;

namespace PropBot.Host.Endpoints;

/// <summary>System Status.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Status").RequireAuthorization(TokenAuth.ReadOnlyPolicy);
        group.MapGet("/status", GetStatus).WithName("GetSystemStatus")
            .WithSummary("System Status: profile, SAFE_MODE, trading state and reason, live gate, venues, guards, metrics.");
        return app;
    }

    public static Ok<SystemStatus> GetStatus(SystemStatusService status) => TypedResults.Ok(status.Get());
}
