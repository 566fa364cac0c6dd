using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;
using PropBot.Risk;

namespace PropBot.Arbitrage.Journal;

/// <summary>
/// Start-up crash recovery (spec sections E and J). Runs in <see cref="StartAsync"/>, i.e. before hosted services
/// registered after it (the engine, the auto-mode scanner) start: checks the journal's integrity, then for every
/// unfinished execution resolves each journaled order on its venue by client order id (cancelling any still working),
/// computes the pair's unmatched quantity from the venues' answers, hedges it out with a reduce-only market order
/// (<see cref="OrderPurpose.HedgeOut"/>), verifies the pair's cross-venue delta from the venues' positions and journals
/// what it did. An execution that cannot be brought to a verified safe end gets an incident, stays unfinished (tried
/// again at the next start) and the report requires HOLD.
/// </summary>
public sealed class RecoveryService : IHostedService, IRecoveryStatus
{
    private const string RecoveryLegTag = "RV";

    private readonly IJournalStore _store;
    private readonly Dictionary<VenueId, IDerivClient> _clients;
    private readonly JournalOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly JournalMetrics? _metrics;
    private readonly ITradingStateController? _tradingState;
    private readonly TaskCompletionSource<RecoveryReport> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the service.</summary>
    /// <param name="store">The journal.</param>
    /// <param name="clients">Venue clients, one per venue.</param>
    /// <param name="options">Options.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="tradingState">When given, a recovery that requires HOLD escalates it to <see cref="TradingState.Halted"/>.</param>
    public RecoveryService(
        IJournalStore store,
        IEnumerable<IDerivClient> clients,
        IOptions<JournalOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<RecoveryService>? logger = null,
        ITradingStateController? tradingState = null)
        : this(store, clients, options, timeProvider, logger, metrics: null, tradingState)
    {
    }

