using PropBot.TestKit;

namespace PropBot.Exchanges.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNoUnreviewedChanges() => PublicApi.Of(typeof(IDerivClient).Assembly).MatchSnapshot();
}
