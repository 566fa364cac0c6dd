using PropBot.Exchanges.Emulator;

namespace PropBot.Host.Venues;

/// <summary>
/// The embedded loopback emulator of both venues' wire protocols, started when first resolved (before any venue
/// client is created) if a venue is routed to <c>emulator</c> — the paper profile. It runs on the host's
/// <see cref="TimeProvider"/> (a fake clock in tests, so market ticks, funding and timestamps are deterministic).
/// Disposed with the host.
/// </summary>
internal sealed class EmulatorRuntime : IAsyncDisposable
{
    public EmulatorRuntime(IConfiguration configuration, TimeProvider timeProvider)
    {
        var routed = configuration.GetSection("derivatives:venues").GetChildren()
            .Any(v => v["routing:rest"] == "emulator" || v["routing:ws"] == "emulator");
        if (!routed)
        {
            return;
        }

        var seed = int.TryParse(configuration["emulator:seed"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 42;

        // Resolved once on the start-up path (no synchronization context): the emulator must listen before the
        // adapters, which the risk package resolves while the host constructs its hosted services.
        Emulator = Task.Run(() => VenueEmulator.StartAsync(new EmulatorOptions { Seed = seed, TimeProvider = timeProvider })).GetAwaiter().GetResult();
    }

    /// <summary>The running emulator, or null when no venue is routed to it.</summary>
    public VenueEmulator? Emulator { get; }

    public ValueTask DisposeAsync() => Emulator?.DisposeAsync() ?? ValueTask.CompletedTask;
}