    internal RecoveryService(
        IJournalStore store,
        IEnumerable<IDerivClient> clients,
        IOptions<JournalOptions> options,
        TimeProvider? timeProvider,
        ILogger<RecoveryService>? logger,
        JournalMetrics? metrics,
        ITradingStateController? tradingState)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _clients = new Dictionary<VenueId, IDerivClient>();
        foreach (var client in clients)
        {
            _clients.TryAdd(client.Venue, client);
        }

        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _tradingState = tradingState;
    }

    /// <summary>Actor name used for trading-state changes made by recovery.</summary>
    public const string Actor = "journal.recovery";

    /// <inheritdoc />
    public Task<RecoveryReport> Completion => _completion.Task;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.RecoveryEnabled)
        {
            _completion.TrySetResult(new RecoveryReport { Integrity = new JournalIntegrityResult { Problem = JournalIntegrityProblem.None }, Executions = [] });
            return;
        }

        try
        {
            var report = await RecoverAsync(cancellationToken).ConfigureAwait(false);
            _completion.TrySetResult(report);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(cancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed: the engine must not trade when recovery itself broke.
            _completion.TrySetException(ex);
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs one recovery pass (also usable outside a host).</summary>
    public async Task<RecoveryReport> RecoverAsync(CancellationToken cancellationToken)
    {
        var integrity = await _store.VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (!integrity.IsIntact)
        {
            _metrics?.IntegrityFailure();
            _logger.LogError("Journal damaged at start ({Integrity}); trading will HOLD", integrity);
            await _store.AppendAsync(
                new JournalEntry
                {
                    Kind = JournalRecordKind.Incident,
                    Payload = JsonSerializer.Serialize(new
                    {
                        code = integrity.Code,
                        first_bad_sequence = integrity.FirstBadSequence,
                        last_valid_sequence = integrity.LastValidSequence,
                        detail = integrity.Detail,
                    }),
                },
                cancellationToken).ConfigureAwait(false);
        }

        var results = new List<RecoveredExecution>();
        foreach (var executionId in await _store.ListUnfinishedExecutionsAsync(cancellationToken).ConfigureAwait(false))
        {
            RecoveredExecution result;
            try
            {
                result = await RecoverExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Recovery of execution {ExecutionId} failed", executionId);
                result = new RecoveredExecution
                {
                    ExecutionId = executionId,
                    Outcome = ExecutionOutcome.Incident,
                    Code = "RECOVERY_FAULT",
                    Detail = $"{ex.GetType().Name}: {ex.Message}",
                };
            }

            _metrics?.Recovered(result.Outcome.Code());
            if (result.Outcome == ExecutionOutcome.Incident)
            {
                _logger.LogError("Execution {ExecutionId} could not be recovered ({Code}: {Detail}); HOLD", executionId, result.Code, result.Detail);
            }
            else
            {
                _logger.LogWarning("Execution {ExecutionId} recovered: {Code} ({Detail})", executionId, result.Code, result.Detail);
            }

            results.Add(result);
        }

        var report = new RecoveryReport { Integrity = integrity, Executions = results };
        if (report.HoldRequired && _tradingState is not null)
        {
            var code = integrity.IsIntact ? results.First(r => r.Outcome == ExecutionOutcome.Incident).Code : integrity.Code;
            _tradingState.Escalate(
                TradingState.Halted,
                code,
                $"crash recovery could not bring every execution to a verified safe end ({string.Join(", ", results.Where(r => r.Outcome == ExecutionOutcome.Incident).Select(r => $"{r.ExecutionId}: {r.Code}"))}; journal {integrity.Code})",
                Actor);
        }

        return report;
    }

    private async Task<RecoveredExecution> RecoverExecutionAsync(string executionId, CancellationToken ct)
    {
        var records = await _store.ReadExecutionAsync(executionId, ct).ConfigureAwait(false);
        var events = new List<ExecutionEvent>();
        var unreadable = 0;
        foreach (var record in records)
        {
            if (ExecutionEventSerializer.TryRead(record) is { } e)
            {
                events.Add(e);
            }
            else
            {
                unreadable++;
            }
        }

        var lastState = events.LastOrDefault(e => e.Kind == ExecutionEventKind.Transition)?.ToState;
        var context = new RecoveryContext(executionId, events.Count == 0 ? null : events[0].Pair, events.Count == 0 ? 0 : events.Max(e => e.Sequence), lastState);
        if (context.Pair is null)
        {
            // Nothing readable: we cannot know what was sent. Keep it unfinished and HOLD.
            return await HoldAsync(context, "RECOVERY_UNREADABLE_EXECUTION", $"{records.Count} records, none readable", ct).ConfigureAwait(false);
        }

        var dryRun = events.Any(e => e.DryRun);
        if (dryRun)
        {
            return await CompleteAsync(context, ExecutionOutcome.Aborted, "RECOVERED_DRY_RUN", "SAFE_MODE dry run: no real orders to reconcile", 0m, null, ct).ConfigureAwait(false);
        }

        // Every order the engine meant to send, by client order id, with the last report it saw.
        var intents = new Dictionary<string, (OrderRequest Order, LegRole? Leg, VenueId Venue)>(StringComparer.Ordinal);
        var reports = new Dictionary<string, OrderReport>(StringComparer.Ordinal);
        var legFills = new Dictionary<string, LegFill>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Kind == ExecutionEventKind.OrderIntent && e.Order is not null && (e.Venue ?? VenueOf(context.Pair, e.Order.Symbol)) is { } venue)
            {
                intents[e.Order.ClientOrderId.Value] = (e.Order, e.Leg, venue);
            }
            else if (e.Report is not null)
            {
                reports[e.Report.ClientOrderId.Value] = e.Report;
            }
            else if (e.Fill is not null)
            {
                legFills[e.Fill.ClientOrderId.Value] = e.Fill;
            }
        }

        var signed = new Dictionary<InstrumentId, decimal>();
        var unresolved = new List<string>();
        foreach (var (coid, intent) in intents)
        {
            var known = reports.GetValueOrDefault(coid);
            if (known is null && legFills.TryGetValue(coid, out var legFill))
            {
                known = new OrderReport
                {
                    Instrument = legFill.Instrument,
                    ClientOrderId = legFill.ClientOrderId,
                    VenueOrderId = legFill.VenueOrderId,
                    Side = legFill.Side,
                    Type = intent.Order.Type,
                    Status = legFill.Status,
                    Quantity = legFill.RequestedQuantity,
                    FilledQuantity = legFill.FilledQuantity,
                };
            }

            var filled = await ResolveFilledAsync(context, coid, intent.Order, intent.Leg, intent.Venue, known, ct).ConfigureAwait(false);
            if (filled is null)
            {
                unresolved.Add(coid);
                continue;
            }

            var instrument = new InstrumentId(intent.Venue, intent.Order.Symbol);
            signed[instrument] = signed.GetValueOrDefault(instrument) + (filled.Value * intent.Order.Side.Sign());
        }

        if (unresolved.Count > 0)
        {
            return await HoldAsync(context, "RECOVERY_ORDER_UNRESOLVED", $"orders {string.Join(", ", unresolved)} could not be resolved on their venue", ct).ConfigureAwait(false);
        }

        var pair = context.Pair;
        var longQuantity = signed.GetValueOrDefault(pair.Long);
        var shortQuantity = signed.GetValueOrDefault(pair.Short);
        var residual = longQuantity + shortQuantity;
        var hedgedOut = 0m;
        var hadHedgeOut = intents.Values.Any(i => i.Leg == LegRole.HedgeOut || i.Order.Purpose != OrderPurpose.Entry);
        if (residual != 0m)
        {
            var excessInstrument = residual > 0m ? pair.Long : pair.Short;
            var template = intents.Values
                .Where(i => new InstrumentId(i.Venue, i.Order.Symbol) == excessInstrument && i.Order.Purpose == OrderPurpose.Entry)
                .Select(i => i.Order)
                .FirstOrDefault();
            var hedge = await HedgeOutAsync(context, excessInstrument, residual, template, intents.Keys, ct).ConfigureAwait(false);
            if (hedge.Failure is not null)
            {
                return await HoldAsync(context, hedge.FailureCode!, hedge.Failure, ct).ConfigureAwait(false);
            }

            hedgedOut = hedge.Quantity;
            hadHedgeOut = true;
        }

        var delta = await MeasureDeltaUsdAsync(pair, ct).ConfigureAwait(false);
        if (delta is null)
        {
            return await HoldAsync(context, "RECOVERY_DELTA_UNVERIFIED", "positions could not be read to verify the pair's delta", ct).ConfigureAwait(false);
        }

        if (delta.Value > _options.RecoveryDeltaToleranceUsd)
        {
            return await HoldAsync(
                context,
                "RECOVERY_DELTA_ABOVE_LIMIT",
                string.Create(CultureInfo.InvariantCulture, $"pair delta {delta.Value:0.##} USD above {_options.RecoveryDeltaToleranceUsd:0.##} USD after recovery"),
                ct).ConfigureAwait(false);
        }

        if (hadHedgeOut)
        {
            return await CompleteAsync(
                context,
                ExecutionOutcome.Rescued,
                "RECOVERED_HEDGED_OUT",
                string.Create(CultureInfo.InvariantCulture, $"unmatched quantity {Math.Abs(residual)} hedged out ({hedgedOut} by recovery); long {longQuantity}, short {shortQuantity}"),
                hedgedOut,
                delta,
                ct).ConfigureAwait(false);
        }

        return longQuantity == 0m && shortQuantity == 0m
            ? await CompleteAsync(context, ExecutionOutcome.Aborted, "RECOVERED_NOTHING_EXPOSED", "no order of the execution filled", 0m, delta, ct).ConfigureAwait(false)
            : await CompleteAsync(context, ExecutionOutcome.Succeeded, "RECOVERED_HEDGED", string.Create(CultureInfo.InvariantCulture, $"both legs matched at {longQuantity}"), 0m, delta, ct).ConfigureAwait(false);
    }

    private static VenueId? VenueOf(ArbPair pair, string symbol) =>
        string.Equals(pair.Long.Symbol, symbol, StringComparison.Ordinal) ? pair.Long.Venue
        : string.Equals(pair.Short.Symbol, symbol, StringComparison.Ordinal) ? pair.Short.Venue
        : null;

    /// <summary>The filled quantity of one order as the venue reports it; null when it cannot be resolved.</summary>
    private async Task<decimal?> ResolveFilledAsync(RecoveryContext context, string coid, OrderRequest order, LegRole? leg, VenueId venue, OrderReport? known, CancellationToken ct)
    {
        if (known is not null && known.Status.IsTerminal())
        {
            return known.FilledQuantity;
        }

        if (!_clients.TryGetValue(venue, out var client))
        {
            _logger.LogError("No client for venue {Venue} to resolve order {ClientOrderId}", venue, coid);
            return null;
        }

        var lookup = new OrderLookup { Symbol = order.Symbol, ClientOrderId = order.ClientOrderId };
        var result = await ReadAsync(() => client.GetOrderAsync(lookup, ct), ct).ConfigureAwait(false);
        if (!result.Success)
        {
            if (result.Error.Kind == VenueErrorKind.NotFound)
            {
                // Never reached the venue (the process died before or while sending it).
                await AppendAsync(context, ExecutionEventKind.OrderFailed, e => e with { Leg = leg, Venue = venue, Error = result.Error, ReasonCode = "OUTCOME_ABSENT", Detail = "recovery: order not found on the venue" }, ct).ConfigureAwait(false);
                return 0m;
            }

            _logger.LogWarning("Could not resolve order {ClientOrderId} on {Venue}: {Error}", coid, venue, result.Error);
            return null;
        }

        var report = result.Data;
        if (!report.Status.IsTerminal())
        {
            // Still working (e.g. a resting maker leg): stop it before computing exposure.
            var cancel = await client.CancelOrderAsync(lookup, ct).ConfigureAwait(false);
            var again = await ReadAsync(() => client.GetOrderAsync(lookup, ct), ct).ConfigureAwait(false);
            if (!again.Success || !again.Data.Status.IsTerminal())
            {
                _logger.LogWarning("Order {ClientOrderId} on {Venue} could not be cancelled: {Error}", coid, venue, cancel.Error ?? again.Error);
                return null;
            }

            report = again.Data;
        }

        await AppendAsync(context, ExecutionEventKind.OrderReported, e => e with { Leg = leg, Venue = venue, Report = report, Detail = "recovery: resolved by client order id" }, ct).ConfigureAwait(false);
        return report.FilledQuantity;
    }

    private async Task<(decimal Quantity, string? FailureCode, string? Failure)> HedgeOutAsync(
        RecoveryContext context,
        InstrumentId instrument,
        decimal residual,
        OrderRequest? template,
        IEnumerable<string> usedClientOrderIds,
        CancellationToken ct)
    {
        if (!_clients.TryGetValue(instrument.Venue, out var client))
        {
            return (0m, "RECOVERY_NO_CLIENT", $"no client for venue {instrument.Venue}");
        }

        var side = residual > 0m ? OrderSide.Sell : OrderSide.Buy;
        var quantity = Math.Abs(residual);

        // Never send more than the venue position actually holds in that direction (reduce-only would be refused).
        var positions = await ReadAsync(() => client.GetPositionsAsync(ct), ct).ConfigureAwait(false);
        if (!positions.Success)
        {
            return (0m, "RECOVERY_POSITIONS_UNAVAILABLE", $"positions on {instrument.Venue} unavailable: {positions.Error}");
        }

        var positionSide = template?.PositionSide ?? PositionSide.Both;
        var held = positions.Data
            .Where(p => p.Instrument == instrument && (positionSide == PositionSide.Both || p.PositionSide == positionSide))
            .Sum(p => p.Quantity);
        var available = residual > 0m ? Math.Max(held, 0m) : Math.Max(-held, 0m);
        quantity = Math.Min(quantity, available);

        var filters = await client.GetFiltersAsync(instrument.Symbol, ct).ConfigureAwait(false);
        if (filters.Success)
        {
            quantity = Quantizer.RoundQuantityDown(quantity, filters.Data.StepFor(OrderType.Market));
        }

        if (quantity <= 0m)
        {
            _logger.LogWarning("Execution {ExecutionId}: nothing left to hedge out on {Instrument} (venue position {Held})", context.ExecutionId, instrument, held);
            return (0m, null, null);
        }

        var used = new HashSet<string>(usedClientOrderIds, StringComparer.Ordinal);
        var attempt = 0;
        ClientOrderId clientOrderId;
        do
        {
            if (!ClientOrderId.IsValid(context.ExecutionId + RecoveryLegTag + attempt.ToString(CultureInfo.InvariantCulture)))
            {
                return (0m, "RECOVERY_CLIENT_ORDER_ID", $"cannot derive a client order id from execution id '{context.ExecutionId}'");
            }

            clientOrderId = ClientOrderId.Derive(context.ExecutionId, RecoveryLegTag, attempt++);
        }
        while (used.Contains(clientOrderId.Value));

        var order = new OrderRequest
        {
            Symbol = instrument.Symbol,
            Side = side,
            Type = OrderType.Market,
            Quantity = quantity,
            ReduceOnly = true,
            PositionSide = positionSide,
            ClientOrderId = clientOrderId,
            Purpose = OrderPurpose.HedgeOut,
            MarginType = template?.MarginType ?? MarginType.Isolated,
        };

        await AppendAsync(context, ExecutionEventKind.Transition, e => e with { FromState = context.LastState, ToState = ArbState.HedgeOutA, Trigger = ArbTrigger.StartRescue, Detail = "recovery: hedge out the unmatched leg" }, ct).ConfigureAwait(false);
        context.LastState = ArbState.HedgeOutA;
        await AppendAsync(context, ExecutionEventKind.OrderIntent, e => e with { Leg = LegRole.HedgeOut, Venue = instrument.Venue, Order = order, Detail = "recovery" }, ct).ConfigureAwait(false);

        var placed = await client.PlaceOrderAsync(order, ct).ConfigureAwait(false);
        OrderReport? report = placed.Success ? placed.Data : null;
        if (!placed.Success && placed.Error.IsOutcomeUnknown)
        {
            await AppendAsync(context, ExecutionEventKind.OrderOutcomeUnknown, e => e with { Leg = LegRole.HedgeOut, Venue = instrument.Venue, Error = placed.Error }, ct).ConfigureAwait(false);
            var query = await ReadAsync(() => client.GetOrderAsync(new OrderLookup { Symbol = order.Symbol, ClientOrderId = order.ClientOrderId }, ct), ct).ConfigureAwait(false);
            report = query.Success ? query.Data : null;
        }
        else if (!placed.Success)
        {
            await AppendAsync(context, ExecutionEventKind.OrderFailed, e => e with { Leg = LegRole.HedgeOut, Venue = instrument.Venue, Error = placed.Error, ReasonCode = placed.Error.Code }, ct).ConfigureAwait(false);
            return (0m, "RECOVERY_HEDGE_OUT_FAILED", $"hedge-out on {instrument} refused: {placed.Error}");
        }

        if (report is null)
        {
            return (0m, "RECOVERY_HEDGE_OUT_UNRESOLVED", $"hedge-out {clientOrderId} on {instrument} has an unknown outcome");
        }

        if (!report.Status.IsTerminal())
        {
            var lookup = new OrderLookup { Symbol = order.Symbol, ClientOrderId = order.ClientOrderId };
            var again = await ReadAsync(() => client.GetOrderAsync(lookup, ct), ct).ConfigureAwait(false);
            report = again.Success ? again.Data : report;
        }

        await AppendAsync(context, ExecutionEventKind.OrderReported, e => e with { Leg = LegRole.HedgeOut, Venue = instrument.Venue, Report = report }, ct).ConfigureAwait(false);
        if (report.FilledQuantity < quantity)
        {
            return (report.FilledQuantity, "RECOVERY_HEDGE_OUT_SHORT", string.Create(CultureInfo.InvariantCulture, $"hedge-out {clientOrderId} filled {report.FilledQuantity} of {quantity} ({report.Status})"));
        }

        return (report.FilledQuantity, null, null);
    }

    /// <summary>|long position + short position| of the pair in USD at mark; null when positions cannot be read.</summary>
    private async Task<decimal?> MeasureDeltaUsdAsync(ArbPair pair, CancellationToken ct)
    {
        decimal quantity = 0m;
        decimal mark = 0m;
        foreach (var instrument in new[] { pair.Long, pair.Short })
        {
            if (!_clients.TryGetValue(instrument.Venue, out var client))
            {
                return null;
            }

            var positions = await ReadAsync(() => client.GetPositionsAsync(ct), ct).ConfigureAwait(false);
            if (!positions.Success)
            {
                return null;
            }

            foreach (var p in positions.Data.Where(p => p.Instrument == instrument))
            {
                quantity += p.Quantity;
                mark = p.MarkPrice > 0m ? p.MarkPrice : mark;
            }
        }

        if (quantity == 0m)
        {
            return 0m;
        }

        if (mark <= 0m && _clients.TryGetValue(pair.Long.Venue, out var longClient))
        {
            var markPrice = await ReadAsync(() => longClient.GetMarkPriceAsync(pair.Long.Symbol, ct), ct).ConfigureAwait(false);
            mark = markPrice.Success ? markPrice.Data.MarkPrice : 0m;
        }

        // Without any price the delta cannot be valued: treat it as unbounded.
        return mark > 0m ? Math.Abs(quantity) * mark : decimal.MaxValue;
    }

    /// <summary>A venue read, retried (bounded, with back-off) while it fails transiently; NotFound and rejects are final.</summary>
    private async Task<VenueResult<T>> ReadAsync<T>(Func<Task<VenueResult<T>>> read, CancellationToken ct)
    {
        var delay = _options.RecoveryReadRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var result = await read().ConfigureAwait(false);
            if (result.Success || attempt >= _options.RecoveryReadAttempts || !(result.Error.IsTransient || result.Error.IsOutcomeUnknown))
            {
                return result;
            }

            _logger.LogWarning("Recovery read failed transiently (attempt {Attempt}): {Error}", attempt, result.Error);
            await Task.Delay(result.Error.RetryAfter is { } after && after > delay ? after : delay, _timeProvider, ct).ConfigureAwait(false);
            delay += delay;
        }
    }

    private async Task<RecoveredExecution> HoldAsync(RecoveryContext context, string code, string detail, CancellationToken ct)
    {
        if (context.Pair is not null)
        {
            await AppendAsync(context, ExecutionEventKind.Incident, e => e with { ReasonCode = code, Detail = "recovery: " + detail }, ct).ConfigureAwait(false);
        }
        else
        {
            await _store.AppendAsync(
                new JournalEntry
                {
                    ExecutionId = context.ExecutionId,
                    Kind = JournalRecordKind.Incident,
                    Payload = JsonSerializer.Serialize(new { code, detail = "recovery: " + detail }),
                },
                ct).ConfigureAwait(false);
        }

        return new RecoveredExecution { ExecutionId = context.ExecutionId, LastState = context.InitialState, Outcome = ExecutionOutcome.Incident, Code = code, Detail = detail };
    }

    private async Task<RecoveredExecution> CompleteAsync(
        RecoveryContext context,
        ExecutionOutcome outcome,
        string code,
        string detail,
        decimal hedgedOut,
        decimal? deltaUsd,
        CancellationToken ct)
    {
        var final = outcome switch
        {
            ExecutionOutcome.Succeeded => ArbState.Done,
            ExecutionOutcome.Aborted => ArbState.Aborted,
            ExecutionOutcome.Rescued => ArbState.Failed,
            _ => ArbState.Incident,
        };
        if (outcome == ExecutionOutcome.Rescued)
        {
            await AppendAsync(context, ExecutionEventKind.Incident, e => e with { ReasonCode = code, Detail = "recovery: " + detail }, ct).ConfigureAwait(false);
        }

        await AppendAsync(context, ExecutionEventKind.Transition, e => e with { FromState = context.LastState, ToState = final, Trigger = ArbTrigger.RescueCompleted, Detail = "recovery" }, ct).ConfigureAwait(false);
        await AppendAsync(context, ExecutionEventKind.Completed, e => e with { Outcome = outcome, ReasonCode = code, Detail = "recovery: " + detail }, ct).ConfigureAwait(false);
        return new RecoveredExecution
        {
            ExecutionId = context.ExecutionId,
            LastState = context.InitialState,
            Outcome = outcome,
            Code = code,
            HedgedOutQuantity = hedgedOut,
            ResidualDeltaUsd = deltaUsd,
            Detail = detail,
        };
    }

    private Task AppendAsync(RecoveryContext context, ExecutionEventKind kind, Func<ExecutionEvent, ExecutionEvent> fill, CancellationToken ct)
    {
        var e = fill(new ExecutionEvent
        {
            ExecutionId = context.ExecutionId,
            Sequence = ++context.Sequence,
            Time = _timeProvider.GetUtcNow(),
            Kind = kind,
            Pair = context.Pair!,
        });
        return _store.AppendAsync(ExecutionEventSerializer.ToEntry(e), ct);
    }

    private sealed class RecoveryContext(string executionId, ArbPair? pair, long sequence, ArbState? lastState)
    {
        public string ExecutionId { get; } = executionId;

        public ArbPair? Pair { get; } = pair;

        public long Sequence { get; set; } = sequence;

        public ArbState? InitialState { get; } = lastState;

        public ArbState? LastState { get; set; } = lastState;
    }
}
