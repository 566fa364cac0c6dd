using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxErrorMapTests
{
    [Theory]
    [InlineData("50011", VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests)]
    [InlineData("50061", VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests)]
    [InlineData("50102", VenueErrorKind.Transient, VenueErrorReason.TimestampOutOfWindow)]
    [InlineData("50111", VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey)]
    [InlineData("50112", VenueErrorKind.Unauthorized, VenueErrorReason.TimestampOutOfWindow)]
    [InlineData("50113", VenueErrorKind.Unauthorized, VenueErrorReason.InvalidSignature)]
    [InlineData("50114", VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey)]
    [InlineData("51000", VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter)]
    [InlineData("51008", VenueErrorKind.Rejected, VenueErrorReason.InsufficientMargin)]
    [InlineData("51020", VenueErrorKind.Rejected, VenueErrorReason.QuantityBelowMinimum)]
    [InlineData("51121", VenueErrorKind.Rejected, VenueErrorReason.InvalidLotSize)]
    [InlineData("51169", VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected)]
    [InlineData("51030", VenueErrorKind.Transient, VenueErrorReason.FundingSettlement)]
    [InlineData("59000", VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions)]
    [InlineData("59002", VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions)]
    [InlineData("59107", VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions)]
    [InlineData("59102", VenueErrorKind.Rejected, VenueErrorReason.InvalidLeverage)]
    [InlineData("50004", VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout)]
    [InlineData("51149", VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout)]
    [InlineData("51603", VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound)]
    [InlineData("51400", VenueErrorKind.Rejected, VenueErrorReason.OrderNotFound)]
    [InlineData("51016", VenueErrorKind.Rejected, VenueErrorReason.DuplicateClientOrderId)]
    [InlineData("51006", VenueErrorKind.Rejected, VenueErrorReason.PriceOutOfBand)]
    [InlineData("51001", VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol)]
    [InlineData("54109", VenueErrorKind.Rejected, VenueErrorReason.InstrumentNotTrading)]
    [InlineData("51010", VenueErrorKind.Rejected, VenueErrorReason.NotSupported)]
    public void ToError_KnownCode_KindAndReason(string code, VenueErrorKind kind, VenueErrorReason reason)
    {
        var e = OkxErrorMap.ToError(code, "msg");

        e.Kind.ShouldBe(kind);
        e.Reason.ShouldBe(reason);
        e.VenueCode.ShouldBe(code);
        e.Venue.ShouldBe(VenueId.OkxSwap);
    }

    [Fact]
    public void ToError_UnknownCode_RejectedUnspecified_MessageKept()
    {
        var e = OkxErrorMap.ToError("54999", " Something new ");

        e.Kind.ShouldBe(VenueErrorKind.Rejected);
        e.Reason.ShouldBe(VenueErrorReason.Unspecified);
        e.Message.ShouldBe("Something new");
    }

    [Fact]
    public void ToError_PosSideParameterError_PositionSideMismatch() =>
        OkxErrorMap.ToError("51000", "Parameter posSide error ").Reason.ShouldBe(VenueErrorReason.PositionSideMismatch);

    [Theory]
    [InlineData("50001")]
    [InlineData("50026")]
    [InlineData("51054")]
    public void ToError_ServerSideCodeOnWrite_OutcomeUnknown(string code)
    {
        OkxErrorMap.ToError(code, null, 503, isWrite: true).Kind.ShouldBe(VenueErrorKind.OutcomeUnknown);
        OkxErrorMap.ToError(code, null, 503, isWrite: false).Kind.ShouldBe(VenueErrorKind.Transient);
    }

    [Fact]
    public void ToError_FundingSettlementOnWrite_StaysTransient() =>
        OkxErrorMap.ToError("51030", null, 200, isWrite: true).Kind.ShouldBe(VenueErrorKind.Transient);

    [Theory]
    [InlineData(429, false, VenueErrorKind.RateLimited)]
    [InlineData(401, false, VenueErrorKind.Unauthorized)]
    [InlineData(503, true, VenueErrorKind.OutcomeUnknown)]
    [InlineData(502, false, VenueErrorKind.Transient)]
    [InlineData(400, true, VenueErrorKind.InvalidRequest)]
    public void FromHttpStatus_Classified(int status, bool isWrite, VenueErrorKind kind) =>
        OkxErrorMap.FromHttpStatus(status, null, isWrite).Kind.ShouldBe(kind);

    [Fact]
    public void PostOnlyWouldTake_StableReason()
    {
        var e = OkxErrorMap.PostOnlyWouldTake();

        e.Reason.ShouldBe(VenueErrorReason.PostOnlyWouldTake);
        e.Code.ShouldBe("POST_ONLY_WOULD_TAKE");
    }

    [Fact]
    public void Codes_TableIsStable() =>
        string.Join("\n", OkxErrorMap.Codes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value.Kind} {kv.Value.Reason}")).MatchSnapshot();
}
