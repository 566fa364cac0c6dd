using PropBot.Exchanges.Emulator;

namespace PropBot.Host.Venues;

/// <summary>
/// The embedded loopback emulator of both venues' wire protocols, started before the venue clients are created when
/// any venue is routed to <c>emulator</c> (the paper profile). Disposed with the host.
/// </summary>
internal sealed class EmulatorRuntime(VenueEmulator emulator) : IAsyncDisposable
{
    public VenueEmulator Emulator { get; } = emulator;

    public static async Task<EmulatorRuntime?> StartIfRoutedAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var routed = configuration.GetSection("derivatives:venues").GetChildren()
            .Any(v => v["routing:rest"] == "emulator" || v["routing:ws"] == "emulator");
        if (!routed)
        {
            return null;
        }

        var seed = int.TryParse(configuration["emulator:seed"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 42;
        var emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = seed }, cancellationToken).ConfigureAwait(false);
        return new EmulatorRuntime(emulator);
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
