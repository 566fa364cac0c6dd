using System.Diagnostics.CodeAnalysis;

namespace PropBot.Risk;

/// <summary>
/// Stable reason codes of local risk denials. A denial never reached a venue (venue rejections are the adapters'
/// business and carry a <c>VenueErrorReason</c>).
/// </summary>
public static class RiskDenialCodes
{
    /// <summary>One leg's notional exceeds the per-order cap.</summary>
    public const string CapOrder = "CAP_ORDER";

    /// <summary>Post-trade notional of an instrument would exceed the per-symbol cap.</summary>
    public const string CapSymbol = "CAP_SYMBOL";

    /// <summary>Post-trade notional of a venue would exceed the per-venue cap.</summary>
    public const string CapVenue = "CAP_VENUE";

    /// <summary>Post-trade total notional would exceed the total cap.</summary>
    public const string CapTotal = "CAP_TOTAL";

    /// <summary>Post-trade cross-venue net delta would exceed the limit (also the code of a delta-breach condition).</summary>
    public const string DeltaLimit = "DELTA_LIMIT";

    /// <summary>A leg's book is older than the maximum book age.</summary>
    public const string StaleBook = "STALE_BOOK";

    /// <summary>The two legs' books are further apart in venue time than the maximum cross-venue skew.</summary>
    public const string BookSkew = "BOOK_SKEW";

    /// <summary>A venue's clock skew exceeds the guard, or the clock was never synchronised.</summary>
    public const string ClockSkew = "CLOCK_SKEW";

    /// <summary>A venue is not connected.</summary>
    public const string VenueDisconnected = "VENUE_DISCONNECTED";

    /// <summary>An open inside the avoid window before a venue's next funding.</summary>
    public const string FundingWindow = "FUNDING_WINDOW";

    /// <summary>A venue's maintenance-margin ratio is above the headroom limit.</summary>
    public const string MarginHeadroom = "MARGIN_HEADROOM";

    /// <summary>Trading is halted (HOLD): only flatten (reduce-only hedge-out, flatten, repair orders) and cancel pass.</summary>
    public const string Halted = "HALTED";

    /// <summary>Trading is reducing: only reduce-only orders pass.</summary>
    public const string Reducing = "REDUCING";

    /// <summary>The runaway breaker tripped (trading halted until a manual reset).</summary>
    public const string BreakerTripped = "BREAKER_TRIPPED";

    /// <summary>Venue positions disagree with our ledger (also the code of the snapshot-mismatch condition).</summary>
    public const string SnapshotMismatch = "SNAPSHOT_MISMATCH";

    /// <summary>The intent is malformed (non-positive quantity or price, missing instrument or underlying).</summary>
    public const string InvalidIntent = "INVALID_INTENT";
}

/// <summary>A local risk denial: a stable code and a human message phrased "…, was X".</summary>
/// <param name="Code">Stable code from <see cref="RiskDenialCodes"/>.</param>
/// <param name="Message">Human-readable message.</param>
public sealed record RiskDenial(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Outcome of a risk check: approved, or denied with a <see cref="RiskDenial"/>. Approval allocates nothing.</summary>
public readonly struct RiskDecision : IEquatable<RiskDecision>
{
    private RiskDecision(RiskDenial? denial) => Denial = denial;

    /// <summary>An approval.</summary>
    public static RiskDecision Approved => default;

    /// <summary>The denial, null when approved.</summary>
    public RiskDenial? Denial { get; }

    /// <summary>Whether the check passed.</summary>
    [MemberNotNullWhen(false, nameof(Denial))]
    public bool IsApproved => Denial is null;

    /// <summary>Stable code of the denial, null when approved.</summary>
    public string? Code => Denial?.Code;

    /// <summary>A denial.</summary>
    public static RiskDecision Deny(string code, string message) => new(new RiskDenial(code, message));

    /// <summary>A denial.</summary>
    public static RiskDecision Deny(RiskDenial denial) => new(denial);

    /// <inheritdoc />
    public bool Equals(RiskDecision other) => Equals(Denial, other.Denial);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RiskDecision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Denial?.GetHashCode() ?? 0;

    /// <summary>Equality.</summary>
    public static bool operator ==(RiskDecision left, RiskDecision right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RiskDecision left, RiskDecision right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Denial is null ? "Approved" : Denial.ToString();
}
