using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Shared services of the engine that every execution uses.</summary>
internal sealed record EngineServices(
    ArbitrageOptions Options,
    TimeProvider Time,
    IExecutionJournal Journal,
    IArbitrageRiskPort Risk,
    ArbitrageMetrics Metrics,
    VenueHealthStats Health,
    VolatilityTracker Volatility,
    ILogger Logger,
    Action<string, string> Halt,
    ReadCache Cache);

/// <summary>
/// One execution: owns its state machine and a channel with a single reader through which every trigger is fired
/// (the machine is not thread-safe). Entry actions do the I/O and post the next trigger; the reader loop fires
/// triggers one at a time until a terminal state. Everything is journaled before it is acted on.
/// </summary>
internal sealed class ArbExecution : IArbStateActions
{
    private readonly EngineServices _s;
    private readonly IReadOnlyDictionary<VenueId, IDerivClient> _clients;
    private readonly ArbPair _pair;
    private readonly decimal? _requested;
    private readonly decimal _pairMax;
    private readonly bool _dryRun;
    private readonly Channel<Func<Task>> _inbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly ArbMachine _m;
    private readonly List<StateTransitionRecord> _transitions = [];
    private readonly List<LegFill> _hedgeOuts = [];
    private readonly DateTimeOffset _startedAt;
    private readonly long _startTimestamp;
    private ArbState _state = ArbState.Idle;
    private long _sequence;
    private CancellationToken _callerToken;
    private DateTimeOffset _deadline;
    private PreflightReport? _preflight;
    private LegMarket? _longMarket;
    private LegMarket? _shortMarket;
    private ExecutionPlan? _plan;
    private LegSpec? _legASpec;
    private LegSpec? _legBSpec;
    private IOrderExecutor _executor;
    private LegFill? _legA;
    private LegFill? _legB;
    private LegFill? _concurrentB;
    private long? _legAKnownTimestamp;
    private TimeSpan? _legGap;
    private TimeSpan _readTime;
    private decimal _kept;
    private bool _rescueRan;
    private decimal _rescueCost;
    private string? _reasonCode;
    private string? _detail;
    private string? _incident;

    public ArbExecution(EngineServices services, IReadOnlyDictionary<VenueId, IDerivClient> clients, string executionId, ArbPair pair, decimal? requested, decimal pairMax, bool dryRun)
    {
        _s = services;
        _clients = clients;
        ExecutionId = executionId;
        _pair = pair;
        _requested = requested;
        _pairMax = pairMax;
        _dryRun = dryRun;
        _executor = new LiveOrderExecutor(services.Time);
        _startedAt = services.Time.GetUtcNow();
        _startTimestamp = services.Time.GetTimestamp();
        _m = ArbStateMachineFactory.Create(() => _state, s => _state = s, services.Options.PartialFillPolicy, this);
        _m.Machine.OnTransitionedAsync(OnTransitionedAsync);
        _m.Machine.OnUnhandledTriggerAsync(OnUnhandledAsync);
    }

    public string ExecutionId { get; }

    public ArbState State => _state;

    private ArbitrageOptions Options => _s.Options;

    private DateTimeOffset Now => _s.Time.GetUtcNow();

    public async Task<ArbExecutionReport> RunAsync(CancellationToken cancellationToken)
    {
        _callerToken = cancellationToken;
        _deadline = Now + TimeSpan.FromMilliseconds(Options.ExecutionTimeoutMs);
        await AppendAsync(new ExecutionEvent { ExecutionId = ExecutionId, Sequence = 0, Time = Now, Kind = ExecutionEventKind.Started, Pair = _pair, DryRun = _dryRun, Detail = _requested is { } q ? $"requested {Quantizer.ToWire(q)}" : null }).ConfigureAwait(false);
        Post(() => _m.Machine.FireAsync(ArbTrigger.Start));
        while (!_state.IsTerminal())
        {
            var fire = await _inbox.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await fire().ConfigureAwait(false);
            }
            catch (Exception ex) when (!_state.IsTerminal())
            {
                var code = ex is OperationCanceledException && _callerToken.IsCancellationRequested ? PreflightCodes.Cancelled : PreflightCodes.Fault;
                _reasonCode = code;
                _detail = $"{ex.GetType().Name} in {_state.ToSpecName()}: {ex.Message}";
                _s.Logger.LogError(ex, "Execution {ExecutionId} faulted in {State}", ExecutionId, _state);
                Post(() => _m.Machine.FireAsync(_m.Fault, code));
            }
        }

