using System.Globalization;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>
/// Judges the <see cref="ExposureBook"/>: the cross-venue delta per underlying (breach → Reducing condition, incident
/// and a <see cref="DeltaRepairRequest"/>; back within → condition cleared) and the snapshot diff between venue
/// positions and the ledger (mismatch → Reducing condition and incident, when <c>guards:snapshot_diff_check</c> is on).
/// <see cref="RefreshAsync"/> polls every registered venue's positions and account margin and runs both checks.
/// </summary>
public sealed class ExposureMonitor
{
    private readonly RiskOptions options;
    private readonly ExposureBook book;
    private readonly ITradingStateController state;
    private readonly RiskEvents events;
    private readonly MarginHeadroomMonitor margin;
    private readonly IReadOnlyList<IDerivClient> clients;
    private readonly TimeProvider time;
    private readonly TimeSpan grace;
    private readonly Lock gate = new();
    private readonly Dictionary<UnifiedSymbol, DateTimeOffset> firstBreach = [];
    private DateTimeOffset? firstMismatch;
    private long sequence;

    /// <summary>Creates a monitor.</summary>
    public ExposureMonitor(
        IOptions<RiskOptions> options,
        ExposureBook book,
        ITradingStateController state,
        RiskEvents events,
        MarginHeadroomMonitor margin,
        IEnumerable<IDerivClient> clients,
        TimeProvider? timeProvider = null)
    {
        this.options = options.Value;
        this.book = book;
        this.state = state;
        this.events = events;
        this.margin = margin;
        this.clients = [.. clients];
        time = timeProvider ?? TimeProvider.System;
        grace = TimeSpan.FromMilliseconds(this.options.DeltaBreachGraceMs);
    }

    /// <summary>
    /// Runs <see cref="RefreshAsync"/> every <c>guards:position_poll_interval_ms</c> until cancelled (the hosted service
    /// registered by <c>AddPropBotRisk</c> calls it). Failures are logged by the caller's handler, never thrown.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Guards.PositionPollIntervalMs);
        if (interval <= TimeSpan.Zero || clients.Count == 0)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                RefreshFailed?.Invoke(ex);
                try
                {
                    await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Raised when a refresh in <see cref="RunAsync"/> throws (a bug in a client); the loop continues.</summary>
    public event Action<Exception>? RefreshFailed;

    /// <summary>Condition key of a delta breach of an underlying.</summary>
    public static string DeltaConditionKey(UnifiedSymbol underlying) => "delta:" + underlying;

    /// <summary>Condition key of the snapshot mismatch.</summary>
    public const string SnapshotConditionKey = "snapshot_diff";

    /// <summary>
    /// Polls positions and account margin of every venue, applies them to the book and the margin monitor, then runs
    /// <see cref="CheckSnapshotDiff"/> and <see cref="CheckDelta"/>. Venue errors are returned, never thrown.
    /// </summary>
    public async Task<IReadOnlyList<VenueError>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var errors = new List<VenueError>();
        foreach (var client in clients)
        {
            var positions = await client.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
            if (positions.Success)
            {
                book.ApplyVenuePositions(client.Venue, positions.Data, client.SymbolMapper);
            }
            else
            {
                errors.Add(positions.Error);
            }

            var account = await client.GetAccountMarginAsync(cancellationToken).ConfigureAwait(false);
            if (account.Success)
            {
                margin.Update(account.Data);
            }
            else
            {
                errors.Add(account.Error);
            }
        }

        if (errors.Count == 0)
        {
            CheckSnapshotDiff();
        }

        CheckDelta();
        return errors;
    }

    /// <summary>
    /// Compares venue positions with the ledger; a mismatch that has lasted at least <c>guards:snapshot_diff_grace_ms</c>
    /// sets the snapshot condition (Reducing) and raises an incident; the condition clears when they agree again.
    /// No-op when <c>guards:snapshot_diff_check</c> is false.
    /// </summary>
    /// <returns>The mismatching instruments.</returns>
    public IReadOnlyList<ExposureEntry> CheckSnapshotDiff()
    {
        if (!options.Guards.SnapshotDiffCheck)
        {
            return [];
        }

        var diffs = book.CompareWithLedger(options.Guards.SnapshotDiffToleranceUsd);
        var now = time.GetUtcNow();
        if (diffs.Count == 0)
        {
            lock (gate)
            {
                firstMismatch = null;
            }

            state.ClearCondition(SnapshotConditionKey, "venue positions agree with the ledger", RiskActors.SnapshotDiff);
            return diffs;
        }

        lock (gate)
        {
            firstMismatch ??= now;
            if (now - firstMismatch.Value < TimeSpan.FromMilliseconds(options.Guards.SnapshotDiffGraceMs) && !state.IsConditionActive(SnapshotConditionKey))
            {
                return diffs;
            }
        }

        var inv = CultureInfo.InvariantCulture;
        var first = diffs[0];
        var message = string.Create(inv, $"venue positions disagree with the ledger on {diffs.Count} instrument(s), e.g. {first.Instrument} venue {first.VenueQuantity} vs ledger {first.LedgerQuantity}");
        var wasActive = state.IsConditionActive(SnapshotConditionKey);
        state.SetCondition(SnapshotConditionKey, TradingState.Reducing, RiskDenialCodes.SnapshotMismatch, message, RiskActors.SnapshotDiff);
        if (!wasActive)
        {
            var details = new Dictionary<string, string>();
            foreach (var d in diffs)
            {
                details[d.Instrument.ToString()] = string.Create(inv, $"venue={d.VenueQuantity} ledger={d.LedgerQuantity} mark={d.Mark}");
            }

            Raise(RiskIncidentKinds.SnapshotMismatch, "Snapshot diff: " + message, RiskActors.SnapshotDiff, details, "sd");
        }

        return diffs;
    }

