using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>
/// Write-ahead journal of executions. The engine calls <see cref="AppendAsync"/> <b>before</b> acting on each step:
/// before the entry action of a new state runs (transition events), before an order is sent (intent events), and
/// again when its outcome is known. Implementations persist durably (the journal package uses SQLite) so a restart
/// can reconcile unfinished executions. The engine awaits every call; an exception aborts the step (fail closed).
/// </summary>
public interface IExecutionJournal
{
    /// <summary>Appends one event. Events of one execution arrive in <see cref="ExecutionEvent.Sequence"/> order.</summary>
    Task AppendAsync(ExecutionEvent executionEvent, CancellationToken cancellationToken);
}

/// <summary>Kinds of <see cref="ExecutionEvent"/>.</summary>
public enum ExecutionEventKind
{
    /// <summary>An execution was created (carries <see cref="ExecutionEvent.Pair"/> and <see cref="ExecutionEvent.DryRun"/>).</summary>
    Started,

    /// <summary>A state transition (before the new state's entry action runs).</summary>
    Transition,

    /// <summary>An order is about to be sent (carries <see cref="ExecutionEvent.Order"/>).</summary>
    OrderIntent,

    /// <summary>The venue answered an order (carries <see cref="ExecutionEvent.Report"/>).</summary>
    OrderReported,

    /// <summary>An order placement failed definitively (carries <see cref="ExecutionEvent.Error"/>).</summary>
    OrderFailed,

    /// <summary>An order's outcome is unknown (timeout, 5xx, dropped connection) and is being resolved by query.</summary>
    OrderOutcomeUnknown,

    /// <summary>A leg finished (carries <see cref="ExecutionEvent.Fill"/>).</summary>
    LegCompleted,

    /// <summary>An incident was raised (rescue, unverified flat, fault).</summary>
    Incident,

    /// <summary>The execution reached a terminal state (carries <see cref="ExecutionEvent.Outcome"/>).</summary>
    Completed,
}

/// <summary>One journal entry of an execution. Immutable.</summary>
public sealed record ExecutionEvent
{
    /// <summary>Execution id (short alphanumeric, also the prefix of every client order id of the execution).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Monotonic sequence within the execution, starting at 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>Event time (engine <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Kind.</summary>
    public required ExecutionEventKind Kind { get; init; }

    /// <summary>The pair (always set).</summary>
    public required ArbPair Pair { get; init; }

    /// <summary>Whether the execution is a SAFE_MODE dry run (no real orders).</summary>
    public bool DryRun { get; init; }

    /// <summary>Source state of a transition.</summary>
    public ArbState? FromState { get; init; }

    /// <summary>Destination state of a transition.</summary>
    public ArbState? ToState { get; init; }

    /// <summary>Trigger of a transition.</summary>
    public ArbTrigger? Trigger { get; init; }

    /// <summary>Leg of an order event.</summary>
    public LegRole? Leg { get; init; }

    /// <summary>Venue of an order event.</summary>
    public VenueId? Venue { get; init; }

    /// <summary>The order about to be sent (intent).</summary>
    public OrderRequest? Order { get; init; }

    /// <summary>The venue's report of an order.</summary>
    public OrderReport? Report { get; init; }

    /// <summary>The venue error of a failed or unknown order.</summary>
    public VenueError? Error { get; init; }

    /// <summary>A completed leg.</summary>
    public LegFill? Fill { get; init; }

    /// <summary>Outcome of a completed execution.</summary>
    public ExecutionOutcome? Outcome { get; init; }

    /// <summary>Stable reason code (preflight refusal, failure, incident).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Detail { get; init; }
}

/// <summary>A journal that discards everything (the default when no journal is registered).</summary>
public sealed class NullExecutionJournal : IExecutionJournal
{
    /// <summary>The shared instance.</summary>
    public static readonly NullExecutionJournal Instance = new();

    /// <inheritdoc />
    public Task AppendAsync(ExecutionEvent executionEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
