using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

/// <summary>Quote of one leg as shown by <c>GET /api/arb/edge</c>.</summary>
internal sealed record LegQuoteView(
    string Venue,
    string Symbol,
    string Side,
    decimal? Bid,
    decimal? Ask,
    decimal? Mid,
    decimal? BidSize,
    decimal? AskSize,
    string BookSource,
    double? BookAgeMs,
    decimal? MakerFeeBps,
    decimal? TakerFeeBps,
    string? FeeSource,
    decimal? FundingRate,
    DateTimeOffset? NextFundingTime,
    string? Error);

/// <summary>Each cost term in bps of the reference price.</summary>
internal sealed record EdgeCosts(decimal FeesBps, decimal FundingBps, decimal SlippageBps, decimal LatencyBps, decimal TotalBps);

/// <summary>Edge of one configured pair.</summary>
internal sealed record PairEdgeView(
    string Pair,
    LegQuoteView Long,
    LegQuoteView Short,
    decimal? ReferencePrice,
    decimal? GrossEdgeBps,
    EdgeCosts? Costs,
    decimal? NetEdgeBps,
    decimal MinEdgeBps,
    decimal MaxSize,
    decimal TradableSize,
    decimal TradableNotionalUsd,
    bool Tradable,
    IReadOnlyList<string> Reasons);

internal sealed record EdgeReport(DateTimeOffset AsOf, decimal MinEdgeBps, IReadOnlyList<PairEdgeView> Pairs);

/// <summary>
/// Net edge per pair: buy the long leg at its ask, sell the short leg at its bid; costs are taker fees on both legs,
/// the next funding window (long pays its rate, short receives its rate), the slippage allowance on both legs and a
/// latency buffer. Tradable size is limited by top-of-book liquidity, the per-symbol cap and both venues' filters.
/// </summary>
internal sealed class EdgeService(HostSettings settings, VenueDirectory venues, MarketView market, TradingStateService tradingState, TimeProvider timeProvider)
{
    private EdgeReport? _last;

    public EdgeReport? Last => Volatile.Read(ref _last);

    public PairSettings? FindPair(string? id) => settings.Derivatives.Arbitrage.Pairs.FirstOrDefault(p => p.Id == id);

    public async Task<EdgeReport> ComputeAllAsync(CancellationToken cancellationToken)
    {
        var list = new List<PairEdgeView>();
        foreach (var pair in settings.Derivatives.Arbitrage.Pairs)
        {
            list.Add(await ComputeAsync(pair, cancellationToken).ConfigureAwait(false));
        }

        var report = new EdgeReport(timeProvider.GetUtcNow(), settings.Derivatives.Arbitrage.MinEdgeBps, list);
        Volatile.Write(ref _last, report);
        return report;
    }

    public async Task<PairEdgeView> ComputeAsync(PairSettings pair, CancellationToken cancellationToken)
    {
        var (longQuote, shortQuote) = await QuotesAsync(pair, cancellationToken).ConfigureAwait(false);
        return Evaluate(pair, longQuote, shortQuote);
    }

    public async Task<(SymbolQuote Long, SymbolQuote Short)> QuotesAsync(PairSettings pair, CancellationToken cancellationToken)
    {
        var longVenue = venues.Find(pair.Long.Venue)!;
        var shortVenue = venues.Find(pair.Short.Venue)!;
        var longQuote = await market.QuoteAsync(longVenue, pair.Long.Symbol, cancellationToken).ConfigureAwait(false);
        var shortQuote = await market.QuoteAsync(shortVenue, pair.Short.Symbol, cancellationToken).ConfigureAwait(false);
        return (longQuote, shortQuote);
    }

