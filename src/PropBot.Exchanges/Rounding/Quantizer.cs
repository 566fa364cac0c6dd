namespace PropBot.Exchanges;

/// <summary>Why a quantity cannot be traded.</summary>
public enum QuantityRejection
{
    /// <summary>The quantity is valid.</summary>
    None,

    /// <summary>The requested quantity is zero or negative.</summary>
    NotPositive,

    /// <summary>After rounding down to the step, the quantity is below the venue minimum (never rounded to zero silently).</summary>
    BelowMinimumQuantity,

    /// <summary>The notional at the given price is below the venue minimum.</summary>
    BelowMinimumNotional,

    /// <summary>The steps of two venues have no common multiple within the maximum quantity.</summary>
    NoCommonStep,

    /// <summary>The instrument is not trading.</summary>
    NotTrading,
}

/// <summary>A quantity checked against one or two venues' filters.</summary>
/// <param name="Quantity">The tradable base quantity (0 when rejected).</param>
/// <param name="Rejection">Why it cannot trade, or <see cref="QuantityRejection.None"/>.</param>
/// <param name="Detail">Human-readable explanation for a rejection.</param>
public readonly record struct QuantizedQuantity(decimal Quantity, QuantityRejection Rejection, string? Detail)
{
    /// <summary>Whether the quantity can be sent.</summary>
    public bool IsTradable => Rejection == QuantityRejection.None;
}

/// <summary>
/// Price and quantity rounding at the venue boundary. Pure functions on <see cref="decimal"/>: prices round to the
/// tick (direction chosen by the caller), quantities round <b>down</b> to the step, and a quantity is never rounded to
/// zero silently: it is refused with a reason.
/// </summary>
public static class Quantizer
{
    /// <summary>Rounds a price to the nearest tick (midpoint away from zero).</summary>
    public static decimal RoundPriceToTick(decimal price, decimal tickSize) => RoundToIncrement(price, tickSize, MidpointRounding.AwayFromZero);

    /// <summary>Rounds a price to the tick in the direction that is never worse for the order: buys down, sells up.</summary>
    public static decimal RoundPricePassive(decimal price, decimal tickSize, OrderSide side) =>
        RoundToIncrement(price, tickSize, side == OrderSide.Buy ? MidpointRounding.ToNegativeInfinity : MidpointRounding.ToPositiveInfinity);

    /// <summary>Rounds a price to the tick in the direction that crosses the book: buys up, sells down (aggressive IOC limits).</summary>
    public static decimal RoundPriceAggressive(decimal price, decimal tickSize, OrderSide side) =>
        RoundToIncrement(price, tickSize, side == OrderSide.Buy ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);

    /// <summary>Rounds a non-negative quantity down to a multiple of <paramref name="stepSize"/>.</summary>
    public static decimal RoundQuantityDown(decimal quantity, decimal stepSize) => RoundToIncrement(quantity, stepSize, MidpointRounding.ToZero);

    /// <summary>Rounds <paramref name="value"/> to a multiple of <paramref name="increment"/> using <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The increment is not positive.</exception>
    public static decimal RoundToIncrement(decimal value, decimal increment, MidpointRounding mode)
    {
        if (increment <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, $"Increment must be positive, was {increment}.");
        }

