using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Host.Live;

namespace PropBot.Host.Endpoints;

/// <summary>Body of <c>POST /api/live/approvals</c>.</summary>
/// <param name="Decision"><c>approve</c> or <c>revoke</c>.</param>
internal sealed record ApprovalRequest(string? Decision);

/// <summary><c>/api/live/approvals</c>: the two-man rule.</summary>
internal static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/live").WithTags("Live gate");
        group.MapPost("/approvals", Decide).WithName("DecideLiveApproval").RequireAuthorization(TokenAuth.OperatorPolicy)
            .WithSummary("Approve or revoke going live (two distinct operators within the window plus a passing preflight arm it).");
        group.MapGet("/approvals", GetApprovals).WithName("GetLiveApprovals").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .WithSummary("Approvals, preflight and why live trading is (not) armed. ?preflight=true re-runs the preflight.");
        return app;
    }

    public static async Task<Results<Ok<LiveGateStatus>, ValidationProblem>> Decide(ApprovalRequest request, LiveGate gate, HttpContext http, CancellationToken cancellationToken)
    {
        var actor = http.User.Actor();
        return request?.Decision switch
        {
            "approve" => TypedResults.Ok(await gate.ApproveAsync(actor, cancellationToken)),
            "revoke" => TypedResults.Ok(await gate.RevokeAsync(actor, cancellationToken)),
            _ => Problems.Field("decision", $"decision must be approve or revoke, was '{request?.Decision}'"),
        };
    }

    public static async Task<Ok<LiveGateStatus>> GetApprovals(LiveGate gate, bool? preflight, CancellationToken cancellationToken) =>
        TypedResults.Ok(await gate.GetStatusAsync(preflight == true, cancellationToken));
}