    /// <summary>
    /// Checks every underlying's net delta against <c>risk:cross_venue_delta_abs_max_usd</c>. A breach that has lasted
    /// at least <c>risk:delta_breach_grace_ms</c> (measured from the first check that saw it) sets the underlying's delta
    /// condition (Reducing), raises an incident the first time and a repair request on every check while it lasts.
    /// </summary>
    /// <returns>The repair requests raised.</returns>
    public IReadOnlyList<DeltaRepairRequest> CheckDelta()
    {
        var limit = options.CrossVenueDeltaAbsMaxUsd;
        var requests = new List<DeltaRepairRequest>();
        var entries = book.Snapshot();
        var inv = CultureInfo.InvariantCulture;
        foreach (var underlying in book.Underlyings())
        {
            var key = DeltaConditionKey(underlying);
            var deltaBase = 0m;
            var deltaUsd = 0m;
            foreach (var e in entries)
            {
                if (e.Underlying == underlying)
                {
                    deltaBase += e.VenueQuantity;
                    deltaUsd += e.VenueQuantity * e.Mark;
                }
            }

            var now = time.GetUtcNow();
            if (Math.Abs(deltaUsd) <= limit)
            {
                lock (gate)
                {
                    firstBreach.Remove(underlying);
                }

                state.ClearCondition(key, string.Create(inv, $"cross-venue delta of {underlying} back within {limit} USD, was {decimal.Round(deltaUsd, 2)}"), RiskActors.DeltaMonitor);
                continue;
            }

            lock (gate)
            {
                if (!firstBreach.TryGetValue(underlying, out var first))
                {
                    firstBreach[underlying] = first = now;
                }

                if (now - first < grace && !state.IsConditionActive(key))
                {
                    continue;
                }
            }

            var message = string.Create(inv, $"cross-venue delta of {underlying} exceeds risk:cross_venue_delta_abs_max_usd {limit}, was {decimal.Round(deltaUsd, 2)} USD ({deltaBase} base)");
            var wasActive = state.IsConditionActive(key);
            state.SetCondition(key, TradingState.Reducing, RiskDenialCodes.DeltaLimit, message, RiskActors.DeltaMonitor);
            if (!wasActive)
            {
                Raise(RiskIncidentKinds.DeltaLimit, "Delta breach: " + message, RiskActors.DeltaMonitor,
                    new Dictionary<string, string> { ["underlying"] = underlying.ToString(), ["net_delta_usd"] = deltaUsd.ToString(inv), ["net_delta_base"] = deltaBase.ToString(inv) }, "dl");
            }

            // Reduce the largest position on the excess side.
            ExposureEntry? target = null;
            foreach (var e in entries)
            {
                if (e.Underlying == underlying && Math.Sign(e.VenueQuantity) == Math.Sign(deltaBase) && (target is null || Math.Abs(e.VenueQuantity) > Math.Abs(target.VenueQuantity)))
                {
                    target = e;
                }
            }

            if (target is null)
            {
                continue;
            }

            var request = new DeltaRepairRequest
            {
                Underlying = underlying,
                NetDeltaBase = deltaBase,
                NetDeltaUsd = deltaUsd,
                LimitUsd = limit,
                Instrument = target.Instrument,
                Side = deltaBase > 0m ? OrderSide.Sell : OrderSide.Buy,
                Quantity = Math.Min(Math.Abs(deltaBase), Math.Abs(target.VenueQuantity)),
                Time = now,
            };
            requests.Add(request);
            events.Raise(request);
        }

        return requests;
    }

    private void Raise(string kind, string message, string actor, Dictionary<string, string> details, string prefix)
    {
        var now = time.GetUtcNow();
        events.Raise(new RiskIncident
        {
            Id = RiskIds.Incident(now, Interlocked.Increment(ref sequence), prefix),
            Time = now,
            Kind = kind,
            Message = message,
            Actor = actor,
            Details = details,
        });
    }
}
