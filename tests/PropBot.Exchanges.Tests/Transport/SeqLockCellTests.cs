using PropBot.Exchanges.Transport;

namespace PropBot.Exchanges.Tests.Transport;

public class SeqLockCellTests
{
    [Fact]
    public void TryRead_BeforeFirstWrite_False()
    {
        new SeqLockCell<BookTop>().TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task TryRead_WhileTwoWritersRace_NeverSeesATornValue()
    {
        var cell = new SeqLockCell<BookTop>();
        var instrument = new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP");
        var epoch = DateTimeOffset.UnixEpoch;
        using var stop = new CancellationTokenSource();

        // Every written value is internally consistent (all fields derive from one counter); a torn copy is not.
        Task Writer(long offset) => Task.Run(() =>
        {
            for (var n = offset; !stop.IsCancellationRequested; n += 2)
            {
                cell.Write(new BookTop { Instrument = instrument, BidPrice = n, BidSize = n, AskPrice = n + 1, AskSize = n, UpdateId = n, VenueTime = epoch.AddTicks(n), ReceiveTime = epoch.AddTicks(n) });
            }
        });

        var writers = new[] { Writer(0), Writer(1) };
        var reads = 0;
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < deadline || reads < 10_000)
        {
            if (cell.TryRead(out var top))
            {
                reads++;
                top.BidSize.ShouldBe(top.BidPrice);
                top.AskPrice.ShouldBe(top.BidPrice + 1);
                top.UpdateId.ShouldBe((long)top.BidPrice);
                top.VenueTime.Ticks.ShouldBe(epoch.Ticks + top.UpdateId);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        reads.ShouldBeGreaterThanOrEqualTo(10_000);
    }
}
