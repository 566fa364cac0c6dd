using System.Collections.Frozen;

namespace PropBot.Exchanges.Binance;

/// <summary>
/// The Binance USD-M error-code table: every code the client's endpoints document, mapped to a venue-neutral
/// <see cref="VenueErrorKind"/> and <see cref="VenueErrorReason"/>. <c>-4046</c> and <c>-4059</c> ("no need to
/// change") are successes for idempotent setup (<see cref="IsNoChange"/>).
/// </summary>
public static class BinanceErrorMap
{
    private static readonly FrozenDictionary<int, (VenueErrorKind Kind, VenueErrorReason Reason)> Table = Build().ToFrozenDictionary();

    /// <summary>Every mapped code.</summary>
    public static IReadOnlyCollection<int> Codes => Table.Keys;

    /// <summary>Whether the code means "already in that state" (<c>-4046</c> margin type, <c>-4059</c> position side).</summary>
    public static bool IsNoChange(int code) => code is -4046 or -4059;

    /// <summary>
    /// Maps a code. Unmapped codes fall back by HTTP status: 5xx → <see cref="VenueErrorKind.Transient"/>, 429 →
    /// <see cref="VenueErrorKind.RateLimited"/>, 418 → <see cref="VenueErrorKind.Banned"/>, 401/403 →
    /// <see cref="VenueErrorKind.Unauthorized"/>, otherwise <see cref="VenueErrorKind.Rejected"/>.
    /// </summary>
    public static (VenueErrorKind Kind, VenueErrorReason Reason) Map(int code, int? httpStatus = null)
    {
        if (httpStatus == 418)
        {
            return (VenueErrorKind.Banned, VenueErrorReason.IpBanned);
        }

        if (Table.TryGetValue(code, out var mapped))
        {
            return mapped;
        }

        return httpStatus switch
        {
            429 => (VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests),
            401 or 403 => (VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey),
            >= 500 => (VenueErrorKind.Transient, VenueErrorReason.ServerError),
            _ => (VenueErrorKind.Rejected, VenueErrorReason.Unspecified),
        };
    }

    private static Dictionary<int, (VenueErrorKind, VenueErrorReason)> Build()
    {
        const VenueErrorKind Rejected = VenueErrorKind.Rejected;
        const VenueErrorKind Invalid = VenueErrorKind.InvalidRequest;
        var t = new Dictionary<int, (VenueErrorKind, VenueErrorReason)>();

        void Add(VenueErrorKind kind, VenueErrorReason reason, params int[] codes)
        {
            foreach (var c in codes)
            {
                t.Add(c, (kind, reason));
            }
        }

        // 10xx general
        Add(VenueErrorKind.OutcomeUnknown, VenueErrorReason.ExecutionStatusUnknown, -1000, -1006, -1007);
        Add(VenueErrorKind.Transient, VenueErrorReason.ServerError, -1001, -1016);
        Add(VenueErrorKind.Unauthorized, VenueErrorReason.InvalidApiKey, -1002, -1099, -2014, -2015, -2017, -4056, -4057, -1011);
        Add(VenueErrorKind.RateLimited, VenueErrorReason.TooManyRequests, -1003, -1015);
        Add(VenueErrorKind.Transient, VenueErrorReason.TooManyRequests, -1008);
        Add(VenueErrorKind.Transient, VenueErrorReason.TimestampOutOfWindow, -1021, -5028);
        Add(VenueErrorKind.Unauthorized, VenueErrorReason.InvalidSignature, -1022);
        Add(Invalid, VenueErrorReason.NotSupported, -1014, -1020, -4120, -5025, -5038);
        Add(Invalid, VenueErrorReason.InvalidParameter, -1004, -1005, -1010, -1013, -1023);

        // 11xx request
        Add(Invalid, VenueErrorReason.InvalidParameter, -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1108, -1109, -1110, -1112, -1113, -1114, -1115, -1116, -1117, -1118, -1119, -1120, -1125, -1126, -1127, -1128, -1130, -1136);
        Add(Rejected, VenueErrorReason.InvalidPrecision, -1111);
        Add(Invalid, VenueErrorReason.InvalidSymbol, -1121, -4144);
        Add(Rejected, VenueErrorReason.InstrumentNotTrading, -1122, -4022, -4140, -4141, -2016);

        // 20xx processing
        Add(Rejected, VenueErrorReason.Unspecified, -2010, -2012, -2020, -2023, -2025, -4087, -4088, -4400, -4401, -4402, -4192, -5021, -5041);
        Add(VenueErrorKind.NotFound, VenueErrorReason.OrderNotFound, -2011, -2013);
        Add(Rejected, VenueErrorReason.InsufficientMargin, -2018, -2019, -4050, -4051);
        Add(Rejected, VenueErrorReason.PriceOutOfBand, -2021, -4016, -4024, -4131, -4002, -4013, -4183, -4184);
        Add(Rejected, VenueErrorReason.ReduceOnlyRejected, -2022, -2024, -2026, -4118, -4138);
        Add(Rejected, VenueErrorReason.QuantityAboveMaximum, -2027, -4005);
        Add(Rejected, VenueErrorReason.InvalidLeverage, -2028, -4028, -4161, -4202, -4203, -4204, -4205, -4206, -4207, -4208, -4209, -4403);

        // 40xx filters and configuration
        Add(Invalid, VenueErrorReason.InvalidParameter, -4000, -4001, -4006, -4007, -4015, -4021, -4031, -4060, -4062, -4137, -4139, -4165, -5037, -5039, -5040);
        Add(Rejected, VenueErrorReason.QuantityBelowMinimum, -4003, -4004);
        Add(Rejected, VenueErrorReason.InvalidPrecision, -4014, -4029);
        Add(Rejected, VenueErrorReason.InvalidLotSize, -4023, -4030);
        Add(Rejected, VenueErrorReason.SettingLockedByPositions, -4046, -4047, -4048, -4059, -4067, -4068, -4168, -4531);
        Add(Rejected, VenueErrorReason.PositionSideMismatch, -4061);
        Add(Rejected, VenueErrorReason.DuplicateClientOrderId, -4116);
        Add(Rejected, VenueErrorReason.NotionalBelowMinimum, -4164, -5029);

        // 50xx execution
        Add(Rejected, VenueErrorReason.PostOnlyWouldTake, -5022);
        return t;
    }
}
