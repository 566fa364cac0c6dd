using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>What the cancel-on-disconnect supervisor is doing.</summary>
public sealed record CancelOnDisconnectStatus
{
    /// <summary>Whether <c>guards:cancel_on_disconnect</c> is on.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Whether the last tick heart-beat every venue.</summary>
    public required bool Heartbeating { get; init; }

    /// <summary>Why heart-beating is stopped (null while heart-beating or before the first tick).</summary>
    public string? StoppedReason { get; init; }

    /// <summary>Time of the last tick that heart-beat every venue successfully.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Time of the last tick.</summary>
    public DateTimeOffset? LastTick { get; init; }
}

/// <summary>
/// Keeps both venues' dead-man switches (Binance <c>countdownCancelAll</c> per symbol, OKX <c>cancel-all-after</c>
/// account-wide) armed by heart-beating <see cref="IDerivClient.ArmDeadManSwitchAsync"/> with
/// <c>guards:dead_man_timeout_ms</c> every <c>guards:heartbeat_interval_ms</c> — <b>only while every venue's feed is
/// connected and fresh</b> (<c>guards:max_feed_age_ms</c>) and its clock synchronised. As soon as one side is stale or
/// disconnected it stops heart-beating (records why, raises an incident) so the venues cancel resting orders themselves
/// when the countdown runs out; it resumes when all are healthy again. Off when <c>guards:cancel_on_disconnect</c> is
/// false. Runs as a hosted service; <see cref="TickAsync"/> is public for deterministic tests.
/// </summary>
public sealed class CancelOnDisconnectSupervisor : BackgroundService
{
    private readonly GuardsOptions guards;
    private readonly IReadOnlyList<IDerivClient> clients;
    private readonly Dictionary<VenueId, IReadOnlyList<string>> symbols = [];
    private readonly RiskEvents events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RiskMetrics? metrics;
    private readonly TimeSpan timeout;
    private readonly TimeSpan maxFeedAge;
    private volatile CancelOnDisconnectStatus status;
    private long sequence;

    /// <summary>Creates a supervisor over the registered venue clients; symbols per venue come from <see cref="RiskOptions.Venues"/>.</summary>
    public CancelOnDisconnectSupervisor(
        IOptions<RiskOptions> options,
        IEnumerable<IDerivClient> clients,
        RiskEvents events,
        TimeProvider? timeProvider = null,
        ILogger<CancelOnDisconnectSupervisor>? logger = null)
        : this(options, clients, events, timeProvider, logger, null)
    {
    }

    internal CancelOnDisconnectSupervisor(
        IOptions<RiskOptions> options,
        IEnumerable<IDerivClient> clients,
        RiskEvents events,
        TimeProvider? timeProvider,
        ILogger<CancelOnDisconnectSupervisor>? logger,
        RiskMetrics? metrics)
    {
        var o = options.Value;
        guards = o.Guards;
        this.clients = [.. clients];
        foreach (var v in o.Venues)
        {
            if (VenueId.IsValid(v.Id))
            {
                symbols[new VenueId(v.Id)] = [.. v.Symbols];
            }
        }

        this.events = events;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<CancelOnDisconnectSupervisor>.Instance;
        this.metrics = metrics;
        timeout = TimeSpan.FromMilliseconds(guards.DeadManTimeoutMs);
        maxFeedAge = TimeSpan.FromMilliseconds(guards.MaxFeedAgeMs);
        status = new CancelOnDisconnectStatus { Enabled = guards.CancelOnDisconnect, Heartbeating = false };
    }

    /// <summary>Current status.</summary>
    public CancelOnDisconnectStatus Status => status;

    /// <summary>Raised when heart-beating stops or resumes.</summary>
    public event Action<CancelOnDisconnectStatus>? StatusChanged;

    /// <summary>
    /// One supervision step: if every venue is healthy, heartbeats every venue/symbol; otherwise sends nothing.
    /// </summary>
    /// <returns>True when it heart-beat.</returns>
    public async Task<bool> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (!guards.CancelOnDisconnect)
        {
            status = status with { Enabled = false, Heartbeating = false, StoppedReason = "guards:cancel_on_disconnect is false", LastTick = now };
            return false;
        }

        var unhealthy = FindUnhealthy();
        if (unhealthy is not null)
        {
            Stop(unhealthy, now);
            return false;
        }

        var failure = (string?)null;
        foreach (var client in clients)
        {
            if (client.Venue == VenueId.OkxSwap || !symbols.TryGetValue(client.Venue, out var list) || list.Count == 0)
            {
                failure ??= await ArmAsync(client, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var symbol in list)
            {
                failure ??= await ArmAsync(client, symbol, cancellationToken).ConfigureAwait(false);
            }
        }

        var previous = status;
        status = new CancelOnDisconnectStatus
        {
            Enabled = true,
            Heartbeating = true,
            StoppedReason = null,
            LastHeartbeat = failure is null ? now : previous.LastHeartbeat,
            LastTick = now,
        };
        if (!previous.Heartbeating)
        {
            logger.LogInformation("Cancel-on-disconnect: heart-beating dead-man switches (timeout {Timeout})", timeout);
            StatusChanged?.Invoke(status);
        }

        if (failure is not null)
        {
            logger.LogWarning("Cancel-on-disconnect: heartbeat failed: {Failure}", failure);
        }

        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!guards.CancelOnDisconnect)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(guards.HeartbeatIntervalMs);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Cancel-on-disconnect tick failed");
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string?> ArmAsync(IDerivClient client, string? symbol, CancellationToken cancellationToken)
    {
        var result = await client.ArmDeadManSwitchAsync(symbol, timeout, cancellationToken).ConfigureAwait(false);
        metrics?.Heartbeat(client.Venue.Value, result.Success);
        return result.Success ? null : $"{client.Venue} {symbol ?? "(account)"}: {result.Error.Kind}";
    }

    private string? FindUnhealthy()
    {
        if (clients.Count == 0)
        {
            return "no venue clients registered";
        }

        foreach (var client in clients)
        {
            if (client.Clock.LastSync is null)
            {
                return $"{client.Venue}: clock never synchronised";
            }

            var health = client.MarketData.GetHealth();
            if (health.Count == 0)
            {
                return $"{client.Venue}: no market-data streams";
            }

            foreach (var stream in health)
            {
                if (!stream.IsConnected)
                {
                    return $"{client.Venue}: stream {stream.Name} disconnected";
                }

                if (stream.IsStale(maxFeedAge))
                {
                    var age = stream.Age is { } a ? a.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "no message yet";
                    return $"{client.Venue}: stream {stream.Name} stale (guards:max_feed_age_ms {guards.MaxFeedAgeMs}), was {age}";
                }
            }
        }

        return null;
    }

    private void Stop(string reason, DateTimeOffset now)
    {
        var previous = status;
        status = previous with { Enabled = true, Heartbeating = false, StoppedReason = reason, LastTick = now };
        if (!previous.Heartbeating)
        {
            return;
        }

        logger.LogWarning("Cancel-on-disconnect: stopped heart-beating, venues will cancel resting orders: {Reason}", reason);
        events.Raise(new RiskIncident
        {
            Id = RiskIds.Incident(now, Interlocked.Increment(ref sequence), "dm"),
            Time = now,
            Kind = RiskIncidentKinds.DeadManHeartbeatStopped,
            Message = "Stopped heart-beating dead-man switches: " + reason,
            Actor = RiskActors.CancelOnDisconnect,
            Details = new Dictionary<string, string> { ["reason"] = reason },
        });
        StatusChanged?.Invoke(status);
    }
}
