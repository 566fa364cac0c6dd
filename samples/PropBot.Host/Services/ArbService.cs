using System.Diagnostics;
using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Journal;
using PropBot.Host.Live;
using PropBot.Host.Telemetry;

namespace PropBot.Host.Services;

internal sealed record LegPlan(string Leg, string Venue, string Symbol, string Side, string PositionSide, decimal Quantity, decimal QuotePrice, decimal LimitPrice, decimal NotionalUsd, decimal TakerFeeBps, decimal FeeUsd);

internal sealed record PnlCosts(decimal FeesUsd, decimal FundingUsd, decimal SlippageUsd, decimal LatencyUsd, decimal TotalUsd);

internal sealed record RescuePlan(string Trigger, string Action, string Venue, string Symbol, string Side, string PositionSide, decimal Quantity, bool ReduceOnly, decimal EstimatedCostUsd, IReadOnlyList<string> Steps);

internal sealed record PreviewResult(
    string Pair,
    decimal RequestedSize,
    decimal Quantity,
    decimal ReferencePrice,
    IReadOnlyList<LegPlan> Legs,
    decimal GrossPnlUsd,
    PnlCosts Costs,
    decimal ProjectedPnlUsd,
    decimal ProjectedPnlBps,
    decimal NetEdgeBps,
    decimal MinEdgeBps,
    bool MeetsMinEdge,
    IReadOnlyList<CheckResult> Checks,
    RescuePlan RescuePlan);

internal sealed record LegResult(string Leg, string Venue, string Symbol, string Side, string ClientOrderId, string? VenueOrderId, string Status, decimal Quantity, decimal FilledQuantity, decimal? AveragePrice, string? Error);

internal sealed record ExecutionResult(
    string ExecutionId,
    string Mode,
    string? DryRunReason,
    string Outcome,
    bool WouldExecute,
    IReadOnlyList<string> Transitions,
    PreviewResult Plan,
    IReadOnlyList<LegResult> Orders,
    long JournalSeq,
    string? Incident);

