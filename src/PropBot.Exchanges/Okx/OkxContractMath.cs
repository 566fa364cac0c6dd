using PropBot.Exchanges.Okx.Wire;

namespace PropBot.Exchanges.Okx;

/// <summary>Contract rules of one OKX swap as read from <c>/api/v5/public/instruments</c>, plus the base-unit filters.</summary>
internal sealed record OkxInstrumentInfo
{
    public required string InstId { get; init; }
    public required decimal CtVal { get; init; }
    public required decimal CtMult { get; init; }
    public required decimal LotSz { get; init; }
    public required decimal MinSz { get; init; }
    public required decimal TickSz { get; init; }
    public required decimal MaxLmtSz { get; init; }
    public required decimal MaxMktSz { get; init; }
    public required string State { get; init; }
    public required InstrumentFilters Filters { get; init; }

    /// <summary>Base quantity per contract (<c>ctVal × ctMult</c>).</summary>
    public decimal ContractSize => CtVal * CtMult;

    public bool IsLive => string.Equals(State, "live", StringComparison.Ordinal);
}

/// <summary>
/// Exact conversions between PropBot base-asset quantities and OKX contracts: <c>contracts = base / (ctVal × ctMult)</c>
/// and back. A base quantity that does not land exactly on the lot grid is refused, never rounded silently.
/// </summary>
internal static class OkxContractMath
{
    /// <summary>Builds the instrument info (and base-unit filters) of a wire row; false for placeholders and non-linear rows.</summary>
    public static bool TryCreate(OkxInstrument row, out OkxInstrumentInfo info)
    {
        info = null!;
        if (string.IsNullOrEmpty(row.InstId)
            || !OkxParse.TryDecimal(row.CtVal, out var ctVal) || ctVal <= 0m
            || !OkxParse.TryDecimal(row.LotSz, out var lotSz) || lotSz <= 0m
            || !OkxParse.TryDecimal(row.TickSz, out var tickSz) || tickSz <= 0m)
        {
            return false;
        }

        var ctMult = OkxParse.DecimalOrNull(row.CtMult) is { } m && m > 0m ? m : 1m;
        var minSz = OkxParse.DecimalOrNull(row.MinSz) is { } mn && mn > 0m ? mn : lotSz;
        var maxLmt = OkxParse.DecimalOrNull(row.MaxLmtSz) is { } ml && ml > 0m ? ml : 100_000_000m;
        var maxMkt = OkxParse.DecimalOrNull(row.MaxMktSz) is { } mm && mm > 0m ? mm : maxLmt;
        var contractSize = ctVal * ctMult;
        var state = row.State ?? string.Empty;

        var (baseAsset, quoteAsset) = Assets(row);
        var filters = new InstrumentFilters
        {
            Instrument = new InstrumentId(VenueId.OkxSwap, row.InstId),
            BaseAsset = baseAsset,
            QuoteAsset = quoteAsset,
            TickSize = Quantizer.Normalize(tickSz),
            StepSize = Quantizer.Normalize(lotSz * contractSize),
            MinQuantity = Quantizer.Normalize(minSz * contractSize),
            MaxQuantity = Quantizer.Normalize(maxLmt * contractSize),
            MarketStepSize = Quantizer.Normalize(lotSz * contractSize),
            MarketMaxQuantity = Quantizer.Normalize(maxMkt * contractSize),
            MinNotional = 0m,
            ContractSize = Quantizer.Normalize(contractSize),
            IsTrading = string.Equals(state, "live", StringComparison.Ordinal),
        };

        info = new OkxInstrumentInfo
        {
            InstId = row.InstId,
            CtVal = ctVal,
            CtMult = ctMult,
            LotSz = lotSz,
            MinSz = minSz,
            TickSz = tickSz,
            MaxLmtSz = maxLmt,
            MaxMktSz = maxMkt,
            State = state,
            Filters = filters,
        };
        return true;
    }

    /// <summary>Contracts → base quantity (exact: <c>contracts × ctVal × ctMult</c>).</summary>
    public static decimal ToBase(decimal contracts, OkxInstrumentInfo info) => Quantizer.Normalize(contracts * info.ContractSize);

