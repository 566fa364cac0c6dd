using Microsoft.Extensions.Time.Testing;

namespace PropBot.Exchanges.Emulator.Tests;

/// <summary>One emulator on the system clock, shared by a test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public VenueEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await VenueEmulator.StartAsync(new EmulatorOptions { Seed = 7 });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

/// <summary>One emulator on a fake clock (time moves only when the test advances it).</summary>
public sealed class FakeClockFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 7, 58, 0, TimeSpan.Zero));

    public VenueEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await VenueEmulator.StartAsync(new EmulatorOptions
    {
        Seed = 11,
        TimeProvider = Time,
    });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
