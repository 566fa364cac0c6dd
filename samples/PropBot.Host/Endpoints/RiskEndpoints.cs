using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Host.Auth;
using PropBot.Risk;
using PropBot.Host.Journal;
using PropBot.Host.Services;

namespace PropBot.Host.Endpoints;

/// <summary>Body of the risk-control endpoints.</summary>
/// <param name="Reason">Why (journaled and shown in System Status).</param>
internal sealed record RiskActionRequest(string? Reason);

internal sealed record TradingStateResponse(string State, string Reason, string? Code, DateTimeOffset Since, string? ChangedBy, IReadOnlyList<string> Conditions, long JournalSeq);

/// <summary>What PropBot.Risk's kill switch did: halt, cancel every open order, reduce-only flatten, incident.</summary>
internal sealed record KillSwitchView(string IncidentId, int OrdersCancelled, IReadOnlyList<string> CancelFailures, int FlattenOrders, IReadOnlyList<string> FlattenFailures);

internal sealed record KillResponse(string State, string Reason, string? Code, DateTimeOffset Since, string? ChangedBy, IReadOnlyList<string> Conditions, long JournalSeq, KillSwitchView KillSwitch);

/// <summary><c>/api/risk/*</c>: HOLD (reduce only), reset, kill switch.</summary>
internal static class RiskEndpoints
{
    public static IEndpointRouteBuilder MapRiskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/risk").WithTags("Risk").RequireAuthorization(TokenAuth.OperatorPolicy);
        group.MapPost("/hold", Hold).WithName("HoldTrading").WithSummary("HOLD: no new opens (reducing orders and flatten still allowed).");
        group.MapPost("/reset", Reset).WithName("ResetTrading").WithSummary("Manual reset to Active after a HOLD or the kill switch.");
        group.MapPost("/kill", Kill).WithName("KillSwitch").WithSummary("Kill switch (PropBot.Risk IKillSwitch): Halted, cancels every open order on every venue, flattens all positions reduce-only and records an incident; only flatten is allowed afterwards.");
        return app;
    }

    public static async Task<Results<Ok<TradingStateResponse>, ProblemHttpResult>> Hold(RiskActionRequest? request, TradingStateService state, IHostJournal journal, HttpContext http, CancellationToken cancellationToken)
    {
        var reason = Reason(request, "operator hold");
        if (!state.TryHold(reason, http.User.Actor(), out var current))
        {
            return Problems.Conflict("TRADING_HALTED", $"Trading is halted ({current.Reason}); POST /api/risk/reset first.");
        }

        return TypedResults.Ok(await RecordAsync(journal, "risk.hold", "warn", current, cancellationToken));
    }

    public static async Task<Results<Ok<TradingStateResponse>, ProblemHttpResult>> Reset(RiskActionRequest? request, TradingStateService state, IHostJournal journal, HttpContext http, CancellationToken cancellationToken)
    {
        if (!state.TryReset(Reason(request, "operator reset"), http.User.Actor(), out var current, out var message))
        {
            await RecordAsync(journal, "risk.reset.refused", "warn", current, cancellationToken);
            return Problems.Conflict("RESET_REFUSED", $"{message} Active conditions: {string.Join(", ", current.Conditions)}.");
        }

        return TypedResults.Ok(await RecordAsync(journal, "risk.reset", "info", current, cancellationToken));
    }

    public static async Task<Ok<KillResponse>> Kill(RiskActionRequest? request, IKillSwitch killSwitch, TradingStateService state, IHostJournal journal, HttpContext http, CancellationToken cancellationToken)
    {
        // The risk package's kill switch: latched halt, cancel all open orders, reduce-only flatten, incident.
        // Never refused; venue failures are reported in the response, not thrown.
        var report = await killSwitch.ActivateAsync(http.User.Actor(), Reason(request, "operator kill switch"), cancellationToken);
        var s = await RecordAsync(journal, "risk.kill", "error", state.Current, cancellationToken);
        return TypedResults.Ok(new KillResponse(s.State, s.Reason, s.Code, s.Since, s.ChangedBy, s.Conditions, s.JournalSeq,
            new KillSwitchView(report.Incident.Id, report.OrdersCancelled, report.CancelFailures, report.Flatten.Orders.Count, report.Flatten.Failures)));
    }

    private static string Reason(RiskActionRequest? request, string fallback) =>
        string.IsNullOrWhiteSpace(request?.Reason) ? fallback : request.Reason.Trim()[..Math.Min(200, request.Reason.Trim().Length)];

    private static async Task<TradingStateResponse> RecordAsync(IHostJournal journal, string kind, string severity, TradingStatus s, CancellationToken cancellationToken)
    {
        var entry = await journal.AppendAsync(new HostJournalEntry
        {
            Kind = kind,
            Severity = severity,
            Actor = s.ChangedBy,
            Message = $"Trading state {s.State.ToString().ToLowerInvariant()}: {s.Reason}",
        }, null, cancellationToken);
        return new TradingStateResponse(s.State.ToString().ToLowerInvariant(), s.Reason, s.Code, s.Since, s.ChangedBy, s.Conditions, entry.Seq);
    }
}
