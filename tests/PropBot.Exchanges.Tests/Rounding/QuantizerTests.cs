using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PropBot.Exchanges.Tests.Rounding;

public class QuantizerTests
{
    private static InstrumentFilters Binance(decimal step = 0.001m, decimal min = 0.001m, decimal minNotional = 100m) => new()
    {
        Instrument = new InstrumentId(VenueId.BinanceUsdFutures, "BTCUSDT"),
        BaseAsset = "BTC",
        QuoteAsset = "USDT",
        TickSize = 0.1m,
        StepSize = step,
        MinQuantity = min,
        MaxQuantity = 1000m,
        MarketStepSize = step,
        MarketMaxQuantity = 120m,
        MinNotional = minNotional,
    };

    // OKX BTC-USDT-SWAP: lotSz 0.01 contracts, minSz 0.01, ctVal 0.01 BTC -> step 0.0001 BTC.
    private static InstrumentFilters Okx(decimal lotSz = 0.01m, decimal ctVal = 0.01m) => new()
    {
        Instrument = new InstrumentId(VenueId.OkxSwap, "BTC-USDT-SWAP"),
        BaseAsset = "BTC",
        QuoteAsset = "USDT",
        TickSize = 0.1m,
        StepSize = lotSz * ctVal,
        MinQuantity = lotSz * ctVal,
        MaxQuantity = 100_000_000m * ctVal,
        ContractSize = ctVal,
    };

    [Theory]
    [InlineData("65000.04", "0.1", "65000.0")]
    [InlineData("65000.05", "0.1", "65000.1")]
    [InlineData("1.23456", "0.01", "1.23")]
    [InlineData("0.000123", "0.00001", "0.00012")]
    public void RoundPriceToTick_RoundsToNearestTick(string price, string tick, string expected) =>
        Quantizer.RoundPriceToTick(decimal.Parse(price), decimal.Parse(tick)).ShouldBe(decimal.Parse(expected));

    [Fact]
    public void RoundPricePassive_NeverImprovesOnTheLimit()
    {
        Quantizer.RoundPricePassive(65000.07m, 0.1m, OrderSide.Buy).ShouldBe(65000.0m);
        Quantizer.RoundPricePassive(65000.01m, 0.1m, OrderSide.Sell).ShouldBe(65000.1m);
        Quantizer.RoundPriceAggressive(65000.01m, 0.1m, OrderSide.Buy).ShouldBe(65000.1m);
        Quantizer.RoundPriceAggressive(65000.09m, 0.1m, OrderSide.Sell).ShouldBe(65000.0m);
    }

    [Fact]
    public void ToWire_HasNoExponentNorTrailingZeros()
    {
        Quantizer.ToWire(0.00000010m).ShouldBe("0.0000001");
        Quantizer.ToWire(65000.100m).ShouldBe("65000.1");
        Quantizer.ToWire(100m).ShouldBe("100");
    }

    [Fact]
    public void Quantize_BelowMinimum_IsRefusedNotZero()
    {
        var q = Quantizer.Quantize(0.0009m, Binance());
        q.IsTradable.ShouldBeFalse();
        q.Rejection.ShouldBe(QuantityRejection.BelowMinimumQuantity);
        q.Detail.ShouldBe("Quantity 0.0009 rounds to 0, below the minimum 0.001 on BTCUSDT.binance_um.");
    }

    [Fact]
    public void Quantize_BelowMinNotional_IsRefused()
    {
        var q = Quantizer.Quantize(0.001m, Binance(), price: 65000m);
        q.Rejection.ShouldBe(QuantityRejection.BelowMinimumNotional);
        Quantizer.Quantize(0.002m, Binance(), price: 65000m).Quantity.ShouldBe(0.002m);
    }

    [Fact]
    public void Quantize_MarketOrder_ClipsToMarketMaximum() =>
        Quantizer.Quantize(500m, Binance(), OrderType.Market).Quantity.ShouldBe(120m);

    [Fact]
    public void JointQuantize_BinanceStepVsOkxContracts_UsesCommonStep()
    {
        // 0.001 BTC (Binance) vs 0.01 contracts x 0.01 BTC = 0.0001 BTC (OKX): common step 0.001 BTC.
        var q = Quantizer.JointQuantize(0.12345m, Binance(), Okx());
        q.IsTradable.ShouldBeTrue();
        q.Quantity.ShouldBe(0.123m);
    }

