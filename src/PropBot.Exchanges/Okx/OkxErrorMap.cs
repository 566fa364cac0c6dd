using System.Collections.Frozen;

namespace PropBot.Exchanges.Okx;

/// <summary>
/// The OKX error-code table: envelope <c>code</c> and per-item <c>sCode</c> values mapped to
/// <see cref="VenueErrorKind"/> and <see cref="VenueErrorReason"/>. Matching is on the code, never on the message.
/// </summary>
public static class OkxErrorMap
{
    /// <summary><c>cancelSource</c> of a post-only order canceled because it would have taken liquidity.</summary>
    public const string PostOnlyWouldTakeCancelSource = "31";

    /// <summary><c>cancelSource</c> of orders canceled by the dead-man switch (<c>cancel-all-after</c>).</summary>
    public const string DeadManSwitchCancelSource = "20";

    private static readonly FrozenDictionary<string, (VenueErrorKind Kind, VenueErrorReason Reason)> Table = Build();

    /// <summary>Every mapped code with its kind and reason (for documentation and tests).</summary>
    public static IReadOnlyDictionary<string, (VenueErrorKind Kind, VenueErrorReason Reason)> Codes => Table;

    /// <summary>Looks up the kind and reason of an OKX code.</summary>
    public static bool TryClassify(string? code, out VenueErrorKind kind, out VenueErrorReason reason)
    {
        if (code is not null && Table.TryGetValue(code, out var entry))
        {
            (kind, reason) = entry;
            return true;
        }

        kind = VenueErrorKind.Rejected;
        reason = VenueErrorReason.Unspecified;
        return false;
    }

