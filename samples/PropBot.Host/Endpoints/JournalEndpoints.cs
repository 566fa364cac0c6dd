using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PropBot.Host.Auth;
using PropBot.Host.Journal;

namespace PropBot.Host.Endpoints;

/// <summary><c>GET /api/journal</c>: paged, filterable, newest first.</summary>
internal static class JournalEndpoints
{
    public static IEndpointRouteBuilder MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Journal").RequireAuthorization(TokenAuth.ReadOnlyPolicy)
            .MapGet("/journal", GetJournal).WithName("GetJournal")
            .WithSummary("Journal entries, newest first. Filters: kind (prefix), severity, venue, correlation_id, since.");
        return app;
    }

    public static async Task<Results<Ok<HostJournalPage>, ValidationProblem>> GetJournal(
        IHostJournal journal,
        string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        string? kind,
        string? severity,
        string? venue,
        [FromQuery(Name = "correlation_id")] string? correlationId,
        string? since,
        CancellationToken cancellationToken)
    {
        var p = 1;
        if (page is not null && (!int.TryParse(page, System.Globalization.CultureInfo.InvariantCulture, out p) || p < 1))
        {
            return Problems.Field("page", $"page must be an integer >= 1, was '{page}'");
        }

        var size = 50;
        if (pageSize is not null && (!int.TryParse(pageSize, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
        {
            return Problems.Field("page_size", $"page_size must be an integer between 1 and 500, was '{pageSize}'");
        }

        if (severity is not null and not ("info" or "warn" or "error"))
        {
            return Problems.Field("severity", $"severity must be info, warn or error, was '{severity}'");
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.Field("since", $"since must be an ISO-8601 timestamp, was '{since}'");
            }

            from = parsed;
        }

        return TypedResults.Ok(await journal.QueryAsync(new HostJournalQuery(p, size, kind, severity, venue, correlationId, from), cancellationToken));
    }
}