        return await FinishAsync().ConfigureAwait(false);
    }

    // ---- Entry actions (I/O), each posting the next trigger ----

    public async Task OnPreflightAsync()
    {
        if (!_clients.TryGetValue(_pair.Long.Venue, out var longClient) || !_clients.TryGetValue(_pair.Short.Venue, out var shortClient))
        {
            _reasonCode = PreflightCodes.VenueNotRegistered;
            _detail = $"No IDerivClient registered for {(_clients.ContainsKey(_pair.Long.Venue) ? _pair.Short.Venue : _pair.Long.Venue)}.";
            Post(() => _m.Machine.FireAsync(_m.PreflightCompleted, new PreflightVerdict(false, _reasonCode)));
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.ExecutionTimeoutMs), _s.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _callerToken);
        var longLeg = new LegMarket { Direction = LegDirection.Long, Instrument = _pair.Long, Client = longClient };
        var shortLeg = new LegMarket { Direction = LegDirection.Short, Instrument = _pair.Short, Client = shortClient };
        var readStart = _s.Time.GetTimestamp();
        try
        {
            await Task.WhenAll(MarketReader.ReadAsync(longLeg, Options, _s.Cache, linked.Token), MarketReader.ReadAsync(shortLeg, Options, _s.Cache, linked.Token)).ConfigureAwait(false);
        }
        finally
        {
            _readTime = _s.Time.GetElapsedTime(readStart);
        }

        var report = PreflightPlanner.Evaluate(new PreflightPlanner.Context(
            ExecutionId, _pair, longLeg, shortLeg, _requested, _pairMax, _dryRun, Options, Now, _s.Risk, _s.Health, _s.Volatility));
        _preflight = report;
        _longMarket = longLeg;
        _shortMarket = shortLeg;
        _plan = report.Plan;
        if (report.Passed)
        {
            _legASpec = report.Plan!.LegA;
            _legBSpec = report.Plan.LegB;
            _executor = _dryRun ? new DryRunOrderExecutor(_s.Time, report.Books, report.Fees) : new LiveOrderExecutor(_s.Time);
        }
        else
        {
            _reasonCode = report.ReasonCode ?? PreflightCodes.Filters;
            _detail = report.Checks.FirstOrDefault(c => !c.Passed)?.Detail;
        }

        Post(() => _m.Machine.FireAsync(_m.PreflightCompleted, new PreflightVerdict(report.Passed, _reasonCode)));
    }

    public async Task OnLegAAsync()
    {
        var plan = _plan!;
        var specA = _legASpec!;
        if (_callerToken.IsCancellationRequested || Now > _deadline)
        {
            _reasonCode = _callerToken.IsCancellationRequested ? PreflightCodes.Cancelled : "EXECUTION_DEADLINE";
            var empty = EmptyFill(LegRole.A, specA, Derive("A", 0), plan.Quantity, _reasonCode);
            _legA = empty;
            Post(() => _m.Machine.FireAsync(_m.LegACompleted, new LegAOutcome(empty, 0m)));
            return;
        }

        if (plan.ConcurrentLegs)
        {
            var aTask = RunTakerAsync(LegRole.A, specA, plan.Quantity, "A", 0);
            var bTask = RunTakerAsync(LegRole.B, _legBSpec!, plan.Quantity, "B", 0);
            await Task.WhenAll(aTask, bTask).ConfigureAwait(false);
            var a = await aTask.ConfigureAwait(false);
            var b = await bTask.ConfigureAwait(false);
            RecordHealth(a);
            RecordHealth(b);
            if (b.FilledQuantity > a.FilledQuantity)
            {
                // Whichever leg filled more is treated as leg A; the other is the one to match or rescue.
                (a, b) = (b with { Role = LegRole.A }, a with { Role = LegRole.B });
                (_legASpec, _legBSpec) = (_legBSpec, _legASpec);
            }

            _legA = a;
            _concurrentB = b;
            _legAKnownTimestamp = _s.Time.GetTimestamp();
            Post(() => _m.Machine.FireAsync(_m.LegACompleted, new LegAOutcome(a, b.FilledQuantity)));
            return;
        }

        var fill = plan.MakerFirst ? await RunMakerAsync(specA, plan.Quantity).ConfigureAwait(false) : await RunTakerAsync(LegRole.A, specA, plan.Quantity, "A", 0).ConfigureAwait(false);
        RecordHealth(fill);
        _legA = fill;
        _legAKnownTimestamp = _s.Time.GetTimestamp();
        if (fill.IsEmpty)
        {
            _reasonCode ??= "LEG_A_NOT_FILLED";
            _detail ??= fill.FailureCode;
        }

        Post(() => _m.Machine.FireAsync(_m.LegACompleted, new LegAOutcome(fill, 0m)));
    }

    public async Task OnLegBAsync()
    {
        var a = _legA!;
        if (_plan!.ConcurrentLegs && _concurrentB is { } concurrent)
        {
            _legB = concurrent;
            if (!_dryRun)
            {
                _s.Risk.OnLegOutcome(concurrent.FilledQuantity != a.FilledQuantity);
            }

            Post(() => _m.Machine.FireAsync(_m.LegBCompleted, new LegBOutcome(a, concurrent)));
            return;
        }

        var spec = _legBSpec!;
        var quantity = JointSizer.LegBQuantity(a.FilledQuantity, spec.Filters, OrderType.Limit);
        LegFill b;
        var allowed = _s.Risk.CheckTradingAllowed();
        if (!allowed.Allowed)
        {
            b = EmptyFill(LegRole.B, spec, Derive("B", 0), quantity, allowed.Code ?? "RISK_DENIED");
        }
        else if (Now > _deadline)
        {
            b = EmptyFill(LegRole.B, spec, Derive("B", 0), quantity, "EXECUTION_DEADLINE");
        }
        else if (quantity <= 0m)
        {
            b = EmptyFill(LegRole.B, spec, Derive("B", 0), 0m, "LEG_B_BELOW_MINIMUM");
        }
        else
        {
            b = await RunTakerAsync(LegRole.B, spec, quantity, "B", 0, recordGap: true).ConfigureAwait(false);
            RecordHealth(b);
        }

        _legB = b;
        if (!_dryRun)
        {
            _s.Risk.OnLegOutcome(b.FilledQuantity != a.FilledQuantity);
        }

        Post(() => _m.Machine.FireAsync(_m.LegBCompleted, new LegBOutcome(a, b)));
    }

    public async Task OnLegBFailedAsync()
    {
        var a = _legA!;
        var b = _legB;
        _reasonCode = b is null || b.IsEmpty ? "LEG_B_FAILED" : b.FilledQuantity < b.RequestedQuantity ? "LEG_B_PARTIAL" : "LEG_B_RESIDUAL";
        _detail = $"leg A filled {Quantizer.ToWire(a.FilledQuantity)}, leg B filled {Quantizer.ToWire(b?.FilledQuantity ?? 0m)} ({b?.FailureCode ?? "no fill"})";
        _incident = $"{_reasonCode}: {_detail}";
        await AppendAsync(Event(ExecutionEventKind.Incident) with { ReasonCode = _reasonCode, Detail = _detail }).ConfigureAwait(false);
        Post(() => _m.Machine.FireAsync(ArbTrigger.StartRescue));
    }

    public async Task OnHedgeOutAsync()
    {
        var a = _legA!;
        var b = _legB ?? _concurrentB;
        var kept = 0m;
        if (Options.PartialFillPolicy == PartialFillPolicy.HedgeRemaining && b is not null && Math.Min(a.FilledQuantity, b.FilledQuantity) > 0m)
        {
            // Keep the largest quantity valid on both venues, so each leg's excess is a whole number of its steps.
            var joint = Quantizer.JointQuantize(Math.Min(a.FilledQuantity, b.FilledQuantity), _legASpec!.Filters, _legBSpec!.Filters, OrderType.Market);
            kept = joint.IsTradable ? joint.Quantity : 0m;
        }
        if (_reasonCode is null or "LEG_A_NOT_FILLED")
        {
            _reasonCode = a.IsEmpty ? "CONCURRENT_LEG_ALONE" : "LEG_A_PARTIAL";
            _detail = $"leg A filled {Quantizer.ToWire(a.FilledQuantity)} of {Quantizer.ToWire(a.RequestedQuantity)}, leg B filled {Quantizer.ToWire(b?.FilledQuantity ?? 0m)}";
            _incident = $"{_reasonCode}: {_detail}";
            await AppendAsync(Event(ExecutionEventKind.Incident) with { ReasonCode = _reasonCode, Detail = _detail }).ConfigureAwait(false);
        }

        var unmatched = a.FilledQuantity + (b?.FilledQuantity ?? 0m) - (2m * kept);
        if (!_dryRun)
        {
            _s.Risk.OnRescue(ExecutionId, _pair, _reasonCode, unmatched);
        }

        if (a.FilledQuantity - kept > 0m)
        {
            await HedgeOutLegAsync(_legASpec!, a, a.FilledQuantity - kept, "HA").ConfigureAwait(false);
        }

        if (b is not null && b.FilledQuantity - kept > 0m)
        {
            await HedgeOutLegAsync(_legBSpec!, b, b.FilledQuantity - kept, "HB").ConfigureAwait(false);
        }

        var (verified, detail) = await VerifyAsync(kept).ConfigureAwait(false);
        _kept = kept;
        _rescueRan = true;
        if (!verified)
        {
            _reasonCode = "RESCUE_UNVERIFIED";
            _incident = $"{_incident}; not verified flat: {detail}";
        }

        Post(() => _m.Machine.FireAsync(_m.RescueCompleted, new RescueOutcome(verified, kept, verified ? null : "RESCUE_UNVERIFIED")));
    }

    public Task OnHedgedAsync()
    {
        if (!_rescueRan)
        {
            _kept = _legA!.FilledQuantity;
        }

        Post(() => _m.Machine.FireAsync(ArbTrigger.Complete));
        return Task.CompletedTask;
    }

    public async Task OnIncidentAsync()
    {
        _reasonCode ??= PreflightCodes.Fault;
        _incident ??= $"{_reasonCode}: {_detail}";
        await AppendAsync(Event(ExecutionEventKind.Incident) with { ReasonCode = _reasonCode, Detail = _incident }).ConfigureAwait(false);
        if (!_dryRun)
        {
            _s.Risk.OnIncident(ExecutionId, _pair, _reasonCode, _incident);
            _s.Halt(_reasonCode, _incident);
        }
    }

    // ---- Orders ----

    private async Task<LegFill> RunTakerAsync(LegRole role, LegSpec spec, decimal quantity, string tag, int attempt, bool recordGap = false)
    {
        var request = new OrderRequest
        {
            Symbol = spec.Instrument.Symbol,
            Side = spec.Side,
            Type = OrderType.Limit,
            Quantity = quantity,
            Price = spec.LimitPrice,
            TimeInForce = TimeInForce.ImmediateOrCancel,
            PositionSide = spec.PositionSide,
            ClientOrderId = Derive(tag, attempt),
            Purpose = OrderPurpose.Entry,
            MarginType = MarginTypeOf(spec.Instrument.Venue),
        };
        var verdict = _s.Risk.CheckOrder(request, spec, MarketOf(spec), Now);
        if (!verdict.Allowed)
        {
            return EmptyFill(role, spec, request.ClientOrderId, quantity, verdict.Code ?? "RISK_DENIED") with { Attempt = attempt };
        }

        var sent = await SendAsync(role, spec, request, recordGap, acceptResting: false).ConfigureAwait(false);
        var report = sent.Report;
        if (report is not null && !report.Status.IsTerminal())
        {
            report = await WaitTerminalAsync(spec, request, report, Now + TimeSpan.FromMilliseconds(Options.LegTimeoutMs)).ConfigureAwait(false);
            if (!report.Status.IsTerminal())
            {
                report = await CancelAndFinalAsync(spec, request, report).ConfigureAwait(false);
            }
        }

        return await CompleteLegAsync(role, spec, request, report, sent.Failure, sent.Unknown, sent.SentTime, attempt, isMaker: false).ConfigureAwait(false);
    }

    private async Task<LegFill> RunMakerAsync(LegSpec spec, decimal quantity)
    {
        var request = new OrderRequest
        {
            Symbol = spec.Instrument.Symbol,
            Side = spec.Side,
            Type = OrderType.Limit,
            Quantity = quantity,
            Price = spec.MakerPrice ?? spec.LimitPrice,
            TimeInForce = _plan!.PostOnly ? TimeInForce.PostOnly : TimeInForce.GoodTillCanceled,
            PositionSide = spec.PositionSide,
            ClientOrderId = Derive("A", 0),
            Purpose = OrderPurpose.Entry,
            MarginType = MarginTypeOf(spec.Instrument.Venue),
        };
        var verdict = _s.Risk.CheckOrder(request, spec, MarketOf(spec), Now);
        if (!verdict.Allowed)
        {
            return EmptyFill(LegRole.A, spec, request.ClientOrderId, quantity, verdict.Code ?? "RISK_DENIED");
        }

        var sent = await SendAsync(LegRole.A, spec, request, recordGap: false, acceptResting: true).ConfigureAwait(false);
        var report = sent.Report;
        var wouldTake = sent.Error?.Reason == VenueErrorReason.PostOnlyWouldTake
            || (report is not null && report.PostOnlyRejected && report.FilledQuantity <= 0m);
        if (wouldTake)
        {
            // The maker order would have taken liquidity: fall back to the IOC taker plan.
            await AppendAsync(Event(ExecutionEventKind.OrderFailed) with { Leg = LegRole.A, Venue = spec.Instrument.Venue, ReasonCode = "POST_ONLY_WOULD_TAKE", Detail = "maker fallback to IOC taker" }).ConfigureAwait(false);
            return await RunTakerAsync(LegRole.A, spec, quantity, "A", 1).ConfigureAwait(false);
        }

        if (report is not null && !report.Status.IsTerminal())
        {
            report = await WaitTerminalAsync(spec, request, report, Now + TimeSpan.FromMilliseconds(Options.MakerWaitMs)).ConfigureAwait(false);
            if (!report.Status.IsTerminal())
            {
                report = await CancelAndFinalAsync(spec, request, report).ConfigureAwait(false);
            }
        }

        return await CompleteLegAsync(LegRole.A, spec, request, report, sent.Failure, sent.Unknown, sent.SentTime, 0, isMaker: true).ConfigureAwait(false);
    }

    private async Task HedgeOutLegAsync(LegSpec spec, LegFill opened, decimal quantity, string tag)
    {
        var filters = spec.Filters;
        var step = filters.StepFor(OrderType.Market);
        var remaining = quantity;
        for (var attempt = 0; attempt < Options.MaxRescueAttempts && remaining > 0m; attempt++)
        {
            var q = Quantizer.RoundQuantityDown(Math.Min(remaining, filters.MaxQuantityFor(OrderType.Market)), step);
            if (q <= 0m || q < filters.MinQuantity)
            {
                _incident = $"{_incident}; residual {Quantizer.ToWire(remaining)} on {spec.Instrument} below the venue minimum";
                break;
            }

            var request = new OrderRequest
            {
                Symbol = spec.Instrument.Symbol,
                Side = spec.Side.Opposite(),
                Type = OrderType.Market,
                Quantity = q,
                ReduceOnly = true,
                PositionSide = spec.PositionSide,
                ClientOrderId = Derive(tag, attempt),
                Purpose = OrderPurpose.HedgeOut,
                MarginType = MarginTypeOf(spec.Instrument.Venue),
            };
            var sent = await SendAsync(LegRole.HedgeOut, spec, request, recordGap: false, acceptResting: false).ConfigureAwait(false);
            var report = sent.Report;
            if (report is not null && !report.Status.IsTerminal())
            {
                report = await WaitTerminalAsync(spec, request, report, Now + TimeSpan.FromMilliseconds(Options.LegTimeoutMs)).ConfigureAwait(false);
            }

            var fill = await CompleteLegAsync(LegRole.HedgeOut, spec, request, report, sent.Failure, sent.Unknown, sent.SentTime, attempt, isMaker: false).ConfigureAwait(false);
            _hedgeOuts.Add(fill);
            remaining -= fill.FilledQuantity;
            if (fill.FilledQuantity > 0m && fill.AveragePrice is { } exit && opened.AveragePrice is { } entry)
            {
                var loss = spec.Side == OrderSide.Buy ? (entry - exit) * fill.FilledQuantity : (exit - entry) * fill.FilledQuantity;
                var openFee = opened.FilledQuantity > 0m ? opened.Fee * fill.FilledQuantity / opened.FilledQuantity : 0m;
                _rescueCost += loss + fill.Fee + openFee;
            }
        }
    }

    private async Task<(bool Verified, string? Detail)> VerifyAsync(decimal kept)
    {
        foreach (var (spec, fill) in new[] { (_legASpec!, _legA), (_legBSpec!, _legB ?? _concurrentB) })
        {
            var client = _clients[spec.Instrument.Venue];
            var before = Sum(_preflight!.PositionsBefore.GetValueOrDefault(spec.Instrument) ?? [], spec);
            var expected = before + (spec.Side == OrderSide.Buy ? kept : -kept);
            VenueResult<IReadOnlyList<Position>>? positions = null;
            for (var i = 0; i < 2 && positions is not { Success: true }; i++)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.LegTimeoutMs), _s.Time);
                try
                {
                    positions = await _executor.GetPositionsAsync(client, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    positions = null;
                }
            }

            if (positions is not { Success: true } p)
            {
                return (false, $"{spec.Instrument}: positions unreadable ({positions?.Error?.Code ?? "TIMEOUT"})");
            }

            var actual = Sum(p.Data, spec);
            var tolerance = spec.Filters.StepFor(OrderType.Market) / 2m;
            if (Math.Abs(actual - expected) >= tolerance)
            {
                return (false, $"{spec.Instrument}: position {Quantizer.ToWire(actual)}, expected {Quantizer.ToWire(expected)} (leg filled {Quantizer.ToWire(fill?.FilledQuantity ?? 0m)})");
            }
        }

        return (true, null);
    }

    private static decimal Sum(IReadOnlyList<Position> positions, LegSpec spec)
    {
        var total = 0m;
        foreach (var p in positions)
        {
            if (p.Instrument.Venue == spec.Instrument.Venue && p.Instrument.Symbol == spec.Instrument.Symbol
                && (spec.PositionSide == PositionSide.Both || p.PositionSide == spec.PositionSide))
            {
                total += p.Quantity;
            }
        }

        return total;
    }

    private readonly record struct SendResult(OrderReport? Report, VenueError? Error, string? Failure, bool Unknown, DateTimeOffset SentTime);

    /// <summary>Journals the intent, sends, and resolves an unknown outcome by client order id (never re-sends).</summary>
    private async Task<SendResult> SendAsync(LegRole role, LegSpec spec, OrderRequest request, bool recordGap, bool acceptResting)
    {
        var venue = spec.Instrument.Venue;
        var client = _clients[venue];
        await AppendAsync(Event(ExecutionEventKind.OrderIntent) with { Leg = role, Venue = venue, Order = request }).ConfigureAwait(false);
        if (!_dryRun)
        {
            _s.Risk.OnOrderSent(venue, request);
        }

        var sentTime = Now;
        var sentTimestamp = _s.Time.GetTimestamp();
        if (recordGap && _legAKnownTimestamp is { } known)
        {
            _legGap = _s.Time.GetElapsedTime(known, sentTimestamp);
            _s.Metrics.RecordLegGap(_legGap.Value);
        }

        VenueResult<OrderReport> result;
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.LegTimeoutMs), _s.Time))
        {
            try
            {
                result = await _executor.PlaceAsync(client, request, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                result = new VenueError { Kind = VenueErrorKind.OutcomeUnknown, Reason = VenueErrorReason.Timeout, Venue = venue, Message = $"No answer within leg_timeout_ms {Options.LegTimeoutMs}." };
            }
        }

        if (result.Success)
        {
            await AppendAsync(Event(ExecutionEventKind.OrderReported) with { Leg = role, Venue = venue, Report = result.Data }).ConfigureAwait(false);
            return new SendResult(result.Data, null, null, false, sentTime);
        }

        if (!result.Error.IsOutcomeUnknown)
        {
            await AppendAsync(Event(ExecutionEventKind.OrderFailed) with { Leg = role, Venue = venue, Error = result.Error, ReasonCode = result.Error.Code }).ConfigureAwait(false);
            return new SendResult(null, result.Error, result.Error.Code, false, sentTime);
        }

        await AppendAsync(Event(ExecutionEventKind.OrderOutcomeUnknown) with { Leg = role, Venue = venue, Error = result.Error, ReasonCode = result.Error.Code }).ConfigureAwait(false);
        var resolved = await ResolveAsync(spec, request, acceptResting).ConfigureAwait(false);
        if (resolved is null)
        {
            return new SendResult(null, result.Error, "OUTCOME_ABSENT", true, sentTime);
        }

        await AppendAsync(Event(ExecutionEventKind.OrderReported) with { Leg = role, Venue = venue, Report = resolved, Detail = "resolved by query" }).ConfigureAwait(false);
        return new SendResult(resolved, null, null, true, sentTime);
    }

    /// <summary>
    /// Queries the order by client id until it is found (terminal, or resting when accepted) or the
    /// <c>unknown_outcome_resolve_ms</c> deadline passes. Not found at the deadline: cancelled defensively by client id
    /// and treated as never placed (null).
    /// </summary>
    private async Task<OrderReport?> ResolveAsync(LegSpec spec, OrderRequest request, bool acceptResting)
    {
        var client = _clients[spec.Instrument.Venue];
        var lookup = new OrderLookup { Symbol = request.Symbol, ClientOrderId = request.ClientOrderId };
        var deadline = Now + TimeSpan.FromMilliseconds(Options.UnknownOutcomeResolveMs);
        OrderReport? last = null;
        while (true)
        {
            var r = await QueryAsync(client, lookup).ConfigureAwait(false);
            if (r is { Success: true })
            {
                last = r.Data;
                if (last.Status.IsTerminal() || acceptResting)
                {
                    return last;
                }
            }

            if (Now >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Options.OrderPollIntervalMs), _s.Time).ConfigureAwait(false);
        }

        if (last is not null)
        {
            return await CancelAndFinalAsync(spec, request, last).ConfigureAwait(false);
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.LegTimeoutMs), _s.Time))
        {
            try
            {
                await _executor.CancelAsync(client, lookup, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Defensive cancel only; the order was never seen.
            }
        }

        // A last look: an order that appeared while cancelling still counts.
        var final = await QueryAsync(client, lookup).ConfigureAwait(false);
        return final is { Success: true } f && f.Data.FilledQuantity > 0m ? f.Data : null;
    }

    private async Task<OrderReport> WaitTerminalAsync(LegSpec spec, OrderRequest request, OrderReport report, DateTimeOffset deadline)
    {
        var client = _clients[spec.Instrument.Venue];
        var lookup = new OrderLookup { Symbol = request.Symbol, ClientOrderId = request.ClientOrderId, VenueOrderId = report.VenueOrderId };
        var first = true;
        while (!report.Status.IsTerminal() && (first || Now < deadline))
        {
            // Query at once (an ACK-style answer is usually final a moment later), then every poll interval.
            if (!first)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Options.OrderPollIntervalMs), _s.Time).ConfigureAwait(false);
            }

            first = false;
            var r = await QueryAsync(client, lookup).ConfigureAwait(false);
            if (r is { Success: true })
            {
                report = r.Data;
            }
        }

        return report;
    }

    private async Task<OrderReport> CancelAndFinalAsync(LegSpec spec, OrderRequest request, OrderReport report)
    {
        var client = _clients[spec.Instrument.Venue];
        var lookup = new OrderLookup { Symbol = request.Symbol, ClientOrderId = request.ClientOrderId, VenueOrderId = report.VenueOrderId };
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.LegTimeoutMs), _s.Time))
        {
            try
            {
                if (!_dryRun)
                {
                    _s.Risk.OnCancel(spec.Instrument.Venue);
                }

                var c = await _executor.CancelAsync(client, lookup, cts.Token).ConfigureAwait(false);
                if (c.Success && c.Data.Status.IsTerminal())
                {
                    return c.Data;
                }
            }
            catch (OperationCanceledException)
            {
                // Fall through to a query.
            }
        }

        var q = await QueryAsync(client, lookup).ConfigureAwait(false);
        return q is { Success: true } ? q.Data : report;
    }

    private async Task<VenueResult<OrderReport>?> QueryAsync(IDerivClient client, OrderLookup lookup)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Options.LegTimeoutMs), _s.Time);
        try
        {
            return await _executor.GetOrderAsync(client, lookup, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<LegFill> CompleteLegAsync(LegRole role, LegSpec spec, OrderRequest request, OrderReport? report, string? failure, bool unknown, DateTimeOffset sentTime, int attempt, bool isMaker)
    {
        var filled = report?.FilledQuantity ?? 0m;
        var price = report?.AveragePrice;
        var feeBps = isMaker ? spec.Fees.MakerBps : spec.Fees.TakerBps;
        var fee = report?.Fee ?? (filled * (price ?? 0m) * feeBps / ArbitrageConstants.BasisPoints);
        var fill = new LegFill
        {
            Role = role,
            Instrument = spec.Instrument,
            Side = request.Side,
            ClientOrderId = request.ClientOrderId,
            VenueOrderId = report?.VenueOrderId,
            RequestedQuantity = request.Quantity,
            FilledQuantity = filled,
            AveragePrice = price,
            Fee = fee,
            Status = report?.Status ?? OrderStatus.Rejected,
            FailureCode = filled >= request.Quantity ? null : failure ?? (filled > 0m ? "PARTIAL_FILL" : "NOT_FILLED"),
            Attempt = attempt,
            ResolvedFromUnknown = unknown,
            IsMaker = isMaker,
            SentTime = sentTime,
            CompletedTime = Now,
            VenueTime = Now - sentTime,
        };
        await AppendAsync(Event(ExecutionEventKind.LegCompleted) with { Leg = role, Venue = spec.Instrument.Venue, Fill = fill, ReasonCode = fill.FailureCode }).ConfigureAwait(false);
        if (!_dryRun && filled > 0m)
        {
            _s.Risk.OnFill(fill, MarketOf(spec)?.Underlying);
        }

        return fill;
    }

    private LegFill EmptyFill(LegRole role, LegSpec spec, ClientOrderId id, decimal quantity, string code) => new()
    {
        Role = role,
        Instrument = spec.Instrument,
        Side = spec.Side,
        ClientOrderId = id,
        RequestedQuantity = quantity,
        FilledQuantity = 0m,
        Status = OrderStatus.Rejected,
        FailureCode = code,
        SentTime = Now,
        CompletedTime = Now,
    };

    private LegMarket? MarketOf(LegSpec spec) => spec.Direction == LegDirection.Long ? _longMarket : _shortMarket;

    private void RecordHealth(LegFill fill)
    {
        if (!_dryRun && fill.RequestedQuantity > 0m)
        {
            _s.Health.Record(fill.Instrument.Venue, !fill.IsComplete);
        }
    }

    private MarginType MarginTypeOf(VenueId venue) =>
        Options.Venues.FirstOrDefault(v => v.Id == venue.Value)?.MarginType == "cross" ? MarginType.Cross : MarginType.Isolated;

    private ClientOrderId Derive(string tag, int attempt) => ClientOrderId.Derive(ExecutionId, tag, attempt);

    // ---- Machine plumbing ----

    private void Post(Func<Task> fire) => _inbox.Writer.TryWrite(fire);

    private async Task OnTransitionedAsync(Stateless.StateMachine<ArbState, ArbTrigger>.Transition t)
    {
        var time = Now;
        _transitions.Add(new StateTransitionRecord(t.Source, t.Destination, t.Trigger, time));
        await AppendAsync(Event(ExecutionEventKind.Transition) with { FromState = t.Source, ToState = t.Destination, Trigger = t.Trigger, ReasonCode = t.Destination.IsTerminal() ? _reasonCode : null }).ConfigureAwait(false);
    }

    private Task OnUnhandledAsync(ArbState state, ArbTrigger trigger, ICollection<string> unmetGuards)
    {
        _s.Metrics.RecordUnhandledTrigger();
        _s.Logger.LogError("Execution {ExecutionId}: trigger {Trigger} not handled in {State} (unmet guards: {Guards})", ExecutionId, trigger, state, string.Join("; ", unmetGuards));
        if (!state.IsTerminal() && trigger != ArbTrigger.Fault)
        {
            _reasonCode = PreflightCodes.Fault;
            _detail = $"unhandled trigger {trigger} in {state.ToSpecName()}";
            Post(() => _m.Machine.FireAsync(_m.Fault, PreflightCodes.Fault));
        }

        return Task.CompletedTask;
    }

    private ExecutionEvent Event(ExecutionEventKind kind) => new()
    {
        ExecutionId = ExecutionId,
        Sequence = 0,
        Time = Now,
        Kind = kind,
        Pair = _pair,
        DryRun = _dryRun,
    };

    private Task AppendAsync(ExecutionEvent e) =>
        _s.Journal.AppendAsync(e with { Sequence = Interlocked.Increment(ref _sequence), Time = Now }, CancellationToken.None);

    private async Task<ArbExecutionReport> FinishAsync()
    {
        var outcome = _state switch
        {
            ArbState.Done => ExecutionOutcome.Succeeded,
            ArbState.Aborted => ExecutionOutcome.Aborted,
            ArbState.Failed => ExecutionOutcome.Rescued,
            _ => ExecutionOutcome.Incident,
        };
        if (outcome == ExecutionOutcome.Succeeded)
        {
            _reasonCode = _rescueRan ? "PARTIAL_HEDGED" : null;
        }

        var completedAt = Now;
        var cycle = _s.Time.GetElapsedTime(_startTimestamp);
        var edge = _plan?.Edge ?? _preflight?.Edge;
        var report = new ArbExecutionReport
        {
            ExecutionId = ExecutionId,
            Pair = _pair,
            DryRun = _dryRun,
            Outcome = outcome,
            FinalState = _state,
            ReasonCode = _reasonCode,
            Detail = _detail,
            Checks = _preflight?.Checks ?? [],
            Plan = _plan,
            PredictedEdge = edge,
            LegA = _legA,
            LegB = _legB ?? _concurrentB,
            HedgeOuts = [.. _hedgeOuts],
            Transitions = [.. _transitions],
            HedgedQuantity = outcome == ExecutionOutcome.Succeeded ? _kept : 0m,
            RealizedEdgeBps = outcome == ExecutionOutcome.Succeeded ? RealizedEdgeBps() : null,
            ProjectedPnl = edge is { } e && e.LongPrice > 0m ? e.NetBps * (outcome == ExecutionOutcome.Succeeded ? _kept : _dryRun ? e.TradableQuantity : 0m) * e.LongPrice / ArbitrageConstants.BasisPoints : 0m,
            RescueCost = _rescueCost,
            Incident = _incident,
            StartedAt = _startedAt,
            CompletedAt = completedAt,
            CycleTime = cycle,
            VenueTime = _executor.VenueTime + _readTime,
            LegGap = _legGap,
        };
        _s.Metrics.RecordExecution(report);
        await AppendAsync(Event(ExecutionEventKind.Completed) with { Outcome = outcome, ReasonCode = _reasonCode, Detail = _detail }).ConfigureAwait(false);
        return report;
    }

    private decimal? RealizedEdgeBps()
    {
        if (_kept <= 0m || _legA?.AveragePrice is not { } pa || (_legB ?? _concurrentB)?.AveragePrice is not { } pb)
        {
            return null;
        }

        var a = _legA;
        var b = (_legB ?? _concurrentB)!;
        var (longPrice, shortPrice) = _legASpec!.Direction == LegDirection.Long ? (pa, pb) : (pb, pa);
        var fees = (a.Fee * _kept / a.FilledQuantity) + (b.Fee * _kept / b.FilledQuantity);
        var notional = _kept * longPrice;
        return ((shortPrice - longPrice) / longPrice * ArbitrageConstants.BasisPoints) - (fees / notional * ArbitrageConstants.BasisPoints);
    }
}
