using Microsoft.AspNetCore.Http.HttpResults;

namespace PropBot.Host;

/// <summary>System Status endpoint (foundation stage: profile and SAFE_MODE only).</summary>
public static class StatusEndpoints
{
    /// <summary>Maps <c>GET /api/status</c>.</summary>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Status");
        group.MapGet("/status", GetStatus).WithName("GetSystemStatus");
        return app;
    }

    /// <summary>Profile and SAFE_MODE.</summary>
    public static Ok<SystemStatus> GetStatus(IConfiguration configuration)
    {
        var profile = configuration["EXCHANGE_PROFILE"] ?? "paper";
        var safeMode = !string.Equals(configuration["SAFE_MODE"], "false", StringComparison.OrdinalIgnoreCase);
        return TypedResults.Ok(new SystemStatus(profile, safeMode));
    }
}

/// <summary>System Status.</summary>
/// <param name="Profile">paper, testnet or live.</param>
/// <param name="SafeMode">Whether SAFE_MODE (dry run) is on.</param>
public sealed record SystemStatus(string Profile, bool SafeMode);
