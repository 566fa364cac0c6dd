using System.Text.Json;

namespace PropBot.Exchanges.Tests.Model;

public class IdJsonConverterTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Serialize_InstrumentId_VenueIsPlainText()
    {
        var json = JsonSerializer.Serialize(new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"), Web);

        json.ShouldBe("""{"venue":"okx_perp","symbol":"BTC-USDT-SWAP"}""");
    }

    [Fact]
    public void RoundTrip_EveryIdType_SameValue()
    {
        var record = new Ids(VenueId.BinanceUsdFutures, new ClientOrderId("pb1A0"), new VenueOrderId("8389765"), UnifiedSymbol.Parse("BTC-USDT-PERP"));

        var json = JsonSerializer.Serialize(record, Web);

        json.ShouldBe("""{"venue":"binance_um","client":"pb1A0","order":"8389765","symbol":"BTC-USDT-PERP"}""");
        JsonSerializer.Deserialize<Ids>(json, Web).ShouldBe(record);
    }

    [Fact]
    public void Deserialize_LegacyObjectForm_Accepted()
    {
        var venue = JsonSerializer.Deserialize<VenueId>("""{"value":"okx_perp"}""", Web);

        venue.ShouldBe(VenueId.OkxSwap);
    }

    [Theory]
    [InlineData("\"Binance UM\"")]
    [InlineData("42")]
    [InlineData("\"\"")]
    [InlineData("{\"other\":\"x\"}")]
    public void Deserialize_InvalidVenue_JsonExceptionNamingTheType(string json)
    {
        var ex = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<VenueId>(json, Web));

        ex.Message.ShouldContain(nameof(VenueId));
    }

    [Fact]
    public void Deserialize_InvalidClientOrderId_JsonException()
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<ClientOrderId>("\"has-dash\"", Web));
    }

    [Fact]
    public void RoundTrip_VenueIdAsDictionaryKey_PlainTextKey()
    {
        var map = new Dictionary<VenueId, int> { [VenueId.BinanceUsdFutures] = 1, [VenueId.OkxSwap] = 2 };

        var json = JsonSerializer.Serialize(map, Web);

        json.ShouldBe("""{"binance_um":1,"okx_perp":2}""");
        JsonSerializer.Deserialize<Dictionary<VenueId, int>>(json, Web).ShouldBe(map);
    }

    public sealed record Ids(VenueId Venue, ClientOrderId Client, VenueOrderId Order, UnifiedSymbol Symbol);
}
