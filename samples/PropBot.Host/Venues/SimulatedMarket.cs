using PropBot.Exchanges;

namespace PropBot.Host.Venues;

/// <summary>
/// Deterministic synthetic prices for the in-process simulated venues: a fair price per asset plus a per-venue basis,
/// both pure functions of (seed, venue, asset, time). The same seed and clock reading give the same book.
/// </summary>
internal sealed class SimulatedMarket(int seed, TimeProvider timeProvider)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public static (string BaseAsset, decimal Tick, decimal Step, decimal ContractSize) Describe(VenueId venue, string symbol)
    {
        var baseAsset = BaseAssetOf(symbol);
        var tick = baseAsset switch { "BTC" => 0.1m, "ETH" => 0.01m, _ => 0.0001m };
        var okx = venue == VenueId.OkxSwap;
        var contract = okx ? baseAsset switch { "BTC" => 0.01m, "ETH" => 0.1m, _ => 1m } : 1m;
        var step = okx ? contract * 0.01m : baseAsset switch { "BTC" => 0.001m, "ETH" => 0.001m, _ => 1m };
        return (baseAsset, tick, step, contract);
    }

    public static string BaseAssetOf(string symbol)
    {
        var s = symbol.ToUpperInvariant();
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return s[..dash];
        }

        return s.EndsWith("USDT", StringComparison.Ordinal) ? s[..^4] : s;
    }

    public BookTop BookTop(VenueId venue, string symbol)
    {
        var now = TimeProvider.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var (asset, tick, _, _) = Describe(venue, symbol);
        var basePrice = asset switch { "BTC" => 65_000m, "ETH" => 3_200m, _ => 100m };
        var fair = basePrice * (1m + (0.002m * Noise(asset, "fair", seconds / 5)));
        var basis = 0.0012m * Noise(asset, venue.Value, seconds / 3);
        var mid = fair * (1m + basis);
        var bid = Math.Floor(mid / tick) * tick;
        var ask = bid + tick;
        var sizeScale = asset switch { "BTC" => 1m, "ETH" => 10m, _ => 100m };
        var bidSize = Math.Round(sizeScale * (1.75m + (1.25m * Noise(asset, venue.Value + "b", seconds))), 3);
        var askSize = Math.Round(sizeScale * (1.75m + (1.25m * Noise(asset, venue.Value + "a", seconds))), 3);
        return new BookTop
        {
            Instrument = new InstrumentId(venue, symbol),
            BidPrice = bid,
            BidSize = bidSize,
            AskPrice = ask,
            AskSize = askSize,
            VenueTime = now,
            ReceiveTime = now,
            UpdateId = seconds,
        };
    }

    /// <summary>Funding rate per window: a small, venue-specific, slowly changing value around 1 bp.</summary>
    public decimal FundingRate(VenueId venue, string symbol)
    {
        var hours = TimeProvider.GetUtcNow().ToUnixTimeSeconds() / 3600;
        return Math.Round(0.0001m + (0.00005m * Noise(BaseAssetOf(symbol), venue.Value + "f", hours)), 6);
    }

    /// <summary>A stable pseudo-random value in [-1, 1].</summary>
    private decimal Noise(string a, string b, long bucket)
    {
        var h = (ulong)seed * 0x9E3779B97F4A7C15UL;
        h ^= Fnv(a) + 0x632BE59BD9B4E019UL + (h << 6) + (h >> 2);
        h ^= Fnv(b) + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        h ^= (ulong)bucket * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return ((decimal)(h % 2_000_001UL) / 1_000_000m) - 1m;
    }

    private static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
