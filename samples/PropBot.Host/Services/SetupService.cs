using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Journal;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

internal sealed record SetupAction(string Venue, string? Symbol, string Setting, string? Current, string Desired, string Action, bool? Verified, string? Error);

internal sealed record SetupReport(bool DryRun, string? DryRunReason, int Changes, bool Verified, IReadOnlyList<SetupAction> Actions, long JournalSeq);

/// <summary>
/// Idempotent posture setup (position mode per venue; margin type and leverage per symbol) from configuration. In
/// SAFE_MODE it returns the plan only; otherwise it applies what differs and verifies by reading back.
/// </summary>
internal sealed class SetupService(HostSettings settings, VenueDirectory venues, PreflightService preflight, IHostJournal journal)
{
    public async Task<SetupReport> RunAsync(string? venueFilter, string actor, CancellationToken cancellationToken)
    {
        var dryRun = settings.SafeMode;
        var actions = new List<SetupAction>();
        foreach (var venue in venues.All.Where(v => venueFilter is null || v.Id.Value == venueFilter))
        {
            preflight.Invalidate();
            var before = await preflight.PostureAsync(venue, cancellationToken).ConfigureAwait(false);
            if (!before.Connected)
            {
                actions.Add(new SetupAction(venue.Id.Value, null, "connectivity", "unreachable", "connected", "skipped", false, before.Error));
                continue;
            }

            var client = venue.Client;
            var desiredMode = venue.DesiredPositionMode;
            if (before.PositionMode == desiredMode)
            {
                actions.Add(new SetupAction(venue.Id.Value, null, "position_mode", Wire.Of(desiredMode), Wire.Of(desiredMode), "none", true, null));
            }
            else if (dryRun)
            {
                actions.Add(new SetupAction(venue.Id.Value, null, "position_mode", Of(before.PositionMode), Wire.Of(desiredMode), "would_set", null, null));
            }
            else
            {
                var set = await client.SetPositionModeAsync(desiredMode, cancellationToken).ConfigureAwait(false);
                var read = await client.GetPositionModeAsync(cancellationToken).ConfigureAwait(false);
                actions.Add(new SetupAction(venue.Id.Value, null, "position_mode", Of(before.PositionMode), Wire.Of(desiredMode), "set",
                    read.Success && read.Data == desiredMode, set.Success ? null : Wire.Of(set.Error)));
            }

            foreach (var symbol in venue.Settings.Symbols)
            {
                before.Symbols.TryGetValue(symbol, out var current);
                var desiredMargin = venue.DesiredMarginType;
                var marginOk = current is not null && current.MarginType == desiredMargin;
                string? marginError = null;
                if (!marginOk && !dryRun)
                {
                    var set = await client.SetMarginTypeAsync(symbol, desiredMargin, cancellationToken).ConfigureAwait(false);
                    marginError = set.Success ? null : Wire.Of(set.Error);
                }

                var leverageOk = current is not null && current.Leverage == venue.Settings.Leverage && marginOk;
                string? leverageError = null;
                if (!leverageOk && !dryRun)
                {
                    var set = await client.SetLeverageAsync(new LeverageRequest(symbol, venue.Settings.Leverage, desiredMargin), cancellationToken).ConfigureAwait(false);
                    leverageError = set.Success ? null : Wire.Of(set.Error);
                }

                LeverageSetting? after = current;
                if (!dryRun && (!marginOk || !leverageOk))
                {
                    var read = await client.GetLeverageAsync(symbol, desiredMargin, cancellationToken).ConfigureAwait(false);
                    after = read.Success ? read.Data.FirstOrDefault() : null;
                }

                actions.Add(new SetupAction(venue.Id.Value, symbol, "margin_type", current is null ? null : Wire.Of(current.MarginType), Wire.Of(desiredMargin),
                    marginOk ? "none" : dryRun ? "would_set" : "set", dryRun && !marginOk ? null : after?.MarginType == desiredMargin, marginError));
                actions.Add(new SetupAction(venue.Id.Value, symbol, "leverage", current?.Leverage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    venue.Settings.Leverage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    leverageOk ? "none" : dryRun ? "would_set" : "set", dryRun && !leverageOk ? null : after?.Leverage == venue.Settings.Leverage, leverageError));
            }
        }

        preflight.Invalidate();
        var changes = actions.Count(a => a.Action is "set" or "would_set");
        var verified = actions.All(a => a.Verified == true);
        var entry = await journal.AppendAsync(new HostJournalEntry
        {
            Kind = dryRun ? "deriv.setup.dry_run" : "deriv.setup",
            Severity = verified || dryRun ? "info" : "warn",
            Actor = actor,
            Venue = venueFilter,
            Message = dryRun
                ? $"Setup plan (SAFE_MODE): {changes} change(s) would be made."
                : $"Setup applied {changes} change(s); {(verified ? "verified by read-back" : "NOT verified")}.",
        }, new { actions }, cancellationToken).ConfigureAwait(false);
        return new SetupReport(dryRun, dryRun ? "SAFE_MODE" : null, changes, verified, actions, entry.Seq);
    }

    private static string? Of(PositionMode? mode) => mode is { } m ? Wire.Of(m) : null;
}