/// <summary>Input problems found while planning (mapped to 400 with the field named).</summary>
internal sealed class PlanException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Preview and execution of one pair: leg A (long, IOC) then leg B (short, IOC) sized to A's fill, hedge-out of A with a
/// reduce-only market order when B fails or fills short. Dry run (SAFE_MODE or live not armed) validates both orders
/// with the venues' test routes and simulates fills at the latest quotes.
/// </summary>
internal sealed class ArbService(
    HostSettings settings,
    Venues.VenueDirectory venues,
    EdgeService edges,
    PreflightService preflight,
    TradingStateService tradingState,
    LiveGate liveGate,
    IHostJournal journal,
    ExecutionStats stats,
    TimeProvider timeProvider,
    ILogger<ArbService> logger)
{
    private static long s_sequence;

    public async Task<PreviewResult> PreviewAsync(PairSettings pair, decimal size, CancellationToken cancellationToken)
    {
        var (longQuote, shortQuote) = await edges.QuotesAsync(pair, cancellationToken).ConfigureAwait(false);
        if (longQuote.Book is not { IsValid: true } lb || shortQuote.Book is not { IsValid: true } sb || longQuote.Filters is null || shortQuote.Filters is null)
        {
            throw new InvalidOperationException("BOOK_UNAVAILABLE");
        }

        var edge = edges.Evaluate(pair, longQuote, shortQuote);
        var q = Quantizer.JointQuantize(size, longQuote.Filters, shortQuote.Filters, OrderType.Limit, lb.AskPrice, sb.BidPrice);
        if (!q.IsTradable)
        {
            throw new PlanException("size", $"size {Quantizer.ToWire(size)} cannot be traded on both venues: {q.Detail}");
        }

        var qty = q.Quantity;
        var arb = settings.Derivatives.Arbitrage;
        var reference = (lb.Mid + sb.Mid) / 2m;
        if (size * reference > settings.Risk.NotionalCaps.PerSymbolUsd)
        {
            throw new PlanException("size", $"size {Quantizer.ToWire(size)} is {Math.Round(size * reference, 2)} USD per leg, above risk:notional_caps:per_symbol_usd {settings.Risk.NotionalCaps.PerSymbolUsd}");
        }

        var slip = arb.MaxLegSlippageBps / 10_000m;
        var longMode = await ModeAsync(longQuote.Venue, cancellationToken).ConfigureAwait(false);
        var shortMode = await ModeAsync(shortQuote.Venue, cancellationToken).ConfigureAwait(false);
        var longTaker = longQuote.Fees?.TakerBps ?? 0m;
        var shortTaker = shortQuote.Fees?.TakerBps ?? 0m;
        var legA = new LegPlan("A", pair.Long.Venue, pair.Long.Symbol, "buy", longMode == PositionMode.Hedge ? "long" : "both", qty, lb.AskPrice,
            Quantizer.RoundPriceAggressive(lb.AskPrice * (1m + slip), longQuote.Filters.TickSize, OrderSide.Buy), Math.Round(qty * lb.AskPrice, 2), longTaker, Math.Round(qty * lb.AskPrice * longTaker / 10_000m, 4));
        var legB = new LegPlan("B", pair.Short.Venue, pair.Short.Symbol, "sell", shortMode == PositionMode.Hedge ? "short" : "both", qty, sb.BidPrice,
            Quantizer.RoundPriceAggressive(sb.BidPrice * (1m - slip), shortQuote.Filters.TickSize, OrderSide.Sell), Math.Round(qty * sb.BidPrice, 2), shortTaker, Math.Round(qty * sb.BidPrice * shortTaker / 10_000m, 4));
        var gross = Math.Round(qty * (sb.BidPrice - lb.AskPrice), 4);
        var fees = legA.FeeUsd + legB.FeeUsd;
        var funding = Math.Round(qty * reference * (edge.Costs?.FundingBps ?? 0m) / 10_000m, 4);
        var slippage = Math.Round(qty * reference * 2m * slip, 4);
        var latency = Math.Round(qty * reference * arb.LatencyBufferBps / 10_000m, 4);
        var total = fees + funding + slippage + latency;
        var projected = gross - total;
        var hedgeOutCost = Math.Round((qty * (lb.AskPrice - lb.BidPrice)) + (2m * qty * lb.AskPrice * longTaker / 10_000m) + (qty * reference * slip), 4);
        var rescue = new RescuePlan(
            "leg B rejected, expired or partially filled after leg A filled",
            "hedge_out_leg_a",
            pair.Long.Venue,
            pair.Long.Symbol,
            "sell",
            legA.PositionSide,
            qty,
            true,
            hedgeOutCost,
            [
                $"1. Leg A {pair.Long.Venue} {pair.Long.Symbol}: IOC buy {Quantizer.ToWire(qty)} at <= {Quantizer.ToWire(legA.LimitPrice)}; no fill => abort, nothing to undo.",
                $"2. Leg A partial fill => policy {arb.PartialFillPolicy}: {(arb.PartialFillPolicy == "hedge_remaining" ? "size leg B to the filled quantity" : "hedge out the partial fill and abort")}.",
                $"3. Leg B {pair.Short.Venue} {pair.Short.Symbol}: IOC sell the filled quantity at >= {Quantizer.ToWire(legB.LimitPrice)}.",
                $"4. Leg B short or failed => reduce-only market sell of the unhedged quantity on {pair.Long.Venue} {pair.Long.Symbol} (rate-limit reserve lane), incident journaled, WARN.",
                "5. Both filled => HEDGED with both order ids; verify delta; DONE.",
            ]);
        var checks = await ChecksAsync(pair, edge, qty, reference, cancellationToken).ConfigureAwait(false);
        return new PreviewResult(pair.Id, size, qty, Math.Round(reference, 8), [legA, legB], gross,
            new PnlCosts(Math.Round(fees, 4), funding, slippage, latency, Math.Round(total, 4)),
            Math.Round(projected, 4), qty * reference == 0m ? 0m : Math.Round(projected / (qty * reference) * 10_000m, 4),
            edge.NetEdgeBps ?? 0m, arb.MinEdgeBps, (edge.NetEdgeBps ?? 0m) >= arb.MinEdgeBps, checks, rescue);
    }

    public async Task<ExecutionResult> ExecuteAsync(PairSettings pair, decimal size, string actor, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var executionId = NewExecutionId();
        var plan = await PreviewAsync(pair, size, cancellationToken).ConfigureAwait(false);
        var wouldExecute = plan.Checks.All(c => c.Passed);
        var dryRunReason = liveGate.DryRunReason;
        if (dryRunReason is not null)
        {
            var orders = new List<LegResult>();
            foreach (var leg in plan.Legs)
            {
                orders.Add(await TestLegAsync(leg, executionId, cancellationToken).ConfigureAwait(false));
            }

            var transitions = wouldExecute
                ? new List<string> { "idle", "preflight", "leg_a (simulated)", "leg_b (simulated)", "hedged (simulated)", "done" }
                : ["idle", "preflight", "aborted (preflight failed)"];
            var entry = await journal.AppendAsync(new JournalEntry
            {
                Kind = "arb.execute.dry_run",
                Actor = actor,
                CorrelationId = executionId,
                Venue = pair.Long.Venue,
                Symbol = pair.Long.Symbol,
                Message = $"Dry run ({dryRunReason}) {pair.Id} qty {Quantizer.ToWire(plan.Quantity)}: projected {plan.ProjectedPnlUsd} USD, {(wouldExecute ? "would execute" : "would not execute")}.",
            }, new { plan, orders }, cancellationToken).ConfigureAwait(false);
            stats.RecordDryRun();
            return new ExecutionResult(executionId, "dry_run", dryRunReason, wouldExecute ? "simulated_hedged" : "simulated_aborted", wouldExecute, transitions, plan, orders, entry.Seq, null);
        }

        return await ExecuteLiveAsync(pair, plan, executionId, actor, wouldExecute, started, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExecutionResult> ExecuteLiveAsync(PairSettings pair, PreviewResult plan, string executionId, string actor, bool wouldExecute, long started, CancellationToken cancellationToken)
    {
        var transitions = new List<string> { "idle", "preflight" };
        var orders = new List<LegResult>();
        if (!wouldExecute)
        {
            transitions.Add("aborted (preflight failed)");
            var rejected = await journal.AppendAsync(new JournalEntry { Kind = "arb.execute.rejected", Severity = "warn", Actor = actor, CorrelationId = executionId, Message = $"Preflight failed for {pair.Id}: {string.Join(", ", plan.Checks.Where(c => !c.Passed).Select(c => c.Name))}." }, new { plan }, cancellationToken).ConfigureAwait(false);
            stats.RecordLive("rejected", false, null, Stopwatch.GetElapsedTime(started));
            return new ExecutionResult(executionId, "live", null, "rejected", false, transitions, plan, orders, rejected.Seq, null);
        }

        var legA = plan.Legs[0];
        var legB = plan.Legs[1];
        transitions.Add("leg_a");
        var a = await PlaceLegAsync(legA, legA.Quantity, executionId, "A", OrderPurpose.Entry, cancellationToken).ConfigureAwait(false);
        orders.Add(a);
        string outcome;
        string? incident = null;
        var rescued = false;
        decimal? realized = null;
        if (a.FilledQuantity <= 0m)
        {
            transitions.Add("aborted (leg A not filled)");
            outcome = "aborted";
        }
        else
        {
            var qtyB = a.FilledQuantity;
            if (a.FilledQuantity < legA.Quantity && settings.Derivatives.Arbitrage.PartialFillPolicy != "hedge_remaining")
            {
                transitions.Add("leg_a_partial -> hedge_out_a");
                orders.Add(await PlaceLegAsync(plan.RescuePlan, a.FilledQuantity, executionId, "H", cancellationToken).ConfigureAwait(false));
                outcome = "aborted";
                rescued = true;
                incident = $"Leg A filled {a.FilledQuantity} of {legA.Quantity}; policy reject_if_unhedged hedged it out.";
            }
            else
            {
                transitions.Add("leg_b");
                var b = await PlaceLegAsync(legB, qtyB, executionId, "B", OrderPurpose.Entry, cancellationToken).ConfigureAwait(false);
                orders.Add(b);
                var unhedged = a.FilledQuantity - b.FilledQuantity;
                if (unhedged > 0m)
                {
                    transitions.Add("leg_a_filled_leg_b_fail");
                    transitions.Add("hedge_out_a");
                    orders.Add(await PlaceLegAsync(plan.RescuePlan, unhedged, executionId, "H", cancellationToken).ConfigureAwait(false));
                    outcome = b.FilledQuantity > 0m ? "partially_hedged_rescued" : "rescued";
                    rescued = true;
                    incident = $"Leg B filled {b.FilledQuantity} of {qtyB}: hedged out {unhedged} on {legA.Venue} {legA.Symbol}.";
                }
                else
                {
                    transitions.Add("hedged");
                    outcome = "hedged";
                    if (a.AveragePrice is { } pa && b.AveragePrice is { } pb)
                    {
                        realized = Math.Round(EdgeService.Bps(pb - pa, plan.ReferencePrice) - legA.TakerFeeBps - legB.TakerFeeBps, 4);
                    }
                }
            }
        }

        transitions.Add("done");
        var elapsed = Stopwatch.GetElapsedTime(started);
        stats.RecordLive(outcome, rescued, realized, elapsed);
        if (incident is not null)
        {
            logger.LogWarning("Execution {ExecutionId} rescue: {Incident}", executionId, incident);
            await journal.AppendAsync(new JournalEntry { Kind = "arb.incident", Severity = "error", Actor = actor, CorrelationId = executionId, Venue = legA.Venue, Symbol = legA.Symbol, Message = incident }, new { orders }, cancellationToken).ConfigureAwait(false);
        }

        var entry = await journal.AppendAsync(new JournalEntry
        {
            Kind = "arb.execute",
            Severity = outcome == "hedged" ? "info" : "warn",
            Actor = actor,
            CorrelationId = executionId,
            Venue = legA.Venue,
            Symbol = legA.Symbol,
            Message = $"Execution {executionId} {pair.Id}: {outcome}; order ids {string.Join(", ", orders.Select(o => $"{o.Venue}:{o.VenueOrderId ?? "-"}"))}.",
        }, new { plan, orders, transitions, realized_edge_bps = realized, cycle_ms = Math.Round(elapsed.TotalMilliseconds, 1) }, cancellationToken).ConfigureAwait(false);
        return new ExecutionResult(executionId, "live", null, outcome, true, transitions, plan, orders, entry.Seq, incident);
    }

    private async Task<List<CheckResult>> ChecksAsync(PairSettings pair, PairEdgeView edge, decimal qty, decimal reference, CancellationToken cancellationToken)
    {
        var state = tradingState.Current;
        var checks = new List<CheckResult>
        {
            new("trading_state", state.State == HostTradingState.Active, $"{state.State.ToString().ToLowerInvariant()}: {state.Reason}"),
        };
        var postures = new List<VenuePosture>();
        foreach (var id in new[] { pair.Long.Venue, pair.Short.Venue })
        {
            postures.Add(await preflight.PostureAsync(Venue(id), cancellationToken).ConfigureAwait(false));
        }

        checks.AddRange(preflight.VenueChecks(postures));
        var notional = qty * reference;
        var caps = settings.Risk.NotionalCaps;
        checks.Add(new CheckResult("risk_headroom", notional <= caps.PerSymbolUsd, notional <= caps.PerSymbolUsd
            ? $"{Math.Round(notional, 2)} USD per leg within per_symbol_usd {caps.PerSymbolUsd}"
            : $"{Math.Round(notional, 2)} USD per leg exceeds per_symbol_usd {caps.PerSymbolUsd}"));
        checks.Add(new CheckResult("min_edge", (edge.NetEdgeBps ?? 0m) >= settings.Derivatives.Arbitrage.MinEdgeBps,
            $"net {edge.NetEdgeBps} bps vs min {settings.Derivatives.Arbitrage.MinEdgeBps} bps"));
        checks.Add(new CheckResult("funding_window", !edge.Reasons.Contains("FUNDING_WINDOW"), $"avoid {settings.Derivatives.Funding.AvoidWindowMinutes} min before funding"));
        checks.Add(new CheckResult("book_fresh", !edge.Reasons.Contains("BOOK_STALE"), $"books newer than {settings.Guards.FeedStaleMs} ms"));
        checks.Add(new CheckResult("filters", true, $"quantity {Quantizer.ToWire(qty)} valid on both venues"));
        return checks;
    }

    private Venues.VenueConnection Venue(string id) => venues.Find(id) ?? throw new PlanException("pair", $"venue {id} is not configured");

    private async Task<PositionMode> ModeAsync(Venues.VenueConnection venue, CancellationToken cancellationToken)
    {
        var posture = await preflight.PostureAsync(venue, cancellationToken).ConfigureAwait(false);
        return posture.PositionMode ?? venue.DesiredPositionMode;
    }

    private async Task<LegResult> TestLegAsync(LegPlan leg, string executionId, CancellationToken cancellationToken)
    {
        var request = Request(leg.Symbol, leg.Side, leg.PositionSide, leg.Quantity, leg.LimitPrice, ClientOrderId.Derive(executionId, leg.Leg, 0), reduceOnly: false, OrderPurpose.Entry, market: false);
        var result = await Venue(leg.Venue).Client.TestOrderAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Success
            ? new LegResult(leg.Leg, leg.Venue, leg.Symbol, leg.Side, request.ClientOrderId.Value, null, "test_ok", leg.Quantity, leg.Quantity, leg.QuotePrice, null)
            : new LegResult(leg.Leg, leg.Venue, leg.Symbol, leg.Side, request.ClientOrderId.Value, null, "test_rejected", leg.Quantity, 0m, null, Wire.Of(result.Error));
    }

    private Task<LegResult> PlaceLegAsync(LegPlan leg, decimal quantity, string executionId, string tag, OrderPurpose purpose, CancellationToken cancellationToken) =>
        SendAsync(leg.Leg, leg.Venue, leg.Symbol, leg.Side, leg.PositionSide, quantity, leg.LimitPrice, ClientOrderId.Derive(executionId, tag, 0), reduceOnly: false, purpose, market: false, cancellationToken);

    private Task<LegResult> PlaceLegAsync(RescuePlan rescue, decimal quantity, string executionId, string tag, CancellationToken cancellationToken) =>
        SendAsync("hedge_out", rescue.Venue, rescue.Symbol, rescue.Side, rescue.PositionSide, quantity, null, ClientOrderId.Derive(executionId, tag, 0), reduceOnly: true, OrderPurpose.HedgeOut, market: true, cancellationToken);

    private async Task<LegResult> SendAsync(string leg, string venue, string symbol, string side, string positionSide, decimal quantity, decimal? price, ClientOrderId id, bool reduceOnly, OrderPurpose purpose, bool market, CancellationToken cancellationToken)
    {
        var request = Request(symbol, side, positionSide, quantity, price, id, reduceOnly, purpose, market);
        var result = await Venue(venue).Client.PlaceOrderAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.Success && result.Error.IsOutcomeUnknown)
        {
            var lookup = await Venue(venue).Client.GetOrderAsync(new OrderLookup { Symbol = symbol, ClientOrderId = id }, cancellationToken).ConfigureAwait(false);
            if (lookup.Success)
            {
                result = lookup;
            }
        }

        // Some venues acknowledge before matching (OKX returns only the order id): resolve an IOC to its final state.
        for (var attempt = 0; result.Success && !result.Data.Status.IsTerminal() && attempt < 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), timeProvider, cancellationToken).ConfigureAwait(false);
            var state = await Venue(venue).Client.GetOrderAsync(new OrderLookup { Symbol = symbol, ClientOrderId = id, VenueOrderId = result.Data.VenueOrderId }, cancellationToken).ConfigureAwait(false);
            if (state.Success)
            {
                result = state;
            }
        }

        return result.Success
            ? new LegResult(leg, venue, symbol, side, id.Value, result.Data.VenueOrderId?.Value, Wire.Of(result.Data.Status), quantity, result.Data.FilledQuantity, result.Data.AveragePrice, null)
            : new LegResult(leg, venue, symbol, side, id.Value, null, "failed", quantity, 0m, null, Wire.Of(result.Error));
    }

    private static OrderRequest Request(string symbol, string side, string positionSide, decimal quantity, decimal? price, ClientOrderId id, bool reduceOnly, OrderPurpose purpose, bool market) => new()
    {
        Symbol = symbol,
        Side = side == "buy" ? OrderSide.Buy : OrderSide.Sell,
        Type = market ? OrderType.Market : OrderType.Limit,
        Quantity = quantity,
        Price = market ? null : price,
        TimeInForce = TimeInForce.ImmediateOrCancel,
        ReduceOnly = reduceOnly,
        PositionSide = positionSide switch { "long" => PositionSide.Long, "short" => PositionSide.Short, _ => PositionSide.Both },
        ClientOrderId = id,
        Purpose = purpose,
    };

    private string NewExecutionId()
    {
        var n = Interlocked.Increment(ref s_sequence);
        var ms = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pb{ms:x}{n % 1000:000}");
    }
}