        var units = Math.Round(value / increment, 0, mode);
        return Normalize(units * increment);
    }

    /// <summary>Whether <paramref name="value"/> is an exact multiple of <paramref name="increment"/>.</summary>
    public static bool IsMultipleOf(decimal value, decimal increment) => increment > 0m && value % increment == 0m;

    /// <summary>Removes trailing zeros (1.2300 → 1.23) so the invariant text form has no padding.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Formats a decimal for the wire: invariant culture, no exponent, no trailing zeros.</summary>
    public static string ToWire(decimal value) => Normalize(value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Rounds <paramref name="quantity"/> down to the instrument's step and checks the minimum quantity and, when a
    /// price is given, the minimum notional. Quantities above the maximum are clipped to the largest valid one.
    /// </summary>
    public static QuantizedQuantity Quantize(decimal quantity, InstrumentFilters filters, OrderType type = OrderType.Limit, decimal? price = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (!filters.IsTrading)
        {
            return Reject(QuantityRejection.NotTrading, $"{filters.Instrument} is not trading.");
        }

        if (quantity <= 0m)
        {
            return Reject(QuantityRejection.NotPositive, $"Quantity must be positive, was {ToWire(quantity)}.");
        }

        var step = filters.StepFor(type);
        var max = RoundQuantityDown(filters.MaxQuantityFor(type), step);
        var q = RoundQuantityDown(Math.Min(quantity, max), step);
        return CheckMinimums(q, filters, price, quantity);
    }

    /// <summary>
    /// The largest base quantity not above <paramref name="quantity"/> that is valid on <b>both</b> venues at once:
    /// a multiple of both steps (their least common multiple, e.g. Binance 0.001 BTC and OKX 0.01 contracts ×
    /// 0.01 BTC = 0.0001 BTC give 0.001 BTC), within both maximums, and at or above both minimum quantities and
    /// notionals at the given prices. Refused with a reason rather than rounded to zero.
    /// </summary>
    public static QuantizedQuantity JointQuantize(
        decimal quantity,
        InstrumentFilters first,
        InstrumentFilters second,
        OrderType type = OrderType.Limit,
        decimal? firstPrice = null,
        decimal? secondPrice = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!first.IsTrading || !second.IsTrading)
        {
            return Reject(QuantityRejection.NotTrading, $"{(first.IsTrading ? second : first).Instrument} is not trading.");
        }

        if (quantity <= 0m)
        {
            return Reject(QuantityRejection.NotPositive, $"Quantity must be positive, was {ToWire(quantity)}.");
        }

        var max = Math.Min(first.MaxQuantityFor(type), second.MaxQuantityFor(type));
        if (!TryLeastCommonMultiple(first.StepFor(type), second.StepFor(type), out var step) || step > max)
        {
            return Reject(QuantityRejection.NoCommonStep,
                $"Steps {ToWire(first.StepFor(type))} ({first.Instrument}) and {ToWire(second.StepFor(type))} ({second.Instrument}) have no common multiple up to {ToWire(max)}.");
        }

        var q = RoundQuantityDown(Math.Min(quantity, max), step);
        var a = CheckMinimums(q, first, firstPrice, quantity);
        return a.IsTradable ? CheckMinimums(q, second, secondPrice, quantity) : a;
    }

    /// <summary>
    /// Least common multiple of two positive decimal increments (exact: both are scaled to integers first).
    /// False when it does not fit in a decimal.
    /// </summary>
    public static bool TryLeastCommonMultiple(decimal a, decimal b, out decimal lcm)
    {
        lcm = 0m;
        if (a <= 0m || b <= 0m)
        {
            return false;
        }

        var scale = Math.Max(Scale(a), Scale(b));
        var factor = Pow10(scale);
        try
        {
            var ia = new System.Numerics.BigInteger(a * factor);
            var ib = new System.Numerics.BigInteger(b * factor);
            var l = ia / System.Numerics.BigInteger.GreatestCommonDivisor(ia, ib) * ib;
            if (l > new System.Numerics.BigInteger(decimal.MaxValue))
            {
                return false;
            }

            lcm = Normalize((decimal)l / factor);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static QuantizedQuantity CheckMinimums(decimal q, InstrumentFilters filters, decimal? price, decimal requested)
    {
        if (q <= 0m || q < filters.MinQuantity)
        {
            return Reject(QuantityRejection.BelowMinimumQuantity,
                $"Quantity {ToWire(requested)} rounds to {ToWire(q)}, below the minimum {ToWire(filters.MinQuantity)} on {filters.Instrument}.");
        }

        if (price is { } p && filters.MinNotional > 0m && q * p < filters.MinNotional)
        {
            return Reject(QuantityRejection.BelowMinimumNotional,
                $"Notional {ToWire(q * p)} is below the minimum {ToWire(filters.MinNotional)} on {filters.Instrument}.");
        }

        return new QuantizedQuantity(q, QuantityRejection.None, null);
    }

    private static QuantizedQuantity Reject(QuantityRejection why, string detail) => new(0m, why, detail);

    private static int Scale(decimal d) => Normalize(d).Scale;

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
        {
            r *= 10m;
        }

        return r;
    }
}
