using System.Collections.Concurrent;
using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

/// <summary>What the host knows about one venue symbol right now.</summary>
internal sealed record SymbolQuote(
    VenueConnection Venue,
    string Symbol,
    BookTop? Book,
    string BookSource,
    TimeSpan? BookAge,
    FeeRates? Fees,
    FundingInfo? Funding,
    InstrumentFilters? Filters,
    string? Error);

/// <summary>
/// Books (feed first, REST fallback), fees (venue or manual table), funding and filters per venue symbol, with
/// short-lived caches for the slow-moving parts.
/// </summary>
internal sealed class MarketView(HostSettings settings, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string, string, string), (DateTimeOffset At, object Value)> _cache = new();

    public async Task<SymbolQuote> QuoteAsync(VenueConnection venue, string symbol, CancellationToken cancellationToken)
    {
        var client = venue.Client;
        var now = timeProvider.GetUtcNow();
        BookTop? book = null;
        var source = "none";
        string? error = null;
        if (client.MarketData is { } feed && feed.TryGetBookTop(symbol, out var top) && top.IsValid
            && now - top.ReceiveTime <= TimeSpan.FromMilliseconds(settings.Guards.FeedStaleMs))
        {
            book = top;
            source = "stream";
        }
        else
        {
            var rest = await client.GetBookTopAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (rest.Success)
            {
                book = rest.Data;
                source = "rest";
            }
            else
            {
                error = $"{rest.Error.Code}: {rest.Error.Message}";
            }
        }

        var fees = await FeesAsync(venue, symbol, cancellationToken).ConfigureAwait(false);
        var funding = await CachedAsync(venue, symbol, "funding", TimeSpan.FromSeconds(30), ct => client.GetFundingInfoAsync(symbol, ct), cancellationToken).ConfigureAwait(false);
        var filters = await CachedAsync(venue, symbol, "filters", TimeSpan.FromMinutes(10), ct => client.GetFiltersAsync(symbol, ct), cancellationToken).ConfigureAwait(false);
        return new SymbolQuote(venue, symbol, book, source, book is { } b ? (now > b.ReceiveTime ? now - b.ReceiveTime : TimeSpan.Zero) : null, fees, funding, filters, error);
    }

    private async Task<FeeRates?> FeesAsync(VenueConnection venue, string symbol, CancellationToken cancellationToken)
    {
        if (settings.Derivatives.Fees.Source != "manual")
        {
            var fetched = await CachedAsync(venue, symbol, "fees", TimeSpan.FromMinutes(10), ct => venue.Client.GetFeesAsync(symbol, ct), cancellationToken).ConfigureAwait(false);
            if (fetched is not null)
            {
                return fetched;
            }
        }

        return settings.Derivatives.Fees.Manual.TryGetValue(venue.Id.Value, out var manual)
            ? new FeeRates(manual.MakerBps, manual.TakerBps, FeeSource.Manual)
            : null;
    }

    private async Task<T?> CachedAsync<T>(VenueConnection venue, string symbol, string kind, TimeSpan ttl, Func<CancellationToken, Task<VenueResult<T>>> load, CancellationToken cancellationToken)
        where T : class
    {
        var key = (venue.Id.Value, symbol, kind);
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < ttl)
        {
            return (T)hit.Value;
        }

        var result = await load(cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return null;
        }

        _cache[key] = (now, result.Data);
        return result.Data;
    }
}
