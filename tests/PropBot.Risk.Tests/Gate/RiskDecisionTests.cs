namespace PropBot.Risk.Tests.Gate;

public class RiskDecisionTests
{
    [Fact]
    public void Approved_IsDefaultAndHasNoDenial()
    {
        RiskDecision.Approved.IsApproved.ShouldBeTrue();
        RiskDecision.Approved.Denial.ShouldBeNull();
        RiskDecision.Approved.Code.ShouldBeNull();
        RiskDecision.Approved.ShouldBe(default);
        RiskDecision.Approved.ToString().ShouldBe("Approved");
    }

    [Fact]
    public void Deny_CarriesCodeAndMessage()
    {
        var d = RiskDecision.Deny(RiskDenialCodes.StaleBook, "book too old, was 2000 ms");
        d.IsApproved.ShouldBeFalse();
        d.Code.ShouldBe("STALE_BOOK");
        d.Denial.ShouldBe(new RiskDenial("STALE_BOOK", "book too old, was 2000 ms"));
        d.ToString().ShouldBe("STALE_BOOK: book too old, was 2000 ms");
        (d == RiskDecision.Deny(new RiskDenial("STALE_BOOK", "book too old, was 2000 ms"))).ShouldBeTrue();
        (d != RiskDecision.Approved).ShouldBeTrue();
    }

    [Fact]
    public void DenialCodes_AreStable()
    {
        string[] codes =
        [
            RiskDenialCodes.CapOrder, RiskDenialCodes.CapSymbol, RiskDenialCodes.CapVenue, RiskDenialCodes.CapTotal, RiskDenialCodes.DeltaLimit,
            RiskDenialCodes.StaleBook, RiskDenialCodes.BookSkew, RiskDenialCodes.ClockSkew, RiskDenialCodes.VenueDisconnected, RiskDenialCodes.FundingWindow,
            RiskDenialCodes.MarginHeadroom, RiskDenialCodes.Halted, RiskDenialCodes.Reducing, RiskDenialCodes.BreakerTripped, RiskDenialCodes.SnapshotMismatch,
            RiskDenialCodes.InvalidIntent,
        ];
        string.Join(",", codes).ShouldBe("CAP_ORDER,CAP_SYMBOL,CAP_VENUE,CAP_TOTAL,DELTA_LIMIT,STALE_BOOK,BOOK_SKEW,CLOCK_SKEW,VENUE_DISCONNECTED,FUNDING_WINDOW,MARGIN_HEADROOM,HALTED,REDUCING,BREAKER_TRIPPED,SNAPSHOT_MISMATCH,INVALID_INTENT");
    }
}
