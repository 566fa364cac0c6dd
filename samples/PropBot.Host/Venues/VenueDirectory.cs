using System.Reflection;
using PropBot.Exchanges;
using PropBot.Host.Configuration;

namespace PropBot.Host.Venues;

/// <summary>One configured venue: its settings, the client and where it is routed.</summary>
internal sealed class VenueConnection(VenueSettings settings, IDerivClient client, string routingKind, bool keysPresent)
{
    public VenueSettings Settings { get; } = settings;

    public VenueId Id { get; } = new(settings.Id);

    public IDerivClient Client { get; } = client;

    /// <summary><c>emulator</c>, <c>simulated</c> or <c>remote</c>.</summary>
    public string RoutingKind { get; } = routingKind;

    public bool KeysPresent { get; } = keysPresent;

    public PositionMode DesiredPositionMode => Settings.PositionMode == "one_way" ? PositionMode.OneWay : PositionMode.Hedge;

    public MarginType DesiredMarginType => Settings.MarginType == "cross" ? MarginType.Cross : MarginType.Isolated;

    public bool HasSymbol(string symbol) => Settings.Symbols.Contains(symbol, StringComparer.Ordinal);
}

/// <summary>The venues of the active profile, created once when first resolved (feeds start in <see cref="VenueStartupService"/>).</summary>
internal sealed class VenueDirectory(HostSettings settings, IVenueClientFactory factory)
{
    private readonly List<VenueConnection> _venues = settings.Derivatives.Venues.Select(factory.Create).ToList();

    public IReadOnlyList<VenueConnection> All => _venues;

    public VenueConnection? Find(string? id) => _venues.FirstOrDefault(v => string.Equals(v.Id.Value, id, StringComparison.Ordinal));
}

/// <summary>Venue API credentials of the active profile, read from the environment (never logged).</summary>
internal sealed record VenueCredentials(string? ApiKey, string? ApiSecret, string? Passphrase)
{
    public bool Present(bool needsPassphrase) =>
        !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret) && (!needsPassphrase || !string.IsNullOrWhiteSpace(Passphrase));

    public static VenueCredentials For(IConfiguration configuration, string venueId, string profile)
    {
        var suffix = profile == "live" ? "LIVE" : "TESTNET";
        return venueId == VenueId.OkxSwap.Value
            ? new VenueCredentials(configuration[$"OKX_API_KEY_{suffix}"], configuration[$"OKX_API_SECRET_{suffix}"], configuration[$"OKX_API_PASSPHRASE_{suffix}"])
            : new VenueCredentials(configuration[$"BINANCE_UM_API_KEY_{suffix}"], configuration[$"BINANCE_UM_API_SECRET_{suffix}"], null);
    }

    /// <inheritdoc />
    public override string ToString() => "VenueCredentials { *** }";
}

/// <summary>Creates the client of one venue for its routing. Swapped for the real adapters once they are wired in.</summary>
internal interface IVenueClientFactory
{
    VenueConnection Create(VenueSettings settings);
}

/// <summary>
/// Routing <c>emulator</c> or <c>simulated</c>: an in-process simulated venue (deterministic, seeded); any URL: the venue
/// adapter (until it is available in this build, a client that reports the venue as unreachable).
/// </summary>
internal sealed class DefaultVenueClientFactory(HostSettings settings, IConfiguration configuration, TimeProvider timeProvider) : IVenueClientFactory
{
    private readonly SimulatedMarket _market = new(settings.Emulator.Seed, timeProvider);

    public VenueConnection Create(VenueSettings venue)
    {
        var id = new VenueId(venue.Id);
        if (IsLocal(venue.Routing.Rest))
        {
            return new VenueConnection(venue, new SimulatedDerivClient(id, _market), "simulated", keysPresent: true);
        }

        var credentials = VenueCredentials.For(configuration, venue.Id, settings.Profile);
        var client = UnreachableDerivClient.Create(id, $"No adapter for {venue.Id} at {venue.Routing.Rest} in this build.");
        return new VenueConnection(venue, client, "remote", credentials.Present(id == VenueId.OkxSwap));
    }

    public static bool IsLocal(string routing) => routing is "emulator" or "simulated";
}

/// <summary>A client whose every call fails with a transient "network" error: the venue is configured but unreachable.</summary>
internal class UnreachableDerivClient : DispatchProxy
{
    private static readonly MethodInfo FailMethod = typeof(UnreachableDerivClient).GetMethod(nameof(FailTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private VenueId _venue;
    private string _message = "";

    public static IDerivClient Create(VenueId venue, string message)
    {
        var proxy = Create<IDerivClient, UnreachableDerivClient>();
        var self = (UnreachableDerivClient)(object)proxy;
        self._venue = venue;
        self._message = message;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var ret = targetMethod.ReturnType;
        switch (targetMethod.Name)
        {
            case "get_Venue":
                return _venue;
            case "get_Clock":
                return new ClockState();
            case "GetRateLimitUsage":
                return Array.Empty<RateLimitUsage>();
            case "get_SymbolMapper":
            case "get_MarketData":
                return null;
        }

        if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var resultType = ret.GetGenericArguments()[0];
            if (resultType.IsGenericType && resultType.GetGenericTypeDefinition() == typeof(VenueResult<>))
            {
                var error = new VenueError { Kind = VenueErrorKind.Transient, Reason = VenueErrorReason.Network, Venue = _venue, Message = _message };
                return FailMethod.MakeGenericMethod(resultType.GetGenericArguments()[0]).Invoke(null, [error]);
            }
        }

        return ret == typeof(Task) ? Task.CompletedTask : null;
    }

    private static Task<VenueResult<T>> FailTask<T>(VenueError error) => Task.FromResult(VenueResult<T>.Fail(error));
}

/// <summary>Starts the venues' market-data feeds and syncs their clocks before the server accepts requests.</summary>
internal sealed class VenueStartupService(
    VenueDirectory directory,
    ILogger<VenueStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in directory.All)
        {
            if (connection.Client.MarketData is { } feed)
            {
                await feed.StartAsync(connection.Settings.Symbols, cancellationToken).ConfigureAwait(false);
            }

            _ = await connection.Client.GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Venue {Venue} routed to {Routing} ({Symbols})", connection.Id, connection.RoutingKind, string.Join(",", connection.Settings.Symbols));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var venue in directory.All)
        {
            if (venue.Client.MarketData is { } feed)
            {
                await feed.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
