using PropBot.Exchanges;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.Exposure;

public class MarginHeadroomMonitorTests
{
    private static AccountMargin Margin(decimal ratio) => new() { Venue = VenueId.BinanceUsdFutures, MarginBalance = 1000m, MaintenanceMargin = 1000m * ratio };

    [Fact]
    public void Update_AtLimit_HeadroomKept()
    {
        var r = new RiskKit();
        r.Margin.Update(Margin(0.5m)).ShouldBeTrue();
        r.Margin.HasHeadroom(VenueId.BinanceUsdFutures).ShouldBeTrue();
        r.State.State.ShouldBe(TradingState.Active);
    }

    [Fact]
    public void Update_PastLimit_ReducingWithIncidentOnce()
    {
        var r = new RiskKit();
        r.Margin.Update(Margin(0.5001m)).ShouldBeFalse();
        r.Margin.Update(Margin(0.6m)).ShouldBeFalse();

        r.State.State.ShouldBe(TradingState.Reducing);
        r.State.LastChange!.Reason.ShouldBe("maintenance margin ratio of binance_um exceeds 0.5 (1 - risk:margin_headroom:buffer), was 0.5001"); // the first breach is the recorded change
        r.Margin.HasHeadroom(VenueId.BinanceUsdFutures).ShouldBeFalse();
        r.Margin.HasHeadroom(VenueId.OkxSwap).ShouldBeTrue();
        r.Incidents.ShouldHaveSingleItem().Kind.ShouldBe(RiskIncidentKinds.MarginHeadroom);
    }

    [Fact]
    public void Update_BackWithinLimit_ConditionCleared()
    {
        var r = new RiskKit();
        r.Margin.Update(Margin(0.9m));
        r.Margin.Update(Margin(0.1m)).ShouldBeTrue();
        r.State.State.ShouldBe(TradingState.Active);
        r.State.LastChange!.Code.ShouldBe(TradingStateChangeCodes.ConditionCleared);
    }

    [Fact]
    public void Update_CustomBuffer_UsesOneMinusBuffer()
    {
        var r = new RiskKit(o => o.MarginHeadroom.Buffer = 0.8m);
        r.Margin.MaxMaintenanceMarginRatio.ShouldBe(0.2m);
        r.Margin.Update(Margin(0.2m)).ShouldBeTrue();
        r.Margin.Update(Margin(0.21m)).ShouldBeFalse();
    }
}