    [Fact]
    public void JointQuantize_CoarseOkxLot_UsesLeastCommonMultiple()
    {
        // ETH-like: Binance step 0.001, OKX 1 contract x 0.1 ETH = 0.1 -> 0.1; and 0.003 vs 0.002 -> 0.006.
        Quantizer.JointQuantize(1.2599m, Binance(minNotional: 0m), Okx(1m, 0.1m)).Quantity.ShouldBe(1.2m);
        Quantizer.TryLeastCommonMultiple(0.003m, 0.002m, out var lcm).ShouldBeTrue();
        lcm.ShouldBe(0.006m);
    }

    [Fact]
    public void JointQuantize_BelowEitherMinimum_IsRefusedWithReason()
    {
        var q = Quantizer.JointQuantize(0.0005m, Binance(), Okx());
        q.Rejection.ShouldBe(QuantityRejection.BelowMinimumQuantity);
        q.Quantity.ShouldBe(0m);
    }

    [Fact]
    public void JointQuantize_NotPositive_IsRefused() =>
        Quantizer.JointQuantize(-1m, Binance(), Okx()).Rejection.ShouldBe(QuantityRejection.NotPositive);

    // ---- properties ----

    private static Arbitrary<decimal> Steps() =>
        Gen.Elements(0.1m, 0.01m, 0.001m, 0.0001m, 0.00001m, 0.5m, 0.25m, 1m, 5m, 0.003m, 0.002m).ToArbitrary();

    private static Arbitrary<decimal> Quantities() =>
        Gen.Choose(0, int.MaxValue).Select(i => i / 1_000_000m).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property RoundQuantityDown_IsOnGrid_NotAbove_WithinOneStep() =>
        Prop.ForAll(Quantities(), Steps(), (q, step) =>
        {
            var r = Quantizer.RoundQuantityDown(q, step);
            return Quantizer.IsMultipleOf(r, step) && r <= q && q - r < step && r >= 0m;
        });

    [Property(MaxTest = 500)]
    public Property RoundPriceToTick_IsOnGrid_WithinHalfTick() =>
        Prop.ForAll(Quantities(), Steps(), (p, tick) =>
        {
            var r = Quantizer.RoundPriceToTick(p, tick);
            return Quantizer.IsMultipleOf(r, tick) && Math.Abs(r - p) <= tick / 2m;
        });

    [Property(MaxTest = 500)]
    public Property JointQuantize_IsValidOnBothVenues_OrRefused() =>
        Prop.ForAll(Quantities(), Steps(), Steps(), (q, stepA, stepB) =>
        {
            var a = Binance(stepA, stepA, 0m);
            var b = Okx(stepB, 1m);
            var r = Quantizer.JointQuantize(q, a, b);
            if (!r.IsTradable)
            {
                return r.Quantity == 0m && r.Detail is not null;
            }

            return r.Quantity > 0m
                && r.Quantity <= q
                && Quantizer.IsMultipleOf(r.Quantity, a.StepSize)
                && Quantizer.IsMultipleOf(r.Quantity, b.StepSize)
                && r.Quantity >= a.MinQuantity && r.Quantity >= b.MinQuantity;
        });

    [Property(MaxTest = 500)]
    public Property JointQuantize_IsMaximal() =>
        Prop.ForAll(Quantities(), Steps(), Steps(), (q, stepA, stepB) =>
        {
            var a = Binance(stepA, stepA, 0m);
            var b = Okx(stepB, 1m);
            var r = Quantizer.JointQuantize(q, a, b);
            Quantizer.TryLeastCommonMultiple(stepA, stepB, out var lcm);
            var cap = Math.Min(q, Math.Min(a.MaxQuantity, b.MaxQuantity));
            // Nothing valid on both grids lies strictly between the result and the (capped) request.
            return !r.IsTradable || cap - r.Quantity < lcm;
        });

    [Property(MaxTest = 300)]
    public Property LeastCommonMultiple_IsTheLeastMultipleOfBoth() =>
        Prop.ForAll(Steps(), Steps(), (a, b) =>
        {
            if (!Quantizer.TryLeastCommonMultiple(a, b, out var l) || !Quantizer.IsMultipleOf(l, a) || !Quantizer.IsMultipleOf(l, b))
            {
                return false;
            }

            // Least: the cofactors l/a and l/b share no divisor.
            var ka = new System.Numerics.BigInteger(l / a);
            var kb = new System.Numerics.BigInteger(l / b);
            return System.Numerics.BigInteger.GreatestCommonDivisor(ka, kb).IsOne;
        });
}
