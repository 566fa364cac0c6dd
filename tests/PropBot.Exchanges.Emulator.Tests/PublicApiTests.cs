using PropBot.TestKit;

namespace PropBot.Exchanges.Emulator.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_is_unchanged() => PublicApi.Of(typeof(VenueEmulator).Assembly).MatchSnapshot();
}
