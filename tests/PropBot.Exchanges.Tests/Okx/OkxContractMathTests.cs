using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PropBot.Exchanges.Okx;
using PropBot.Exchanges.Okx.Wire;

namespace PropBot.Exchanges.Tests.Okx;

public class OkxContractMathTests
{
    private static OkxInstrumentInfo Info(decimal ctVal, decimal lotSz, decimal minSz, decimal ctMult = 1m, string state = "live")
    {
        OkxContractMath.TryCreate(new OkxInstrument
        {
            InstId = "X-USDT-SWAP",
            InstFamily = "X-USDT",
            CtVal = Quantizer.ToWire(ctVal),
            CtMult = Quantizer.ToWire(ctMult),
            LotSz = Quantizer.ToWire(lotSz),
            MinSz = Quantizer.ToWire(minSz),
            TickSz = "0.1",
            MaxLmtSz = "100000000",
            MaxMktSz = "12000",
            State = state,
        }, out var info).ShouldBeTrue();
        return info;
    }

    [Fact]
    public void TryToContracts_WorkedExample_0_0537Btc_Is5_37Contracts()
    {
        OkxContractMath.TryToContracts(0.0537m, Info(0.01m, 0.01m, 0.01m), OrderType.Limit, out var c, out var e).ShouldBeTrue();

        c.ShouldBe(5.37m);
        e.ShouldBeNull();
    }

    [Fact]
    public void TryToContracts_RemainderBelowLot_RefusedNotRounded()
    {
        OkxContractMath.TryToContracts(0.05374m, Info(0.01m, 0.01m, 0.01m), OrderType.Limit, out _, out var e).ShouldBeFalse();

        e!.Reason.ShouldBe(VenueErrorReason.InvalidLotSize);
        e.Kind.ShouldBe(VenueErrorKind.InvalidRequest);
    }

    [Fact]
    public void TryToContracts_BelowMinimum_Refused()
    {
        OkxContractMath.TryToContracts(0.01m, Info(0.1m, 0.01m, 1m), OrderType.Limit, out _, out var e).ShouldBeFalse();

        e!.Reason.ShouldBe(VenueErrorReason.QuantityBelowMinimum);
    }

    [Fact]
    public void TryCreate_CtMult_EntersContractSize()
    {
        var info = Info(0.1m, 1m, 1m, ctMult: 10m);

        info.ContractSize.ShouldBe(1m);
        info.Filters.StepSize.ShouldBe(1m);
        OkxContractMath.ToBase(3m, info).ShouldBe(3m);
    }

    [Fact]
    public void TryCreate_PlaceholderRow_False() =>
        OkxContractMath.TryCreate(new OkxInstrument { InstId = "BTC-USDT-SWAP", CtVal = "", LotSz = "", TickSz = "" }, out _).ShouldBeFalse();

    [Fact]
    public void TryCreate_SuspendedState_NotTrading() => Info(0.01m, 0.01m, 0.01m, state: "suspend").Filters.IsTrading.ShouldBeFalse();

    // ---- properties ----

    private static Arbitrary<(decimal CtVal, decimal Lot)> Contracts() =>
        Gen.Elements((0.01m, 0.01m), (0.1m, 0.01m), (0.01m, 0.1m), (0.001m, 1m), (10m, 1m), (0.0001m, 0.001m), (1m, 0.1m), (0.25m, 0.5m))
            .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property OnGridBaseQuantity_RoundTripsExactly() =>
        Prop.ForAll(Contracts(), Gen.Choose(1, 5_000_000).ToArbitrary(), (spec, lots) =>
        {
            var info = Info(spec.CtVal, spec.Lot, spec.Lot);
            var baseQty = lots * spec.Lot * spec.CtVal;
            var ok = OkxContractMath.TryToContracts(baseQty, info, OrderType.Limit, out var contracts, out _);
            return ok
                && contracts == lots * spec.Lot
                && contracts % spec.Lot == 0m
                && OkxContractMath.ToBase(contracts, info) == baseQty
                && baseQty % info.Filters.StepSize == 0m;
        });

    [Property(MaxTest = 500)]
    public Property AnyBaseQuantity_IsExactOnLotGrid_OrRefused() =>
        Prop.ForAll(Contracts(), Gen.Choose(1, int.MaxValue).Select(i => i / 10_000_000m).ToArbitrary(), (spec, q) =>
        {
            var info = Info(spec.CtVal, spec.Lot, spec.Lot);
            if (!OkxContractMath.TryToContracts(q, info, OrderType.Limit, out var contracts, out var error))
            {
                return error is not null && error.Kind == VenueErrorKind.InvalidRequest && q % info.Filters.StepSize != 0m || q < info.Filters.MinQuantity || q > info.Filters.MaxQuantity;
            }

            // Never a quantity off the lot grid; never a silent change of the requested quantity.
            return contracts % spec.Lot == 0m && OkxContractMath.ToBase(contracts, info) == q && q % info.Filters.StepSize == 0m;
        });

    [Property(MaxTest = 300)]
    public Property QuantizedBaseQuantity_AlwaysConverts() =>
        Prop.ForAll(Contracts(), Gen.Choose(1, int.MaxValue).Select(i => i / 1_000_000m).ToArbitrary(), (spec, q) =>
        {
            var info = Info(spec.CtVal, spec.Lot, spec.Lot);
            var quantized = Quantizer.Quantize(q, info.Filters);
            return !quantized.IsTradable
                || OkxContractMath.TryToContracts(quantized.Quantity, info, OrderType.Limit, out var c, out _) && c % spec.Lot == 0m;
        });
}
