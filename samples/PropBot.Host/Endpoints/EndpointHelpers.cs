using Microsoft.AspNetCore.Http.HttpResults;

namespace PropBot.Host.Endpoints;

/// <summary>Shared ProblemDetails shapes: 400 naming the field, 409 for the trading state, 503 for venue data.</summary>
internal static class Problems
{
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    public static ProblemHttpResult Conflict(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "The trading state forbids this action.",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Unavailable(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Venue data is not available.",
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
