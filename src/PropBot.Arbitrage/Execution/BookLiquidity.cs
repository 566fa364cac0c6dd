using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Taking liquidity from one side of a book: the fill simulation shared by the dry-run executor and test venues.</summary>
internal static class BookLiquidity
{
    /// <summary>
    /// Walks <paramref name="levels"/> (best first) for up to <paramref name="quantity"/>, stopping at a level worse than
    /// <paramref name="limitPrice"/> when one is given. Returns the base quantity taken and its quote cost.
    /// </summary>
    public static (decimal Filled, decimal Cost) Take(IReadOnlyList<BookLevel> levels, OrderSide side, decimal quantity, decimal? limitPrice)
    {
        var remaining = quantity;
        var cost = 0m;
        foreach (var level in levels)
        {
            if (remaining <= 0m)
            {
                break;
            }

            if (limitPrice is { } limit && (side == OrderSide.Buy ? level.Price > limit : level.Price < limit))
            {
                break;
            }

            var take = Math.Min(remaining, level.Quantity);
            cost += take * level.Price;
            remaining -= take;
        }

        return (quantity - remaining, cost);
    }
}
