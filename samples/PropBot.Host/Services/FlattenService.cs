using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Journal;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

internal sealed record FlattenOrder(string Venue, string Symbol, string PositionSide, string Side, decimal Quantity, string ClientOrderId, string Status, string? VenueOrderId, decimal FilledQuantity, string? Error);

internal sealed record FlattenReport(bool DryRun, string? DryRunReason, IReadOnlyList<FlattenOrder> Orders, decimal CrossVenueDeltaUsdBefore, decimal CrossVenueDeltaUsdAfter, bool DeltaNeutral, long JournalSeq);

/// <summary>
/// Reduce-only market close of every open position (optionally one venue / symbol). Allowed in every trading state
/// (it only reduces risk); in SAFE_MODE it returns the orders it would send.
/// </summary>
internal sealed class FlattenService(HostSettings settings, VenueDirectory venues, PositionsService positions, IHostJournal journal, TimeProvider timeProvider)
{
    private static long s_sequence;

    public async Task<FlattenReport> FlattenAsync(string? venueFilter, string? symbolFilter, string actor, CancellationToken cancellationToken)
    {
        var dryRun = settings.SafeMode;
        var before = await positions.GetAsync(cancellationToken).ConfigureAwait(false);
        var orders = new List<FlattenOrder>();
        var batch = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"fl{timeProvider.GetUtcNow().ToUnixTimeMilliseconds():x}{Interlocked.Increment(ref s_sequence) % 1000:000}");
        var n = 0;
        foreach (var venue in venues.All.Where(v => venueFilter is null || v.Id.Value == venueFilter))
        {
            var open = await venue.Client.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
            if (!open.Success)
            {
                orders.Add(new FlattenOrder(venue.Id.Value, symbolFilter ?? "*", "-", "-", 0m, "-", "failed", null, 0m, Wire.Of(open.Error)));
                continue;
            }

            foreach (var p in open.Data.Where(p => p.Quantity != 0m && (symbolFilter is null || p.Instrument.Symbol == symbolFilter)))
            {
                var side = p.Quantity > 0m ? OrderSide.Sell : OrderSide.Buy;
                var id = ClientOrderId.Derive(batch, "F", n++);
                var request = new OrderRequest
                {
                    Symbol = p.Instrument.Symbol,
                    Side = side,
                    Type = OrderType.Market,
                    Quantity = Math.Abs(p.Quantity),
                    ReduceOnly = true,
                    PositionSide = p.PositionSide,
                    ClientOrderId = id,
                    Purpose = OrderPurpose.Flatten,
                    MarginType = p.MarginType,
                };
                if (dryRun)
                {
                    orders.Add(new FlattenOrder(venue.Id.Value, request.Symbol, Wire.Of(p.PositionSide), Wire.Of(side), request.Quantity, id.Value, "planned", null, 0m, null));
                    continue;
                }

                var result = await venue.Client.PlaceOrderAsync(request, cancellationToken).ConfigureAwait(false);
                for (var attempt = 0; result.Success && !result.Data.Status.IsTerminal() && attempt < 20; attempt++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(25), timeProvider, cancellationToken).ConfigureAwait(false);
                    var state = await venue.Client.GetOrderAsync(new OrderLookup { Symbol = request.Symbol, ClientOrderId = id, VenueOrderId = result.Data.VenueOrderId }, cancellationToken).ConfigureAwait(false);
                    if (state.Success)
                    {
                        result = state;
                    }
                }

                orders.Add(result.Success
                    ? new FlattenOrder(venue.Id.Value, request.Symbol, Wire.Of(p.PositionSide), Wire.Of(side), request.Quantity, id.Value, Wire.Of(result.Data.Status), result.Data.VenueOrderId?.Value, result.Data.FilledQuantity, null)
                    : new FlattenOrder(venue.Id.Value, request.Symbol, Wire.Of(p.PositionSide), Wire.Of(side), request.Quantity, id.Value, "failed", null, 0m, Wire.Of(result.Error)));
            }
        }

        var after = dryRun ? before : await positions.GetAsync(cancellationToken).ConfigureAwait(false);
        var failed = orders.Any(o => o.Status == "failed");
        var entry = await journal.AppendAsync(new HostJournalEntry
        {
            Kind = dryRun ? "hedge.flatten.dry_run" : "hedge.flatten",
            Severity = failed ? "error" : dryRun ? "info" : "warn",
            Actor = actor,
            Venue = venueFilter,
            Symbol = symbolFilter,
            CorrelationId = batch,
            Message = dryRun
                ? $"Flatten plan (SAFE_MODE): {orders.Count} reduce-only order(s)."
                : $"Flatten sent {orders.Count} reduce-only order(s); cross-venue delta {before.CrossVenueDeltaUsd} -> {after.CrossVenueDeltaUsd} USD.",
        }, new { orders }, cancellationToken).ConfigureAwait(false);
        return new FlattenReport(dryRun, dryRun ? "SAFE_MODE" : null, orders, before.CrossVenueDeltaUsd, after.CrossVenueDeltaUsd,
            Math.Abs(after.CrossVenueDeltaUsd) <= settings.Risk.CrossVenueDeltaAbsMaxUsd, entry.Seq);
    }
}