    /// <summary>
    /// Base quantity → contracts for an order. Fails with <see cref="VenueErrorKind.InvalidRequest"/> when the quantity
    /// is not positive, not an exact multiple of <c>lotSz</c> contracts, below <c>minSz</c> or above the maximum.
    /// </summary>
    public static bool TryToContracts(decimal baseQuantity, OkxInstrumentInfo info, OrderType type, out decimal contracts, out VenueError? error)
    {
        contracts = 0m;
        error = null;
        if (baseQuantity <= 0m)
        {
            error = Local(VenueErrorReason.InvalidParameter, $"Quantity must be positive, was {Quantizer.ToWire(baseQuantity)}.");
            return false;
        }

        var c = baseQuantity / info.ContractSize;
        if (c * info.ContractSize != baseQuantity || c % info.LotSz != 0m)
        {
            error = Local(VenueErrorReason.InvalidLotSize,
                $"Quantity {Quantizer.ToWire(baseQuantity)} {info.Filters.BaseAsset} is not a multiple of the lot size {Quantizer.ToWire(info.LotSz * info.ContractSize)} ({Quantizer.ToWire(info.LotSz)} contracts of {Quantizer.ToWire(info.ContractSize)}) on {info.InstId}.");
            return false;
        }

        if (c < info.MinSz)
        {
            error = Local(VenueErrorReason.QuantityBelowMinimum,
                $"Quantity {Quantizer.ToWire(baseQuantity)} is below the minimum {Quantizer.ToWire(info.MinSz * info.ContractSize)} ({Quantizer.ToWire(info.MinSz)} contracts) on {info.InstId}.");
            return false;
        }

        var max = type == OrderType.Market ? info.MaxMktSz : info.MaxLmtSz;
        if (c > max)
        {
            error = Local(VenueErrorReason.QuantityAboveMaximum,
                $"Quantity {Quantizer.ToWire(baseQuantity)} is above the maximum {Quantizer.ToWire(max * info.ContractSize)} ({Quantizer.ToWire(max)} contracts) on {info.InstId}.");
            return false;
        }

        contracts = Quantizer.Normalize(c);
        return true;
    }

    private static VenueError Local(VenueErrorReason reason, string message) => new()
    {
        Kind = VenueErrorKind.InvalidRequest,
        Reason = reason,
        Venue = VenueId.OkxSwap,
        Message = message,
    };

    private static (string Base, string Quote) Assets(OkxInstrument row)
    {
        var family = !string.IsNullOrEmpty(row.InstFamily) ? row.InstFamily : row.Uly;
        if (!string.IsNullOrEmpty(family))
        {
            var dash = family.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                return (family[..dash], family[(dash + 1)..]);
            }
        }

        var parts = row.InstId!.Split('-');
        return parts.Length >= 2 ? (parts[0], parts[1]) : (row.CtValCcy ?? string.Empty, row.SettleCcy ?? string.Empty);
    }
}

/// <summary>
/// Contracts → base units for one contract size on the market-data hot path. When the size is a power of ten
/// (0.01 BTC, 0.1 ETH, 1) the product is the same mantissa with a larger scale, built directly — bit-for-bit the
/// decimal product <c>contracts * size</c>, without the multiplication; other sizes multiply. Immutable, so a feed can
/// swap it atomically when the instrument rules are (re)loaded.
/// </summary>
internal sealed class ContractMultiplier
{
    private readonly decimal _size;
    private readonly byte _shift;
    private readonly bool _powerOfTen;

    /// <summary>Creates the multiplier for <paramref name="size"/> base units per contract.</summary>
    public ContractMultiplier(decimal size)
    {
        _size = size;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(size, bits);
        if (bits[0] == 1 && bits[1] == 0 && bits[2] == 0 && bits[3] >= 0)
        {
            // Mantissa 1: 1, 0.1, 0.01 … as the venue writes them (0.010 keeps its trailing zero and multiplies).
            _powerOfTen = true;
            _shift = (byte)((bits[3] >> 16) & 0xFF);
        }
    }

    /// <summary>Base units per contract.</summary>
    public decimal Size => _size;

    /// <summary><paramref name="contracts"/> × the contract size.</summary>
    public decimal ToBase(decimal contracts)
    {
        if (_powerOfTen && contracts.Scale + _shift <= 28)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(contracts, bits);
            return new decimal(bits[0], bits[1], bits[2], bits[3] < 0, (byte)(contracts.Scale + _shift));
        }

        return contracts * _size;
    }
}
