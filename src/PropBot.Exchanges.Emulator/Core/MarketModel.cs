namespace PropBot.Exchanges.Emulator.Core;

/// <summary>One price level, base units.</summary>
internal readonly record struct BookLevel(decimal Price, decimal Quantity);

/// <summary>Immutable order-book snapshot of one instrument on one venue.</summary>
internal sealed class BookSnapshot
{
    public required BookLevel[] Bids { get; init; }

    public required BookLevel[] Asks { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset Time { get; init; }

    public decimal BestBid => Bids[0].Price;

    public decimal BestAsk => Asks[0].Price;
}

/// <summary>
/// Deterministic market: a common fair price per asset (geometric random walk), a mean-reverting basis with jumps per
/// venue, drifting funding rates, and a synthetic L2 book around each venue's price. Not thread-safe: callers hold the
/// core lock.
/// </summary>
internal sealed class MarketModel
{
    private const int VenueCount = 2;
    private readonly MarketModelOptions options;
    private readonly Random random;
    private readonly double[] fair = new double[Instruments.Assets.Length];
    private readonly double[,] basis = new double[VenueCount, Instruments.Assets.Length];
    private readonly double[,] funding = new double[VenueCount, Instruments.Assets.Length];
    private readonly BookSnapshot[,] books = new BookSnapshot[VenueCount, Instruments.Assets.Length];
    private long sequence = 1_000_000;
    private DateTimeOffset lastStep;

    public MarketModel(MarketModelOptions options, int seed, DateTimeOffset now)
    {
        this.options = options;
        random = new Random(seed);
        fair[0] = (double)options.InitialBtcPrice;
        fair[1] = (double)options.InitialEthPrice;
        for (var v = 0; v < VenueCount; v++)
        {
            for (var a = 0; a < fair.Length; a++)
            {
                funding[v, a] = options.BaseFundingRate;
            }
        }

        lastStep = now;
        Rebuild(now);
    }

    public bool Paused { get; set; }

    public BookSnapshot Book(EmulatorVenue venue, int assetIndex) => books[(int)venue, assetIndex];

    public decimal Index(int assetIndex) => ToDecimal(fair[assetIndex]);

    public decimal Mark(EmulatorVenue venue, int assetIndex)
    {
        var book = Book(venue, assetIndex);
        var instrument = Instruments.For(venue)[assetIndex];
        var mid = (book.BestBid + book.BestAsk) / 2m;
        return Math.Round(mid, instrument.PricePrecision + 2, MidpointRounding.ToEven);
    }

    public decimal FundingRate(EmulatorVenue venue, int assetIndex) =>
        Math.Round(ToDecimal(funding[(int)venue, assetIndex]), 8, MidpointRounding.ToEven);

    /// <summary>Called on every tick: evolves the model by the elapsed time unless paused.</summary>
    public void Advance(DateTimeOffset now)
    {
        var dt = (now - lastStep).TotalSeconds;
        lastStep = now;
        if (Paused || dt <= 0)
        {
            return;
        }

        Evolve(Math.Min(dt, 60), now);
    }

    /// <summary>Evolves the model by a number of tick intervals regardless of the pause flag.</summary>
    public void Step(int ticks, DateTimeOffset now)
    {
        for (var i = 0; i < ticks; i++)
        {
            Evolve(options.TickInterval.TotalSeconds, now);
        }
    }

    public void SetFairPrice(int assetIndex, decimal price, DateTimeOffset now)
    {
        fair[assetIndex] = (double)price;
        Rebuild(now);
    }

    public void SetBasis(EmulatorVenue venue, int assetIndex, decimal value, DateTimeOffset now)
    {
        basis[(int)venue, assetIndex] = (double)value;
        Rebuild(now);
    }

    public void SetFundingRate(EmulatorVenue venue, int assetIndex, decimal rate) => funding[(int)venue, assetIndex] = (double)rate;

    private void Evolve(double dt, DateTimeOffset now)
    {
        var sqrtDt = Math.Sqrt(dt);
        for (var a = 0; a < fair.Length; a++)
        {
            fair[a] *= Math.Exp((options.Volatility * sqrtDt * Normal()) - (0.5 * options.Volatility * options.Volatility * dt));
            for (var v = 0; v < VenueCount; v++)
            {
                var b = basis[v, a];
                b += (-options.BasisMeanReversion * b * dt) + (options.BasisVolatility * sqrtDt * Normal());
                if (random.NextDouble() < options.JumpProbabilityPerSecond * dt)
                {
                    b += random.NextDouble() < 0.5 ? -options.JumpSize : options.JumpSize;
                }

                basis[v, a] = Math.Clamp(b, -0.05, 0.05);
                var f = funding[v, a];
                f += (0.01 * (options.BaseFundingRate + (b * 0.05) - f) * dt) + (options.FundingRateVolatility * sqrtDt * Normal());
                funding[v, a] = Math.Clamp(f, -0.003, 0.003);
            }
        }

        Rebuild(now);
    }

    private void Rebuild(DateTimeOffset now)
    {
        for (var v = 0; v < VenueCount; v++)
        {
            var venueInstruments = Instruments.For((EmulatorVenue)v);
            for (var a = 0; a < fair.Length; a++)
            {
                books[v, a] = BuildBook(venueInstruments[a], fair[a] * (1 + basis[v, a]), now);
            }
        }
    }

    private BookSnapshot BuildBook(Instrument instrument, double mid, DateTimeOffset now)
    {
        var tick = instrument.TickSize;
        var spread = Math.Max(1, options.SpreadTicks) * tick;
        var midDecimal = ToDecimal(mid);
        var bestBid = instrument.RoundDownToTick(midDecimal - (spread / 2m) + (tick / 2m));
        if (bestBid < tick)
        {
            bestBid = tick;
        }

        var bestAsk = bestBid + spread;
        var levels = Math.Max(1, options.DepthLevels);
        var spacing = Math.Max(1, options.LevelSpacingTicks) * tick;
        var bids = new BookLevel[levels];
        var asks = new BookLevel[levels];
        for (var i = 0; i < levels; i++)
        {
            var notional = options.LevelNotional * (1m + (i * 0.5m));
            var bidPrice = bestBid - (i * spacing);
            var askPrice = bestAsk + (i * spacing);
            var bidQty = Math.Max(instrument.BaseStep, instrument.RoundDownToStep(notional / Math.Max(bidPrice, tick)));
            var askQty = Math.Max(instrument.BaseStep, instrument.RoundDownToStep(notional / askPrice));
            bids[i] = new BookLevel(Math.Max(bidPrice, tick), bidQty);
            asks[i] = new BookLevel(askPrice, askQty);
        }

        sequence++;
        return new BookSnapshot { Bids = bids, Asks = asks, Sequence = sequence, Time = now };
    }

    private double Normal()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static decimal ToDecimal(double value) => Math.Round((decimal)value, 8, MidpointRounding.ToEven);
}
