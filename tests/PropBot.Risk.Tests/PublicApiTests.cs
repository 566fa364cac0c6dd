using PropBot.TestKit;

namespace PropBot.Risk.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNoUnreviewedChanges() => PublicApi.Of(typeof(IRiskGate).Assembly).MatchSnapshot();
}
