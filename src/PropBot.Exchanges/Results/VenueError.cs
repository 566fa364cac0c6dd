namespace PropBot.Exchanges;

/// <summary>Venue-neutral class of a failed venue call; decides what the caller may do next.</summary>
public enum VenueErrorKind
{
    /// <summary>A temporary problem (venue busy, 503 with a known failure, clock resync); safe to retry a read.</summary>
    Transient,

    /// <summary>Rate limit hit (HTTP 429, Binance -1003, OKX 50011); wait at least <see cref="VenueError.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>IP or key banned (HTTP 418); no request to this venue until the ban ends.</summary>
    Banned,

    /// <summary>The venue refused the request for a business reason (precision, margin, reduce-only, ...).</summary>
    Rejected,

    /// <summary>Authentication or permission failure (bad key, signature, passphrase, IP whitelist).</summary>
    Unauthorized,

    /// <summary>The request is malformed or invalid before any business rule (also raised locally).</summary>
    InvalidRequest,

    /// <summary>
    /// The outcome is unknown (timeout, connection drop, 5xx on a write): the order may or may not exist. Resolve by
    /// query or stream; never re-send blindly.
    /// </summary>
    OutcomeUnknown,

    /// <summary>The queried object does not exist (e.g. no order with that client order id).</summary>
    NotFound,

    /// <summary>Refused locally by the client-side rate-limit governor (fail fast, nothing was sent).</summary>
    Throttled,
}

/// <summary>Stable, venue-neutral reason of a failure. <see cref="VenueErrorReasons.Code"/> gives its wire code.</summary>
public enum VenueErrorReason
{
    /// <summary>No specific reason known.</summary>
    Unspecified,

    /// <summary>Transport failure (connection refused/reset, DNS).</summary>
    Network,

    /// <summary>The request timed out.</summary>
    Timeout,

    /// <summary>The venue returned a server error (5xx).</summary>
    ServerError,

    /// <summary>The venue said the execution status is unknown (Binance -1007 / 503 "Unknown error").</summary>
    ExecutionStatusUnknown,

    /// <summary>Request timestamp outside the venue's window (Binance -1021, OKX 50102).</summary>
    TimestampOutOfWindow,

    /// <summary>Signature invalid (Binance -1022, OKX 50113).</summary>
    InvalidSignature,

    /// <summary>API key invalid, missing or lacking permission.</summary>
    InvalidApiKey,

    /// <summary>Request rate limit.</summary>
    TooManyRequests,

    /// <summary>IP ban (HTTP 418).</summary>
    IpBanned,

    /// <summary>Price or quantity precision invalid (Binance -1111, tick/step).</summary>
    InvalidPrecision,

    /// <summary>Quantity not a multiple of the lot size (OKX 51121).</summary>
    InvalidLotSize,

    /// <summary>Quantity below the minimum (OKX 51020, Binance -4003/-1013).</summary>
    QuantityBelowMinimum,

    /// <summary>Quantity above the maximum.</summary>
    QuantityAboveMaximum,

    /// <summary>Notional below the minimum (Binance -4164).</summary>
    NotionalBelowMinimum,

    /// <summary>Insufficient margin (Binance -2019, OKX 51008).</summary>
    InsufficientMargin,

    /// <summary>Reduce-only order rejected (Binance -2022, OKX 51169).</summary>
    ReduceOnlyRejected,

    /// <summary>Position side does not match the account's position mode (Binance -4061, OKX 51000 posSide).</summary>
    PositionSideMismatch,

    /// <summary>Post-only order would take liquidity (Binance -5022, OKX cancelSource 31).</summary>
    PostOnlyWouldTake,

    /// <summary>Duplicate client order id (Binance -4116, OKX 51016).</summary>
    DuplicateClientOrderId,

    /// <summary>Order does not exist (Binance -2013, OKX 51603).</summary>
    OrderNotFound,

    /// <summary>Funding settlement in progress; try later (OKX 51030).</summary>
    FundingSettlement,

    /// <summary>Setting cannot change while positions or orders exist (Binance -4067/-4068/-4047/-4048, OKX 59000-class).</summary>
    SettingLockedByPositions,

    /// <summary>Unknown or untradable symbol.</summary>
    InvalidSymbol,

    /// <summary>Parameter error not covered above.</summary>
    InvalidParameter,

    /// <summary>The instrument is not trading (delisted, suspended, settling).</summary>
    InstrumentNotTrading,

    /// <summary>Leverage invalid or above the bracket.</summary>
    InvalidLeverage,

    /// <summary>The venue payload could not be parsed.</summary>
    MalformedResponse,

    /// <summary>Order would immediately trigger or violate a price band.</summary>
    PriceOutOfBand,

    /// <summary>The client-side governor refused to send (window full, reserved lane protected, or ban in force).</summary>
    LocalRateLimit,

