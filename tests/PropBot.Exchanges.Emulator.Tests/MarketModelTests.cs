using PropBot.Exchanges.Emulator.Core;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class MarketModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<decimal> Run(int seed, int steps)
    {
        var model = new MarketModel(new MarketModelOptions(), seed, Start);
        var mids = new List<decimal>();
        for (var i = 0; i < steps; i++)
        {
            model.Step(1, Start.AddMilliseconds(100 * i));
            mids.Add(model.Book(EmulatorVenue.Binance, 0).BestBid);
            mids.Add(model.Book(EmulatorVenue.Okx, 1).BestAsk);
        }

        return mids;
    }

    [Fact]
    public void Same_seed_gives_the_same_market_and_another_seed_does_not()
    {
        Run(42, 500).ShouldBe(Run(42, 500));
        Run(42, 500).ShouldNotBe(Run(43, 500));
    }

    [Fact]
    public void Books_respect_ticks_steps_and_spread()
    {
        var model = new MarketModel(new MarketModelOptions(), 1, Start);
        foreach (var venue in new[] { EmulatorVenue.Binance, EmulatorVenue.Okx })
        {
            for (var a = 0; a < 2; a++)
            {
                var instrument = Instruments.For(venue)[a];
                var book = model.Book(venue, a);
                (book.BestAsk - book.BestBid).ShouldBe(instrument.TickSize);
                book.Bids.Length.ShouldBe(20);
                foreach (var level in book.Bids.Concat(book.Asks))
                {
                    (level.Price % instrument.TickSize).ShouldBe(0m);
                    (level.Quantity % instrument.BaseStep).ShouldBe(0m);
                    level.Quantity.ShouldBeGreaterThan(0m);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fee_beating_dislocations_appear_several_times_a_minute_at_default_settings(int seed)
    {
        var model = new MarketModel(new MarketModelOptions(), seed, Start);
        const int minutes = 10;
        var episodes = 0;
        var inside = false;
        const decimal roundTripTakerFees = 2 * 0.0005m;
        for (var i = 0; i < minutes * 600; i++)
        {
            model.Step(1, Start.AddMilliseconds(100 * i));
            var binance = model.Book(EmulatorVenue.Binance, 0);
            var okx = model.Book(EmulatorVenue.Okx, 0);
            var edge = Math.Max(binance.BestBid - okx.BestAsk, okx.BestBid - binance.BestAsk) / model.Index(0);
            var now = edge > roundTripTakerFees;
            if (now && !inside)
            {
                episodes++;
            }

            inside = now;
        }

        (episodes / (double)minutes).ShouldBeGreaterThanOrEqualTo(3.0);
    }
}
