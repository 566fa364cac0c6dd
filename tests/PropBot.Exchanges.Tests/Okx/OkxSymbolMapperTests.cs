using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxSymbolMapperTests
{
    [Theory]
    [InlineData("BTC-USDT-PERP", "BTC-USDT-SWAP")]
    [InlineData("ETH-USDT-PERP", "ETH-USDT-SWAP")]
    [InlineData("1000PEPE-USDT-PERP", "1000PEPE-USDT-SWAP")]
    public void RoundTrip(string unified, string venue)
    {
        OkxSymbolMapper.Instance.ToVenueSymbol(UnifiedSymbol.Parse(unified)).ShouldBe(venue);
        OkxSymbolMapper.Instance.TryToUnified(venue, out var back).ShouldBeTrue();
        back.ToString().ShouldBe(unified);
    }

    [Theory]
    [InlineData("BTC-USDT")]
    [InlineData("BTC-USDT-240329")]
    [InlineData("BTCUSDT")]
    [InlineData("-USDT-SWAP")]
    [InlineData("BTC--SWAP")]
    [InlineData("btc-usdt-SWAP")]
    [InlineData("A-B-C-SWAP")]
    public void TryToUnified_NotALinearSwap_False(string venue) =>
        OkxSymbolMapper.Instance.TryToUnified(venue, out _).ShouldBeFalse();

    [Fact]
    public void Venue_IsOkxSwap() => OkxSymbolMapper.Instance.Venue.ShouldBe(VenueId.OkxSwap);
}