    /// <summary>The operation is not supported by the venue or in this mode.</summary>
    NotSupported,
}

/// <summary>A failed venue call. Immutable.</summary>
public sealed record VenueError
{
    /// <summary>Neutral class.</summary>
    public required VenueErrorKind Kind { get; init; }

    /// <summary>Stable reason.</summary>
    public VenueErrorReason Reason { get; init; } = VenueErrorReason.Unspecified;

    /// <summary>The venue (or <c>local</c>) that produced the error.</summary>
    public required VenueId Venue { get; init; }

    /// <summary>The venue's own error code (e.g. <c>-1111</c>, <c>51121</c>), if any.</summary>
    public string? VenueCode { get; init; }

    /// <summary>Human-readable message (the venue's message or a local one). Never contains secrets.</summary>
    public required string Message { get; init; }

    /// <summary>HTTP status, if an HTTP response was received.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>How long to wait before calling the venue again, if known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Stable SCREAMING_SNAKE code of <see cref="Reason"/>.</summary>
    public string Code => VenueErrorReasons.Code(Reason);

    /// <summary>Whether a read may be retried after <see cref="RetryAfter"/>.</summary>
    public bool IsTransient => Kind is VenueErrorKind.Transient or VenueErrorKind.RateLimited or VenueErrorKind.Throttled;

    /// <summary>Whether the outcome of a write is unknown and must be resolved by query.</summary>
    public bool IsOutcomeUnknown => Kind == VenueErrorKind.OutcomeUnknown;

    /// <inheritdoc />
    public override string ToString() =>
        VenueCode is null ? $"{Venue} {Kind}/{Code}: {Message}" : $"{Venue} {Kind}/{Code} ({VenueCode}): {Message}";
}

/// <summary>Stable codes for <see cref="VenueErrorReason"/>.</summary>
public static class VenueErrorReasons
{
    /// <summary>The stable SCREAMING_SNAKE code of a reason, e.g. <c>INVALID_PRECISION</c>.</summary>
    public static string Code(VenueErrorReason reason) => reason switch
    {
        VenueErrorReason.Unspecified => "UNSPECIFIED",
        VenueErrorReason.Network => "NETWORK",
        VenueErrorReason.Timeout => "TIMEOUT",
        VenueErrorReason.ServerError => "SERVER_ERROR",
        VenueErrorReason.ExecutionStatusUnknown => "EXECUTION_STATUS_UNKNOWN",
        VenueErrorReason.TimestampOutOfWindow => "TIMESTAMP_OUT_OF_WINDOW",
        VenueErrorReason.InvalidSignature => "INVALID_SIGNATURE",
        VenueErrorReason.InvalidApiKey => "INVALID_API_KEY",
        VenueErrorReason.TooManyRequests => "TOO_MANY_REQUESTS",
        VenueErrorReason.IpBanned => "IP_BANNED",
        VenueErrorReason.InvalidPrecision => "INVALID_PRECISION",
        VenueErrorReason.InvalidLotSize => "INVALID_LOT_SIZE",
        VenueErrorReason.QuantityBelowMinimum => "QUANTITY_BELOW_MINIMUM",
        VenueErrorReason.QuantityAboveMaximum => "QUANTITY_ABOVE_MAXIMUM",
        VenueErrorReason.NotionalBelowMinimum => "NOTIONAL_BELOW_MINIMUM",
        VenueErrorReason.InsufficientMargin => "INSUFFICIENT_MARGIN",
        VenueErrorReason.ReduceOnlyRejected => "REDUCE_ONLY_REJECTED",
        VenueErrorReason.PositionSideMismatch => "POSITION_SIDE_MISMATCH",
        VenueErrorReason.PostOnlyWouldTake => "POST_ONLY_WOULD_TAKE",
        VenueErrorReason.DuplicateClientOrderId => "DUPLICATE_CLIENT_ORDER_ID",
        VenueErrorReason.OrderNotFound => "ORDER_NOT_FOUND",
        VenueErrorReason.FundingSettlement => "FUNDING_SETTLEMENT",
        VenueErrorReason.SettingLockedByPositions => "SETTING_LOCKED_BY_POSITIONS",
        VenueErrorReason.InvalidSymbol => "INVALID_SYMBOL",
        VenueErrorReason.InvalidParameter => "INVALID_PARAMETER",
        VenueErrorReason.InstrumentNotTrading => "INSTRUMENT_NOT_TRADING",
        VenueErrorReason.InvalidLeverage => "INVALID_LEVERAGE",
        VenueErrorReason.MalformedResponse => "MALFORMED_RESPONSE",
        VenueErrorReason.PriceOutOfBand => "PRICE_OUT_OF_BAND",
        VenueErrorReason.LocalRateLimit => "LOCAL_RATE_LIMIT",
        VenueErrorReason.NotSupported => "NOT_SUPPORTED",
        _ => "UNSPECIFIED",
    };
}
