using PropBot.TestKit;

namespace PropBot.Arbitrage.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesSnapshot()
    {
        PublicApi.Of(typeof(IArbitrageEngine).Assembly).MatchSnapshot();
    }
}
