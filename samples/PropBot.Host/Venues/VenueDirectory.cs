using PropBot.Exchanges;
using PropBot.Exchanges.Binance;
using PropBot.Exchanges.Emulator;
using PropBot.Exchanges.Okx;
using PropBot.Host.Configuration;

namespace PropBot.Host.Venues;

/// <summary>One configured venue: its settings, the client and where it is routed.</summary>
internal sealed class VenueConnection(VenueSettings settings, IDerivClient client, string routingKind, bool keysPresent)
{
    public VenueSettings Settings { get; } = settings;

    public VenueId Id { get; } = new(settings.Id);

    public IDerivClient Client { get; } = client;

    /// <summary><c>emulator</c> or <c>remote</c>.</summary>
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
/// Routing <c>emulator</c>: the real adapters pointed at the embedded <see cref="EmulatorRuntime"/> with its default
/// credentials; a URL: the real adapters with the profile's keys from the environment.
/// </summary>
internal sealed class DefaultVenueClientFactory(
    HostSettings settings,
    IConfiguration configuration,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    EmulatorRuntime emulatorRuntime) : IVenueClientFactory
{
    public VenueConnection Create(VenueSettings venue)
    {
        var id = new VenueId(venue.Id);
        var emulator = emulatorRuntime.Emulator;

        string rest;
        string ws;
        VenueCredentials credentials;
        string kind;
        if (venue.Routing.Rest == "emulator" && emulator is not null)
        {
            var e = emulator;
            (rest, ws) = id == VenueId.OkxSwap ? (e.OkxRestUrl.ToString(), e.OkxWebSocketUrl.ToString()) : (e.BinanceRestUrl.ToString(), e.BinanceWebSocketUrl.ToString());
            credentials = new VenueCredentials(EmulatorOptions.DefaultApiKey, EmulatorOptions.DefaultApiSecret, EmulatorOptions.DefaultOkxPassphrase);
            kind = "emulator";
        }
        else
        {
            rest = venue.Routing.Rest;
            ws = venue.Routing.Ws;
            credentials = VenueCredentials.For(configuration, venue.Id, settings.Profile);
            kind = "remote";
        }

        var keys = credentials.Present(id == VenueId.OkxSwap);
        var fees = settings.Derivatives.Fees;
        fees.Manual.TryGetValue(venue.Id, out var manual);
        IDerivClient client = id == VenueId.OkxSwap
            ? OkxSwapClientFactory.Create(new OkxSwapOptions
            {
                Environment = "custom",
                RestBaseUrl = rest.TrimEnd('/'),
                WebSocketBaseUrl = ws.TrimEnd('/'),
                Demo = settings.Profile == "testnet",
                ApiKey = keys ? credentials.ApiKey! : string.Empty,
                ApiSecret = keys ? credentials.ApiSecret! : string.Empty,
                Passphrase = keys ? credentials.Passphrase! : string.Empty,
                FeeSource = fees.Source,
                ManualMakerFeeBps = manual?.MakerBps ?? 2.0m,
                ManualTakerFeeBps = manual?.TakerBps ?? 5.0m,
            }, null, timeProvider, loggerFactory)
            : BinanceUsdFuturesClientFactory.Create(new BinanceUsdFuturesOptions
            {
                Environment = "custom",
                RestBaseUrl = rest.TrimEnd('/'),
                WebSocketBaseUrl = ws.TrimEnd('/'),
                ApiKey = keys ? credentials.ApiKey : null,
                ApiSecret = keys ? credentials.ApiSecret : null,
                FeeSource = fees.Source,
                ManualMakerFeeBps = manual?.MakerBps ?? 2.0m,
                ManualTakerFeeBps = manual?.TakerBps ?? 5.0m,
            }, null, timeProvider, loggerFactory);
        return new VenueConnection(venue, client, kind, keys);
    }
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
            if (connection.RoutingKind == "emulator")
            {
                // The embedded emulator is a simulated paper venue: give it the configured posture so paper
                // executions pass preflight. Real venues are only changed through POST /api/deriv/setup.
                await ApplyPaperPostureAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            logger.LogInformation("Venue {Venue} routed to {Routing} ({Symbols})", connection.Id, connection.RoutingKind, string.Join(",", connection.Settings.Symbols));
        }
    }

    private async Task ApplyPaperPostureAsync(VenueConnection connection, CancellationToken cancellationToken)
    {
        var client = connection.Client;
        var mode = await client.SetPositionModeAsync(connection.DesiredPositionMode, cancellationToken).ConfigureAwait(false);
        if (!mode.Success)
        {
            logger.LogWarning("Paper posture for {Venue}: position mode not set: {Error}", connection.Id, mode.Error.Message);
        }

        foreach (var symbol in connection.Settings.Symbols)
        {
            var margin = await client.SetMarginTypeAsync(symbol, connection.DesiredMarginType, cancellationToken).ConfigureAwait(false);
            var leverage = await client.SetLeverageAsync(
                new LeverageRequest(symbol, connection.Settings.Leverage, connection.DesiredMarginType), cancellationToken).ConfigureAwait(false);
            if (!margin.Success || !leverage.Success)
            {
                logger.LogWarning("Paper posture for {Venue} {Symbol} not fully applied: {Error}", connection.Id, symbol,
                    (margin.Error ?? leverage.Error)?.Message);
            }
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