    public PairEdgeView Evaluate(PairSettings pair, SymbolQuote longQuote, SymbolQuote shortQuote)
    {
        var arb = settings.Derivatives.Arbitrage;
        var reasons = new List<string>();
        var longView = View(longQuote, "long");
        var shortView = View(shortQuote, "short");
        if (longQuote.Book is not { IsValid: true } lb || shortQuote.Book is not { IsValid: true } sb)
        {
            reasons.Add("BOOK_UNAVAILABLE");
            return new PairEdgeView(pair.Id, longView, shortView, null, null, null, null, arb.MinEdgeBps, 0m, 0m, 0m, false, reasons);
        }

        var stale = TimeSpan.FromMilliseconds(settings.Guards.FeedStaleMs);
        if (longQuote.BookAge > stale || shortQuote.BookAge > stale)
        {
            reasons.Add("BOOK_STALE");
        }

        var reference = (lb.Mid + sb.Mid) / 2m;
        var gross = Bps(sb.BidPrice - lb.AskPrice, reference);
        var fees = (longQuote.Fees?.TakerBps ?? 0m) + (shortQuote.Fees?.TakerBps ?? 0m);
        if (longQuote.Fees is null || shortQuote.Fees is null)
        {
            reasons.Add("FEES_UNKNOWN");
        }

        var funding = 0m;
        if (settings.Derivatives.Funding.IncludeNextWindow)
        {
            funding = ((longQuote.Funding?.Rate ?? 0m) - (shortQuote.Funding?.Rate ?? 0m)) * 10_000m;
        }

        var slippage = 2m * arb.MaxLegSlippageBps;
        var latency = arb.LatencyBufferBps;
        var total = fees + funding + slippage + latency;
        var net = Math.Round(gross - total, 4);
        var costs = new EdgeCosts(Math.Round(fees, 4), Math.Round(funding, 4), slippage, latency, Math.Round(total, 4));

        if (net < arb.MinEdgeBps)
        {
            reasons.Add("NET_EDGE_BELOW_MIN");
        }

        var now = timeProvider.GetUtcNow();
        var avoid = TimeSpan.FromMinutes(settings.Derivatives.Funding.AvoidWindowMinutes);
        if (InFundingWindow(longQuote.Funding, now, avoid) || InFundingWindow(shortQuote.Funding, now, avoid))
        {
            reasons.Add("FUNDING_WINDOW");
        }

        var state = tradingState.Current.State;
        if (state != HostTradingState.Active)
        {
            reasons.Add(state == HostTradingState.Halted ? "TRADING_HALTED" : "TRADING_REDUCING");
        }

        var maxSize = 0m;
        var liquidity = Math.Min(lb.AskSize, sb.BidSize);
        var capSize = settings.Risk.NotionalCaps.PerSymbolUsd / reference;
        if (longQuote.Filters is { } lf && shortQuote.Filters is { } sf)
        {
            var q = Quantizer.JointQuantize(Math.Min(liquidity, capSize), lf, sf, OrderType.Limit, lb.AskPrice, sb.BidPrice);
            if (q.IsTradable)
            {
                maxSize = q.Quantity;
            }
            else
            {
                reasons.Add("SIZE_BELOW_MINIMUM");
            }
        }
        else
        {
            reasons.Add("FILTERS_UNAVAILABLE");
        }

        var tradable = reasons.Count == 0;
        var size = tradable ? maxSize : 0m;
        return new PairEdgeView(pair.Id, longView, shortView, Math.Round(reference, 8), Math.Round(gross, 4), costs, net, arb.MinEdgeBps,
            maxSize, size, Math.Round(size * reference, 2), tradable, reasons);
    }

    public static decimal Bps(decimal diff, decimal reference) => reference == 0m ? 0m : diff / reference * 10_000m;

    public static bool InFundingWindow(FundingInfo? funding, DateTimeOffset now, TimeSpan avoid) =>
        funding is not null && avoid > TimeSpan.Zero && funding.NextFundingTime > now && funding.NextFundingTime - now <= avoid;

    private static LegQuoteView View(SymbolQuote q, string side) => new(
        q.Venue.Id.Value,
        q.Symbol,
        side,
        q.Book?.BidPrice,
        q.Book?.AskPrice,
        q.Book?.Mid,
        q.Book?.BidSize,
        q.Book?.AskSize,
        q.BookSource,
        q.BookAge?.TotalMilliseconds,
        q.Fees?.MakerBps,
        q.Fees?.TakerBps,
        q.Fees is null ? null : (q.Fees.Source == FeeSource.Manual ? "manual" : "venue"),
        q.Funding?.Rate,
        q.Funding?.NextFundingTime,
        q.Error);
}
