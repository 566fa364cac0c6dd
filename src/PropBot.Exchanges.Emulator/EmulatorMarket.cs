using PropBot.Exchanges.Emulator.Core;

namespace PropBot.Exchanges.Emulator;

/// <summary>Control of the market model: pause, step, and explicit prices, basis and funding rates to force dislocations.</summary>
public sealed class EmulatorMarket
{
    private readonly EmulatorCore core;

    internal EmulatorMarket(EmulatorCore core) => this.core = core;

    /// <summary>True while the random evolution is paused (timers, matching and pushes keep running).</summary>
    public bool IsPaused
    {
        get
        {
            lock (core.Sync)
            {
                return core.Market.Paused;
            }
        }
    }

    /// <summary>Pauses the random evolution of prices, basis and funding rates.</summary>
    public void Pause()
    {
        lock (core.Sync)
        {
            core.Market.Paused = true;
        }
    }

    /// <summary>Resumes the random evolution.</summary>
    public void Resume()
    {
        lock (core.Sync)
        {
            core.Market.Paused = false;
        }
    }

    /// <summary>Evolves the model by a number of tick intervals (also while paused), then runs one tick (matching, timers, pushes).</summary>
    /// <param name="ticks">Number of steps.</param>
    public void Step(int ticks = 1)
    {
        lock (core.Sync)
        {
            core.Market.Step(ticks, core.Time.GetUtcNow());
        }

        core.Tick();
    }

    /// <summary>Sets the common fair (index) price of an asset; both venues' books move with it.</summary>
    /// <param name="asset"><c>BTC</c> or <c>ETH</c>.</param>
    /// <param name="price">Fair price in USDT.</param>
    public void SetFairPrice(string asset, decimal price)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        lock (core.Sync)
        {
            core.Market.SetFairPrice(Instruments.AssetIndex(asset), price, core.Time.GetUtcNow());
        }

        core.Tick();
    }

    /// <summary>Sets a venue's basis for an asset: its mid price becomes <c>fair × (1 + basis)</c>.</summary>
    /// <param name="venue">Venue.</param>
    /// <param name="asset"><c>BTC</c> or <c>ETH</c>.</param>
    /// <param name="basis">Basis as a fraction (0.002 = +20 bps); it mean-reverts unless the model is paused.</param>
    public void SetBasis(EmulatorVenue venue, string asset, decimal basis)
    {
        lock (core.Sync)
        {
            core.Market.SetBasis(venue, Instruments.AssetIndex(asset), basis, core.Time.GetUtcNow());
        }

        core.Tick();
    }

    /// <summary>Sets a venue's current funding rate for an asset (it drifts from there unless paused).</summary>
    /// <param name="venue">Venue.</param>
    /// <param name="asset"><c>BTC</c> or <c>ETH</c>.</param>
    /// <param name="rate">Rate per funding interval (0.0001 = 0.01 %).</param>
    public void SetFundingRate(EmulatorVenue venue, string asset, decimal rate)
    {
        lock (core.Sync)
        {
            core.Market.SetFundingRate(venue, Instruments.AssetIndex(asset), rate);
        }
    }

    /// <summary>The current market of an asset on a venue.</summary>
    /// <param name="venue">Venue.</param>
    /// <param name="asset"><c>BTC</c> or <c>ETH</c>.</param>
    /// <returns>Best bid/ask, mark, index, funding rate and next funding time.</returns>
    public EmulatorQuote GetQuote(EmulatorVenue venue, string asset)
    {
        lock (core.Sync)
        {
            var index = Instruments.AssetIndex(asset);
            var exchange = core.Exchange(venue);
            var instrument = Instruments.For(venue)[index];
            var book = exchange.Book(instrument);
            return new EmulatorQuote(
                venue, instrument.Symbol, book.BestBid, book.BestAsk, exchange.Mark(instrument), exchange.Index(instrument),
                exchange.FundingRate(instrument), exchange.NextFundingTime);
        }
    }
}
