namespace PropBot.Exchanges.Tests.Model;

public class IdentifierTests
{
    [Theory]
    [InlineData("pb7f3a9c2eA0", true)]
    [InlineData("", false)]
    [InlineData("has-dash", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)] // 33 chars
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]  // 32 chars
    public void ClientOrderId_IsValid_FollowsTheStrictestVenue(string value, bool valid) =>
        ClientOrderId.IsValid(value).ShouldBe(valid);

    [Fact]
    public void ClientOrderId_Derive_IsDeterministic() =>
        ClientOrderId.Derive("pb7f3a9c2e", "A", 0).ShouldBe(new ClientOrderId("pb7f3a9c2eA0"));

    [Fact]
    public void ClientOrderId_Invalid_NamesTheValue() =>
        Should.Throw<ArgumentException>(() => new ClientOrderId("a-b")).Message.ShouldStartWith("Client order id must be 1-32 ASCII letters or digits, was 'a-b'.");

    [Fact]
    public void UnifiedSymbol_RoundTrips()
    {
        var s = UnifiedSymbol.Parse("BTC-USDT-PERP");
        s.BaseAsset.ShouldBe("BTC");
        s.QuoteAsset.ShouldBe("USDT");
        s.ToString().ShouldBe("BTC-USDT-PERP");
        UnifiedSymbol.TryParse("BTC-USDT-SWAP", out _).ShouldBeFalse();
        UnifiedSymbol.TryParse("btc-USDT-PERP", out _).ShouldBeFalse();
    }

    [Fact]
    public void InstrumentId_Formats_SymbolDotVenue() =>
        new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP").ToString().ShouldBe("BTC-USDT-SWAP.okx_perp");

    [Fact]
    public void VenueError_CodeIsStable() =>
        new VenueError { Kind = VenueErrorKind.Rejected, Reason = VenueErrorReason.InvalidLotSize, Venue = VenueId.OkxSwap, VenueCode = "51121", Message = "lot" }
            .ToString().ShouldBe("okx_perp Rejected/INVALID_LOT_SIZE (51121): lot");

    [Fact]
    public void VenueErrorReasons_EveryReasonHasADistinctCode()
    {
        var codes = Enum.GetValues<VenueErrorReason>().Select(VenueErrorReasons.Code).ToList();
        codes.Distinct().Count().ShouldBe(codes.Count);
    }
}
