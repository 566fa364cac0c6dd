using PropBot.Exchanges.Binance;

namespace PropBot.Exchanges.Tests.Binance;

public class BinanceErrorMapTests
{
    [Theory]
    [InlineData(-1000, VenueErrorKind.OutcomeUnknown, VenueErrorReason.ExecutionStatusUnknown)]
    [InlineData(-1003, VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests)]
    [InlineData(-1007, VenueErrorKind.OutcomeUnknown, VenueErrorReason.ExecutionStatusUnknown)]
    [InlineData(-1008, VenueErrorKind.Transient, VenueErrorReason.TooManyRequests)]
    [InlineData(-1021, VenueErrorKind.Transient, VenueErrorReason.TimestampOutOfWindow)]
    [InlineData(-1022, VenueErrorKind.Unauthorized, VenueErrorReason.InvalidSignature)]
    [InlineData(-2015, VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey)]
    [InlineData(-1106, VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter)]
    [InlineData(-1111, VenueErrorKind.Rejected, VenueErrorReason.InvalidPrecision)]
    [InlineData(-1121, VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol)]
    [InlineData(-2011, VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound)]
    [InlineData(-2013, VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound)]
    [InlineData(-2019, VenueErrorKind.Rejected, VenueErrorReason.InsufficientMargin)]
    [InlineData(-2022, VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected)]
    [InlineData(-4003, VenueErrorKind.Rejected, VenueErrorReason.QuantityBelowMinimum)]
    [InlineData(-4014, VenueErrorKind.Rejected, VenueErrorReason.InvalidPrecision)]
    [InlineData(-4023, VenueErrorKind.Rejected, VenueErrorReason.InvalidLotSize)]
    [InlineData(-4028, VenueErrorKind.Rejected, VenueErrorReason.InvalidLeverage)]
    [InlineData(-4047, VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions)]
    [InlineData(-4061, VenueErrorKind.Rejected, VenueErrorReason.PositionSideMismatch)]
    [InlineData(-4116, VenueErrorKind.Rejected, VenueErrorReason.DuplicateClientOrderId)]
    [InlineData(-4118, VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected)]
    [InlineData(-4120, VenueErrorKind.InvalidRequest, VenueErrorReason.NotSupported)]
    [InlineData(-4131, VenueErrorKind.Rejected, VenueErrorReason.PriceOutOfBand)]
    [InlineData(-4164, VenueErrorKind.Rejected, VenueErrorReason.NotionalBelowMinimum)]
    [InlineData(-5022, VenueErrorKind.Rejected, VenueErrorReason.PostOnlyWouldTake)]
    [InlineData(-5028, VenueErrorKind.Transient, VenueErrorReason.TimestampOutOfWindow)]
    public void Map_DocumentedCode_KindAndReason(int code, VenueErrorKind kind, VenueErrorReason reason) =>
        BinanceErrorMap.Map(code).ShouldBe((kind, reason));

    [Theory]
    [InlineData(429, VenueErrorKind.RateLimited)]
    [InlineData(418, VenueErrorKind.Banned)]
    [InlineData(401, VenueErrorKind.Unauthorized)]
    [InlineData(502, VenueErrorKind.Transient)]
    [InlineData(400, VenueErrorKind.Rejected)]
    public void Map_UnknownCode_FallsBackOnStatus(int status, VenueErrorKind kind) => BinanceErrorMap.Map(-99999, status).Kind.ShouldBe(kind);

    [Fact]
    public void IsNoChange_MarginTypeAndPositionSide_True()
    {
        BinanceErrorMap.IsNoChange(-4046).ShouldBeTrue();
        BinanceErrorMap.IsNoChange(-4059).ShouldBeTrue();
        BinanceErrorMap.IsNoChange(-4048).ShouldBeFalse();
    }

    [Fact]
    public void Codes_CoverEveryCodeTheAdapterMustMap()
    {
        int[] required = [-1000, -1001, -1003, -1006, -1007, -1008, -1021, -1022, -1102, -1106, -1111, -1116, -1121, -1125, -2010, -2011, -2013, -2014, -2015, -2018, -2019, -2021, -2022, -2025, -2027, -4003, -4004, -4005, -4014, -4015, -4016, -4023, -4024, -4028, -4046, -4047, -4048, -4059, -4060, -4061, -4062, -4067, -4068, -4116, -4118, -4120, -4131, -4164, -5021, -5022, -5028];
        required.Except(BinanceErrorMap.Codes).ShouldBeEmpty();
    }
}