    /// <summary>
    /// Builds the error for an OKX code (envelope <c>code</c> or item <c>sCode</c>). Unknown codes become
    /// <see cref="VenueErrorKind.Rejected"/>; on a write (<paramref name="isWrite"/>) a server-side failure whose
    /// outcome is not certain becomes <see cref="VenueErrorKind.OutcomeUnknown"/>.
    /// </summary>
    public static VenueError ToError(string code, string? message, int? httpStatus = null, bool isWrite = false)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!TryClassify(code, out var kind, out var reason))
        {
            (kind, reason) = httpStatus switch
            {
                429 => (VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests),
                401 or 403 => (VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey),
                404 => (VenueErrorKind.InvalidRequest, VenueErrorReason.NotSupported),
                >= 500 => (VenueErrorKind.Transient, VenueErrorReason.ServerError),
                _ => (VenueErrorKind.Rejected, VenueErrorReason.Unspecified),
            };
        }

        // 51000 is the generic "Parameter {x} error"; the parameter name refines the reason (kind stays by code).
        if (code == "51000" && message is not null && message.Contains("posSide", StringComparison.OrdinalIgnoreCase))
        {
            reason = VenueErrorReason.PositionSideMismatch;
        }

        if (isWrite && kind == VenueErrorKind.Transient && reason == VenueErrorReason.ServerError)
        {
            kind = VenueErrorKind.OutcomeUnknown;
        }

        return new VenueError
        {
            Kind = kind,
            Reason = reason,
            Venue = VenueId.OkxSwap,
            VenueCode = code,
            Message = string.IsNullOrWhiteSpace(message) ? $"OKX error {code}" : message.Trim(),
            HttpStatus = httpStatus,
        };
    }

    /// <summary>
    /// Error for an HTTP status without a usable OKX body: 429 rate-limited, 401/403 unauthorized, 5xx transient
    /// (outcome unknown on a write), anything else invalid request.
    /// </summary>
    public static VenueError FromHttpStatus(int status, string? message, bool isWrite)
    {
        var (kind, reason) = status switch
        {
            429 => (VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests),
            401 or 403 => (VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey),
            404 => (VenueErrorKind.InvalidRequest, VenueErrorReason.NotSupported),
            >= 500 => (isWrite ? VenueErrorKind.OutcomeUnknown : VenueErrorKind.Transient, VenueErrorReason.ServerError),
            _ => (VenueErrorKind.InvalidRequest, VenueErrorReason.Unspecified),
        };
        return new VenueError
        {
            Kind = kind,
            Reason = reason,
            Venue = VenueId.OkxSwap,
            Message = string.IsNullOrWhiteSpace(message) ? $"HTTP {status}" : message,
            HttpStatus = status,
        };
    }

    /// <summary>The error of an order that the venue canceled because post-only would have taken liquidity.</summary>
    public static VenueError PostOnlyWouldTake(string? detail = null) => new()
    {
        Kind = VenueErrorKind.Rejected,
        Reason = VenueErrorReason.PostOnlyWouldTake,
        Venue = VenueId.OkxSwap,
        VenueCode = "cancelSource:" + PostOnlyWouldTakeCancelSource,
        Message = detail ?? "Post-only order would have taken liquidity and was canceled (cancelSource 31).",
    };

    private static FrozenDictionary<string, (VenueErrorKind, VenueErrorReason)> Build()
    {
        var d = new Dictionary<string, (VenueErrorKind, VenueErrorReason)>(StringComparer.Ordinal);
        void Add(VenueErrorKind kind, VenueErrorReason reason, params string[] codes)
        {
            foreach (var c in codes)
            {
                d[c] = (kind, reason);
            }
        }

        // Transient (retry reads with backoff); on writes promoted to OutcomeUnknown by ToError.
        Add(VenueErrorKind.Transient, VenueErrorReason.ServerError, "50001", "50013", "50026", "51054");

        // Unknown outcome: reconcile by clOrdId, never blind-retry.
        Add(VenueErrorKind.OutcomeUnknown, VenueErrorReason.Timeout, "50004", "51149", "51412");

        // Rate limits.
        Add(VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests, "50011", "50040", "50061", "51113", "60014");

        // Auth / environment.
        Add(VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey,
            "50100", "50101", "50103", "50104", "50105", "50106", "50107", "50110", "50111", "50114", "50119", "50120", "60009");
        Add(VenueErrorKind.Unauthorized, VenueErrorReason.InvalidSignature, "50113");

        // Clock: 50102 expired (resync and retry once), 50112 malformed timestamp.
        Add(VenueErrorKind.Transient, VenueErrorReason.TimestampOutOfWindow, "50102");
        Add(VenueErrorKind.Unauthorized, VenueErrorReason.TimestampOutOfWindow, "50112");

        // Expired by expTime.
        Add(VenueErrorKind.Rejected, VenueErrorReason.Timeout, "50036", "50037");

        // Invalid parameters (bugs).
        Add(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidParameter,
            "50000", "50002", "50006", "50014", "50015", "50016", "50024", "51000", "51003", "51407", "60012", "60013", "51204", "51500");

        // Instruments.
        Add(VenueErrorKind.InvalidRequest, VenueErrorReason.InvalidSymbol, "51001", "51015", "60018");
        Add(VenueErrorKind.Rejected, VenueErrorReason.InstrumentNotTrading, "51021", "51022", "51027", "51028", "51029", "54109", "51155", "54012");

        // Funding settlement window (temporary).
        Add(VenueErrorKind.Transient, VenueErrorReason.FundingSettlement, "51030");

        // Margin / balance.
        Add(VenueErrorKind.Rejected, VenueErrorReason.InsufficientMargin, "51008", "51127", "51131", "59200", "59103", "59108", "59109");

        // Size / lot.
        Add(VenueErrorKind.Rejected, VenueErrorReason.QuantityBelowMinimum, "51007", "51020", "51120");
        Add(VenueErrorKind.Rejected, VenueErrorReason.InvalidLotSize, "51121");
        Add(VenueErrorKind.Rejected, VenueErrorReason.InvalidPrecision, "51150");
        Add(VenueErrorKind.Rejected, VenueErrorReason.QuantityAboveMaximum,
            "51101", "51201", "51202", "51005", "51185", "51004", "51187", "54030", "54031");

        // Price band.
        Add(VenueErrorKind.Rejected, VenueErrorReason.PriceOutOfBand, "51006", "51116", "51122", "51135", "51136", "51137", "51138", "51031");

        // Reduce-only / close.
        Add(VenueErrorKind.Rejected, VenueErrorReason.ReduceOnlyRejected,
            "51112", "51134", "51148", "51169", "51170", "51205", "51206", "51023", "51115");

        // Duplicate id.
        Add(VenueErrorKind.Rejected, VenueErrorReason.DuplicateClientOrderId, "51016", "51011", "50071");

        // Cancel of an order that is already final or absent: treat as final and query the state.
        Add(VenueErrorKind.Rejected, VenueErrorReason.OrderNotFound, "51400", "51401", "51402", "51405", "51410", "51503");
        Add(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound, "51603");

        // Settings locked by positions / orders; leverage.
        Add(VenueErrorKind.Rejected, VenueErrorReason.SettingLockedByPositions,
            "59000", "59001", "59002", "59101", "59107", "59112", "59668", "59669", "59670");
        Add(VenueErrorKind.Rejected, VenueErrorReason.InvalidLeverage, "59102", "59104", "59105", "59106", "51186");

        // Account mode / unsupported.
        Add(VenueErrorKind.Rejected, VenueErrorReason.NotSupported, "51010", "50072", "50038", "59111", "64003");
        Add(VenueErrorKind.Rejected, VenueErrorReason.Unspecified, "51009", "51024", "51025", "51102");

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
