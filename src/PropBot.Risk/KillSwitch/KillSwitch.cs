using System.Globalization;
using PropBot.Exchanges;

namespace PropBot.Risk;

/// <summary>The operator's kill switch.</summary>
public interface IKillSwitch
{
    /// <summary>
    /// Halts trading (latched HOLD), cancels every open order on every registered venue, then requests a flatten of
    /// all positions (reduce-only) through the <see cref="IFlattenRequestHandler"/>, and records an incident. Never
    /// refused: an empty operator id is recorded as <c>(unidentified)</c>. Venue failures are reported, not thrown.
    /// </summary>
    Task<KillSwitchReport> ActivateAsync(string operatorId, string reason, CancellationToken cancellationToken = default);
}

/// <summary>A request to flatten every position with reduce-only orders.</summary>
public sealed record FlattenRequest
{
    /// <summary>Id of the incident that caused it (also the prefix of the flatten orders' client ids).</summary>
    public required string IncidentId { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <summary>Who.</summary>
    public required string Actor { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset Time { get; init; }
}

/// <summary>Outcome of a flatten.</summary>
public sealed record FlattenReport
{
    /// <summary>Flatten orders the venues accepted.</summary>
    public IReadOnlyList<OrderReport> Orders { get; init; } = [];

    /// <summary>Failures (venue and reason), in plain text without secrets.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}

/// <summary>
/// Carries out a <see cref="FlattenRequest"/>. The engine or host may register its own (e.g. to route through the
/// engine's order manager); the default, <see cref="DerivClientFlattenHandler"/>, sends reduce-only market orders
/// directly through every <see cref="IDerivClient"/>.
/// </summary>
public interface IFlattenRequestHandler
{
    /// <summary>Flattens every position.</summary>
    Task<FlattenReport> FlattenAsync(FlattenRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Outcome of <see cref="IKillSwitch.ActivateAsync"/>.</summary>
public sealed record KillSwitchReport
{
    /// <summary>The incident recorded (also raised through <see cref="RiskEvents.IncidentRaised"/>).</summary>
    public required RiskIncident Incident { get; init; }

    /// <summary>Trading state after activation (Halted).</summary>
    public required TradingState State { get; init; }

    /// <summary>Orders cancelled.</summary>
    public required int OrdersCancelled { get; init; }

    /// <summary>Cancel failures, in plain text.</summary>
    public IReadOnlyList<string> CancelFailures { get; init; } = [];

    /// <summary>The flatten outcome.</summary>
    public required FlattenReport Flatten { get; init; }
}

/// <summary>Default <see cref="IKillSwitch"/>.</summary>
public sealed class KillSwitch : IKillSwitch
{
    private readonly ITradingStateController state;
    private readonly IReadOnlyList<IDerivClient> clients;
    private readonly IFlattenRequestHandler flatten;
    private readonly RiskEvents events;
    private readonly TimeProvider time;
    private long sequence;

    /// <summary>Creates a kill switch over the registered venue clients.</summary>
    public KillSwitch(ITradingStateController state, IEnumerable<IDerivClient> clients, IFlattenRequestHandler flatten, RiskEvents events, TimeProvider? timeProvider = null)
    {
        this.state = state;
        this.clients = [.. clients];
        this.flatten = flatten;
        this.events = events;
        time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<KillSwitchReport> ActivateAsync(string operatorId, string reason, CancellationToken cancellationToken = default)
    {
        var actor = string.IsNullOrWhiteSpace(operatorId) ? "(unidentified)" : operatorId;
        var why = string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason;
        var now = time.GetUtcNow();
        var id = RiskIds.Incident(now, Interlocked.Increment(ref sequence), "ks");
        state.Escalate(TradingState.Halted, TradingStateChangeCodes.KillSwitch, "kill switch: " + why, actor);

        var cancelled = 0;
        var failures = new List<string>();
        foreach (var client in clients)
        {
            var open = await client.GetOpenOrdersAsync(null, cancellationToken).ConfigureAwait(false);
            if (!open.Success)
            {
                failures.Add($"{client.Venue}: open orders not read ({open.Error.Kind})");
                continue;
            }

            foreach (var order in open.Data)
            {
                var lookup = new OrderLookup { Symbol = order.Instrument.Symbol, ClientOrderId = order.ClientOrderId, VenueOrderId = order.VenueOrderId };
                var result = await client.CancelOrderAsync(lookup, cancellationToken).ConfigureAwait(false);
                if (result.Success || result.Error.Kind == VenueErrorKind.NotFound)
                {
                    cancelled += result.Success ? 1 : 0;
                }
                else
                {
                    failures.Add($"{client.Venue}: cancel of {order.ClientOrderId} failed ({result.Error.Kind})");
                }
            }
        }

        var flattenReport = await flatten.FlattenAsync(new FlattenRequest { IncidentId = id, Reason = why, Actor = actor, Time = now }, cancellationToken).ConfigureAwait(false);
        var inv = CultureInfo.InvariantCulture;
        var incident = new RiskIncident
        {
            Id = id,
            Time = now,
            Kind = RiskIncidentKinds.KillSwitch,
            Message = $"Kill switch activated by {actor}: {why}",
            Actor = actor,
            Details = new Dictionary<string, string>
            {
                ["orders_cancelled"] = cancelled.ToString(inv),
                ["cancel_failures"] = failures.Count.ToString(inv),
                ["flatten_orders"] = flattenReport.Orders.Count.ToString(inv),
                ["flatten_failures"] = flattenReport.Failures.Count.ToString(inv),
            },
        };
        events.Raise(incident);
        return new KillSwitchReport { Incident = incident, State = state.State, OrdersCancelled = cancelled, CancelFailures = failures, Flatten = flattenReport };
    }
}

/// <summary>
/// Default <see cref="IFlattenRequestHandler"/>: for every non-zero position on every venue, a reduce-only market
/// order on the opposite side for the whole quantity, on the position's own side (hedge mode), purpose
/// <see cref="OrderPurpose.Flatten"/>, client id <c>{incident}F{n}</c>. Adapters map reduce-only to the venue's rules
/// (Binance hedge mode closes through <c>positionSide</c> and must not send <c>reduceOnly</c>).
/// </summary>
public sealed class DerivClientFlattenHandler : IFlattenRequestHandler
{
    private readonly IReadOnlyList<IDerivClient> clients;

    /// <summary>Creates the handler over the registered venue clients.</summary>
    public DerivClientFlattenHandler(IEnumerable<IDerivClient> clients) => this.clients = [.. clients];

    /// <summary>The reduce-only order that closes <paramref name="position"/>, or null when it is flat.</summary>
    public static OrderRequest? CloseOrder(Position position, ClientOrderId clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Quantity == 0m)
        {
            return null;
        }

        return new OrderRequest
        {
            Symbol = position.Instrument.Symbol,
            Side = position.Quantity > 0m ? OrderSide.Sell : OrderSide.Buy,
            Type = OrderType.Market,
            Quantity = Math.Abs(position.Quantity),
            ReduceOnly = true,
            PositionSide = position.PositionSide,
            ClientOrderId = clientOrderId,
            Purpose = OrderPurpose.Flatten,
            MarginType = position.MarginType,
        };
    }

    /// <inheritdoc />
    public async Task<FlattenReport> FlattenAsync(FlattenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var orders = new List<OrderReport>();
        var failures = new List<string>();
        var n = 0;
        foreach (var client in clients)
        {
            var positions = await client.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
            if (!positions.Success)
            {
                failures.Add($"{client.Venue}: positions not read ({positions.Error.Kind})");
                continue;
            }

            foreach (var position in positions.Data)
            {
                var order = CloseOrder(position, ClientOrderId.Derive(request.IncidentId, "F", n));
                if (order is null)
                {
                    continue;
                }

                n++;
                var result = await client.PlaceOrderAsync(order, cancellationToken).ConfigureAwait(false);
                if (result.Success)
                {
                    orders.Add(result.Data);
                }
                else
                {
                    failures.Add($"{client.Venue}: flatten of {position.Instrument.Symbol} {position.PositionSide} failed ({result.Error.Kind})");
                }
            }
        }

        return new FlattenReport { Orders = orders, Failures = failures };
    }
}
