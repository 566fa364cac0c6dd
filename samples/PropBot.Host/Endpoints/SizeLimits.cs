using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PropBot.Arbitrage;
using PropBot.Host.Configuration;
using PropBot.Host.Venues;

namespace PropBot.Host.Endpoints;

/// <summary>
/// Limits a requested size can never pass, whatever the market does: the venues' minimum and maximum order
/// quantities of both legs, and the configured per-symbol notional cap (at the current book price). Such a size is
/// bad input (400 naming <c>size</c>); a size that fits these but not the current risk headroom is left to the engine.
/// </summary>
internal static class SizeLimits
{
    public static async Task<ValidationProblem?> CheckAsync(decimal size, ArbPair pair, VenueDirectory venues, HostSettings settings, CancellationToken cancellationToken)
    {
        foreach (var leg in new[] { pair.Long, pair.Short })
        {
            if (venues.Find(leg.Venue.Value) is not { } venue)
            {
                continue;
            }

            var filters = await venue.Client.GetFiltersAsync(leg.Symbol, cancellationToken);
            if (filters is { Success: true, Data: { } f })
            {
                if (size < f.MinQuantity)
                {
                    return Problems.Field("size", $"size {Text(size)} is below the minimum order quantity {Text(f.MinQuantity)} of {leg}");
                }

                var max = f.MarketMaxQuantity ?? f.MaxQuantity;
                if (max > 0m && size > max)
                {
                    return Problems.Field("size", $"size {Text(size)} exceeds the maximum market order quantity {Text(max)} of {leg}");
                }
            }

            var cap = settings.Risk.NotionalCaps.PerSymbolUsd;
            var top = await venue.Client.GetBookTopAsync(leg.Symbol, cancellationToken);
            if (cap > 0m && top is { Success: true, Data: { AskPrice: > 0m } book } && size * book.AskPrice > cap)
            {
                return Problems.Field("size", $"size {Text(size)} is about {Text(decimal.Round(size * book.AskPrice, 2))} USD on {leg}, above risk:notional_caps:per_symbol_usd {Text(cap)}");
            }
        }

        return null;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
