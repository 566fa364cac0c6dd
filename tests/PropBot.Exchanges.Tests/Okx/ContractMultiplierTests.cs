using FsCheck;
using FsCheck.Fluent;
using PropBot.Exchanges.Okx;

namespace PropBot.Exchanges.Tests.Okx;

public class ContractMultiplierTests
{
    [Theory]
    [InlineData("0.01")]
    [InlineData("0.1")]
    [InlineData("0.010")]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("0.0001")]
    [InlineData("25")]
    [InlineData("0.5")]
    public void ToBase_AnyContracts_BitForBitTheDecimalProduct(string sizeText)
    {
        var size = decimal.Parse(sizeText, System.Globalization.CultureInfo.InvariantCulture);
        var multiplier = new ContractMultiplier(size);

        Prop.ForAll(
            Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, 12)).Select(t => new decimal(t.Item1, 0, 0, false, (byte)t.Item2)).ToArbitrary(),
            contracts => decimal.GetBits(multiplier.ToBase(contracts)).SequenceEqual(decimal.GetBits(contracts * size)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ToBase_ScaleWouldPass28_Multiplies()
    {
        var multiplier = new ContractMultiplier(0.01m);
        var contracts = new decimal(5, 0, 0, false, 28);

        multiplier.ToBase(contracts).ShouldBe(contracts * 0.01m);
    }
}
