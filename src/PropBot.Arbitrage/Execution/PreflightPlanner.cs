using System.Globalization;
using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Stable preflight check names and reason codes.</summary>
internal static class PreflightCodes
{
    public const string Connectivity = "CONNECTIVITY";
    public const string ClockSkew = "CLOCK_SKEW";
    public const string Latency = "LATENCY";
    public const string BookFreshness = "BOOK_FRESHNESS";
    public const string Posture = "POSTURE";
    public const string RiskHeadroom = "RISK_HEADROOM";
    public const string Filters = "FILTERS";
    public const string Edge = "EDGE";
    public const string FundingWindow = "FUNDING_WINDOW";

    public const string VenueUnreachable = "VENUE_UNREACHABLE";
    public const string ClockSkewTooHigh = "CLOCK_SKEW_TOO_HIGH";
    public const string LatencyTooHigh = "LATENCY_TOO_HIGH";
    public const string BookStale = "BOOK_STALE";
    public const string BookUnavailable = "BOOK_UNAVAILABLE";
    public const string PostureMismatch = "POSTURE_MISMATCH";
    public const string PostureUnverified = "POSTURE_UNVERIFIED";

    /// <summary>
    /// Warning on a passed <see cref="Posture"/> check: a venue has no <c>derivatives:venues</c> entry, so only the
    /// position mode's readability is checked (no expected position mode, margin type or leverage).
    /// </summary>
    public const string PostureNotConfigured = "POSTURE_NOT_CONFIGURED";
    public const string FiltersUnavailable = "FILTERS_UNAVAILABLE";
    public const string FeesUnavailable = "FEES_UNAVAILABLE";
    public const string FundingUnavailable = "FUNDING_UNAVAILABLE";
    public const string EdgeBelowMin = "EDGE_BELOW_MIN";
    public const string InFundingWindow = "FUNDING_WINDOW";
    public const string EngineHalted = "ENGINE_HALTED";
    public const string VenueNotRegistered = "VENUE_NOT_REGISTERED";
    public const string Cancelled = "CANCELLED";
    public const string Fault = "FAULT";
}

/// <summary>Preflight output: checks, edge, the plan (when one can be built) and what the executors need.</summary>
internal sealed record PreflightReport(
    IReadOnlyList<PreflightCheck> Checks,
    EdgeBreakdown Edge,
    ExecutionPlan? Plan,
    IReadOnlyDictionary<InstrumentId, OrderBookSnapshot> Books,
    IReadOnlyDictionary<InstrumentId, FeeRates> Fees,
    IReadOnlyDictionary<InstrumentId, IReadOnlyList<Position>> PositionsBefore,
    IReadOnlyDictionary<InstrumentId, PositionMode> Modes)
{
    public bool Passed => Checks.All(c => c.Passed) && Plan is not null;

    public string? ReasonCode => Checks.FirstOrDefault(c => !c.Passed)?.ReasonCode;
}

/// <summary>The spec's six preflight checks plus latency and book freshness, the edge, the size and the plan.</summary>
internal static class PreflightPlanner
{
    public sealed record Context(
        string ExecutionId,
        ArbPair Pair,
        LegMarket Long,
        LegMarket Short,
        decimal? RequestedQuantity,
        decimal PairMaxQuantity,
        bool DryRun,
        ArbitrageOptions Options,
        DateTimeOffset Now,
        IArbitrageRiskPort Risk,
        VenueHealthStats Health,
        VolatilityTracker Volatility);

    public static PreflightReport Evaluate(Context c)
    {
        var o = c.Options;
        var checks = new List<PreflightCheck>(9);
        var legs = new[] { c.Long, c.Short };

        // 1. Connectivity and clock skew.
        var unreachable = legs.FirstOrDefault(l => l.Ping is not { Success: true } || l.ServerTime is not { Success: true });
        checks.Add(unreachable is null
            ? Pass(PreflightCodes.Connectivity)
            : Fail(PreflightCodes.Connectivity, PreflightCodes.VenueUnreachable, $"{unreachable.Instrument.Venue}: {(unreachable.Ping?.Error ?? unreachable.ServerTime?.Error)?.ToString() ?? "no answer"}"));

        var maxSkew = TimeSpan.FromMilliseconds(o.MaxClockSkewMs);
        var skewed = legs.FirstOrDefault(l => l.ServerTime is { Success: true } st && st.Data.Offset.Duration() > maxSkew);
        checks.Add(skewed is null
            ? Pass(PreflightCodes.ClockSkew)
            : Fail(PreflightCodes.ClockSkew, PreflightCodes.ClockSkewTooHigh, $"{skewed.Instrument.Venue} skew {Ms(skewed.ServerTime!.Data!.Offset.Duration())} ms > max_clock_skew_ms {o.MaxClockSkewMs}"));

        // Recent round trip within max_latency_ms.
        var maxLatency = TimeSpan.FromMilliseconds(o.MaxLatencyMs);
        var slow = legs.FirstOrDefault(l => l.Ping is { Success: true } p && p.Data > maxLatency);
        checks.Add(slow is null
            ? Pass(PreflightCodes.Latency)
            : Fail(PreflightCodes.Latency, PreflightCodes.LatencyTooHigh, $"{slow.Instrument.Venue} round trip {Ms(slow.Ping!.Data)} ms > max_latency_ms {o.MaxLatencyMs}"));

        // Fresh books on both sides.
        checks.Add(CheckBooks(legs, c.Now, TimeSpan.FromMilliseconds(o.MaxBookAgeMs)));

        // 2. Posture.
        var modes = new Dictionary<InstrumentId, PositionMode>();
        checks.Add(CheckPosture(legs, modes));

        // 3. Risk: trading allowed (kill switch, breakers); caps are checked once the plan exists.
        var allowed = c.Risk.CheckTradingAllowed();

        var books = new Dictionary<InstrumentId, OrderBookSnapshot>();
        var fees = new Dictionary<InstrumentId, FeeRates>();
        var positionsBefore = new Dictionary<InstrumentId, IReadOnlyList<Position>>();
        foreach (var leg in legs)
        {
            if (leg.Book is { Success: true } b)
            {
                books[leg.Instrument] = b.Data;
                c.Volatility.Observe(leg.Instrument, b.Data.Bids.Count > 0 && b.Data.Asks.Count > 0 ? (b.Data.Bids[0].Price + b.Data.Asks[0].Price) / 2m : 0m);
            }

            if (leg.Fees is { } f)
            {
                fees[leg.Instrument] = f;
            }

            if (leg.Positions is { Success: true } p)
            {
                positionsBefore[leg.Instrument] = p.Data;
            }
        }

        var longFilters = c.Long.Filters is { Success: true } lf ? lf.Data : null;
        var shortFilters = c.Short.Filters is { Success: true } sf ? sf.Data : null;
        var longBook = books.GetValueOrDefault(c.Long.Instrument);
        var shortBook = books.GetValueOrDefault(c.Short.Instrument);
        EdgeBreakdown edge = default;
        ExecutionPlan? plan = null;
        PreflightCheck riskCheck = allowed.Allowed ? Pass(PreflightCodes.RiskHeadroom) : Fail(PreflightCodes.RiskHeadroom, allowed.Code ?? "RISK_DENIED", allowed.Detail);
        PreflightCheck filtersCheck;
        PreflightCheck edgeCheck;

        if (longFilters is null || shortFilters is null || longBook is null || shortBook is null)
        {
            var missing = longFilters is null ? c.Long : shortFilters is null ? c.Short : null;
            filtersCheck = missing is not null
                ? Fail(PreflightCodes.Filters, PreflightCodes.FiltersUnavailable, $"{missing.Instrument}: {missing.Filters?.Error}")
                : Fail(PreflightCodes.Filters, PreflightCodes.BookUnavailable, "No order book to size against.");
            edgeCheck = Fail(PreflightCodes.Edge, PreflightCodes.BookUnavailable, "No edge without books and filters.");
        }
        else
        {
            var longAsks = ToArray(longBook.Asks);
            var longBids = ToArray(longBook.Bids);
            var shortBids = ToArray(shortBook.Bids);
            var shortAsks = ToArray(shortBook.Asks);

            var requested = c.RequestedQuantity ?? (c.PairMaxQuantity > 0m ? c.PairMaxQuantity : o.DefaultQuantity > 0m ? o.DefaultQuantity : decimal.MaxValue);
            if (c.PairMaxQuantity > 0m && requested > c.PairMaxQuantity)
            {
                requested = c.PairMaxQuantity;
            }

            decimal? headroom = longAsks.Length > 0 && shortBids.Length > 0
                ? c.Risk.HeadroomQuantity(c.Pair, longAsks[0].Price, shortBids[0].Price)
                : null;
            var sizing = JointSizer.Size(requested, longAsks, shortBids, o.MaxLegSlippageBps, headroom, longFilters, shortFilters);
            filtersCheck = sizing.IsTradable
                ? Pass(PreflightCodes.Filters)
                : Fail(PreflightCodes.Filters, sizing.Reason.Code(), sizing.Detail);
            if (sizing.Reason == NotTradableReason.RiskHeadroom && riskCheck.Passed)
            {
                riskCheck = Fail(PreflightCodes.RiskHeadroom, "RISK_HEADROOM", sizing.Detail);
            }

            var evalQuantity = sizing.IsTradable ? sizing.Quantity : FallbackQuantity(requested, longAsks, shortBids);
            var (legA, legOrderReason) = ChooseLegA(c, longFilters, shortFilters, evalQuantity, longBook, shortBook);
            var makerFirst = o.PreferMaker;
            var longFees = fees.GetValueOrDefault(c.Long.Instrument);
            var shortFees = fees.GetValueOrDefault(c.Short.Instrument);
            var longFunding = c.Long.Funding is { Success: true } lfund ? lfund.Data : null;
            var shortFunding = c.Short.Funding is { Success: true } sfund ? sfund.Data : null;
            var legBInstrument = legA == LegDirection.Long ? c.Short.Instrument : c.Long.Instrument;

            if (longFees is null || shortFees is null)
            {
                edgeCheck = Fail(PreflightCodes.Edge, PreflightCodes.FeesUnavailable, $"Fees unavailable: {(c.Long.FeesError ?? c.Short.FeesError)?.ToString() ?? "no manual entry"}");
            }
            else if (longFunding is null || shortFunding is null)
            {
                edgeCheck = Fail(PreflightCodes.Edge, PreflightCodes.FundingUnavailable, $"Funding unavailable: {(c.Long.Funding?.Error ?? c.Short.Funding?.Error)?.ToString()}");
            }
            else
            {
                var input = new EdgeInputs
                {
                    LongAsks = longAsks,
                    LongBids = longBids,
                    ShortBids = shortBids,
                    ShortAsks = shortAsks,
                    Quantity = evalQuantity,
                    LongEntryFeeBps = makerFirst && legA == LegDirection.Long ? longFees.MakerBps : longFees.TakerBps,
                    ShortEntryFeeBps = makerFirst && legA == LegDirection.Short ? shortFees.MakerBps : shortFees.TakerBps,
                    LongTakerFeeBps = longFees.TakerBps,
                    ShortTakerFeeBps = shortFees.TakerBps,
                    LongFunding = FundingTerm.From(longFunding),
                    ShortFunding = FundingTerm.From(shortFunding),
                    IncludeFunding = o.Funding.IncludeNextWindow,
                    Now = c.Now,
                    HoldHorizon = TimeSpan.FromMinutes(o.ExpectedHoldMinutes),
                    SlippageBpsPerLeg = o.MaxLegSlippageBps,
                    VolatilityBpsPerSqrtSecond = c.Volatility.BpsPerSqrtSecond(legBInstrument),
                    LatencyHorizon = TimeSpan.FromMilliseconds(o.MaxLatencyMs),
                    LegBFailureProbability = c.Health.FailureProbability(legBInstrument.Venue),
                    LegA = legA,
                };
                edge = EdgeCalculator.Evaluate(input) with
                {
                    TradableQuantity = sizing.IsTradable ? sizing.Quantity : 0m,
                    NotTradableReason = sizing.Reason,
                };
                edgeCheck = edge.NetBps >= o.MinEdgeBps
                    ? Pass(PreflightCodes.Edge)
                    : Fail(PreflightCodes.Edge, PreflightCodes.EdgeBelowMin, $"Net edge {Bps(edge.NetBps)} bps < min_edge_bps {Bps(o.MinEdgeBps)}");

                if (sizing.IsTradable)
                {
                    plan = BuildPlan(c, edge, legA, legOrderReason, longBook, shortBook, longFilters, shortFilters, longFees, shortFees, modes);
                    if (riskCheck.Passed)
                    {
                        var entry = c.Risk.CheckEntry(plan, c.Long, c.Short, c.Now);
                        if (!entry.Allowed)
                        {
                            riskCheck = Fail(PreflightCodes.RiskHeadroom, entry.Code ?? "RISK_DENIED", entry.Detail);
                        }
                    }
                }
            }
        }

        checks.Add(riskCheck);
        checks.Add(edgeCheck);
        checks.Add(CheckFundingWindow(c, legs));
        checks.Add(filtersCheck);
        return new PreflightReport(checks, edge, plan, books, fees, positionsBefore, modes);
    }

    private static PreflightCheck CheckBooks(LegMarket[] legs, DateTimeOffset now, TimeSpan maxAge)
    {
        foreach (var leg in legs)
        {
            if (leg.Book is not { Success: true } b || b.Data.Bids.Count == 0 || b.Data.Asks.Count == 0)
            {
                return Fail(PreflightCodes.BookFreshness, PreflightCodes.BookUnavailable, $"{leg.Instrument}: {leg.Book?.Error?.ToString() ?? "empty book"}");
            }

            var age = now - b.Data.ReceiveTime;
            if (age > maxAge)
            {
                return Fail(PreflightCodes.BookFreshness, PreflightCodes.BookStale, $"{leg.Instrument} book age {Ms(age)} ms > max_book_age_ms {Ms(maxAge)}");
            }

            if (leg.FeedTop is { } top && now - top.ReceiveTime > maxAge)
            {
                return Fail(PreflightCodes.BookFreshness, PreflightCodes.BookStale, $"{leg.Instrument} feed age {Ms(now - top.ReceiveTime)} ms > max_book_age_ms {Ms(maxAge)}");
            }
        }

        return Pass(PreflightCodes.BookFreshness);
    }

    private static PreflightCheck CheckPosture(LegMarket[] legs, Dictionary<InstrumentId, PositionMode> modes)
    {
        PreflightCheck? failure = null;
        List<string>? unconfigured = null;
        foreach (var leg in legs)
        {
            if (leg.Posture is null)
            {
                unconfigured ??= [];
                if (!unconfigured.Contains(leg.Instrument.Venue.Value))
                {
                    unconfigured.Add(leg.Instrument.Venue.Value);
                }
            }

            var expectedMode = leg.Posture?.PositionMode == "one_way" ? PositionMode.OneWay : PositionMode.Hedge;
            if (leg.PositionMode is not { Success: true } mode)
            {
                modes[leg.Instrument] = expectedMode;
                failure ??= Fail(PreflightCodes.Posture, PreflightCodes.PostureUnverified, $"{leg.Instrument.Venue}: position mode unreadable: {leg.PositionMode?.Error}");
                continue;
            }

            modes[leg.Instrument] = mode.Data;
            if (leg.Posture is null)
            {
                continue;
            }

            if (mode.Data != expectedMode)
            {
                failure ??= Fail(PreflightCodes.Posture, PreflightCodes.PostureMismatch, $"{leg.Instrument.Venue}: position mode {mode.Data}, configured {leg.Posture.PositionMode}");
                continue;
            }

            if (leg.Posture.Leverage > 0)
            {
                if (leg.Leverage is not { Success: true } lev)
                {
                    failure ??= Fail(PreflightCodes.Posture, PreflightCodes.PostureUnverified, $"{leg.Instrument}: leverage unreadable: {leg.Leverage?.Error}");
                }
                else if (!lev.Data.Any(s => s.Leverage == leg.Posture.Leverage && s.MarginType == leg.MarginType))
                {
                    failure ??= Fail(PreflightCodes.Posture, PreflightCodes.PostureMismatch,
                        $"{leg.Instrument}: leverage {string.Join(",", lev.Data.Select(s => $"{s.Leverage}x {s.MarginType}"))}, configured {leg.Posture.Leverage}x {leg.MarginType}");
                }
            }
        }

        if (failure is not null)
        {
            return failure;
        }

        // Passed, but say so when nothing was configured to verify against (never silently).
        return unconfigured is null
            ? Pass(PreflightCodes.Posture)
            : new PreflightCheck(PreflightCodes.Posture, true, PreflightCodes.PostureNotConfigured, PostureNotConfiguredDetail(unconfigured));
    }

    /// <summary>The message of <see cref="PreflightCodes.PostureNotConfigured"/>, naming the configuration key.</summary>
    public static string PostureNotConfiguredDetail(IEnumerable<string> venues) =>
        $"{ArbitrageConstants.VenuesSection} has no entry for {string.Join(", ", venues)}: position mode, margin type and leverage are not verified "
        + $"(set {ArbitrageConstants.VenuesSection}[].id / position_mode / margin_type / leverage).";

    private static PreflightCheck CheckFundingWindow(Context c, LegMarket[] legs)
    {
        var window = TimeSpan.FromMinutes(c.Options.Funding.AvoidWindowMinutes);
        foreach (var leg in legs)
        {
            if (leg.Funding is not { Success: true } f)
            {
                return Fail(PreflightCodes.FundingWindow, PreflightCodes.FundingUnavailable, $"{leg.Instrument}: {leg.Funding?.Error}");
            }

            var until = f.Data.NextFundingTime - c.Now;
            if (window > TimeSpan.Zero && until >= TimeSpan.Zero && until <= window)
            {
                return Fail(PreflightCodes.FundingWindow, PreflightCodes.InFundingWindow,
                    $"{leg.Instrument} funds in {Math.Round(until.TotalMinutes, 2).ToString(CultureInfo.InvariantCulture)} min <= avoid_window_minutes {c.Options.Funding.AvoidWindowMinutes}");
            }
        }

        return Pass(PreflightCodes.FundingWindow);
    }

    private static (LegDirection LegA, string Reason) ChooseLegA(Context c, InstrumentFilters longFilters, InstrumentFilters shortFilters, decimal quantity, OrderBookSnapshot longBook, OrderBookSnapshot shortBook)
    {
        if (c.Options.PreferMaker)
        {
            // The maker leg goes first: the venue with the cheaper maker fee, then the wider spread.
            var lf = c.Long.Fees?.MakerBps ?? 0m;
            var sf = c.Short.Fees?.MakerBps ?? 0m;
            if (lf != sf)
            {
                return lf < sf ? (LegDirection.Long, "maker leg: lower maker fee") : (LegDirection.Short, "maker leg: lower maker fee");
            }

            return SpreadBps(shortBook) > SpreadBps(longBook) ? (LegDirection.Short, "maker leg: wider spread") : (LegDirection.Long, "maker leg: default long");
        }

        var q = quantity > 0m ? quantity : 1m;
        var longScore = c.Health.FailureProbability(c.Long.Instrument.Venue) + (longFilters.StepSize / q);
        var shortScore = c.Health.FailureProbability(c.Short.Instrument.Venue) + (shortFilters.StepSize / q);
        return shortScore > longScore
            ? (LegDirection.Short, $"riskier: {c.Short.Instrument.Venue} (reject rate + lot coarseness)")
            : (LegDirection.Long, longScore > shortScore ? $"riskier: {c.Long.Instrument.Venue} (reject rate + lot coarseness)" : "equal risk: long first");
    }

    private static ExecutionPlan BuildPlan(
        Context c,
        EdgeBreakdown edge,
        LegDirection legA,
        string legOrderReason,
        OrderBookSnapshot longBook,
        OrderBookSnapshot shortBook,
        InstrumentFilters longFilters,
        InstrumentFilters shortFilters,
        FeeRates longFees,
        FeeRates shortFees,
        Dictionary<InstrumentId, PositionMode> modes)
    {
        var slip = c.Options.MaxLegSlippageBps / ArbitrageConstants.BasisPoints;
        LegSpec Spec(LegRole role, LegDirection dir)
        {
            var isLong = dir == LegDirection.Long;
            var filters = isLong ? longFilters : shortFilters;
            var book = isLong ? longBook : shortBook;
            var side = dir.OpeningSide();
            var best = isLong ? book.Asks[0].Price : book.Bids[0].Price;
            var bound = isLong ? best * (1m + slip) : best * (1m - slip);
            var mode = modes.GetValueOrDefault(filters.Instrument, PositionMode.Hedge);
            return new LegSpec
            {
                Role = role,
                Direction = dir,
                Instrument = isLong ? c.Long.Instrument : c.Short.Instrument,
                Side = side,
                Quantity = edge.TradableQuantity,
                LimitPrice = Quantizer.RoundPricePassive(bound, filters.TickSize, side),
                MakerPrice = c.Options.PreferMaker && role == LegRole.A ? (isLong ? book.Bids[0].Price : book.Asks[0].Price) : null,
                PositionSide = mode == PositionMode.OneWay ? PositionSide.Both : (isLong ? PositionSide.Long : PositionSide.Short),
                Filters = filters,
                Fees = isLong ? longFees : shortFees,
                ExpectedPrice = isLong ? edge.LongPrice : edge.ShortPrice,
            };
        }

        return new ExecutionPlan
        {
            ExecutionId = c.ExecutionId,
            Pair = c.Pair,
            Quantity = edge.TradableQuantity,
            LegA = Spec(LegRole.A, legA),
            LegB = Spec(LegRole.B, legA.Opposite()),
            PartialFillPolicy = c.Options.PartialFillPolicy,
            ConcurrentLegs = c.Options.ConcurrentLegs && !c.Options.PreferMaker,
            MakerFirst = c.Options.PreferMaker,
            PostOnly = c.Options.PostOnlyMaker,
            DryRun = c.DryRun,
            Edge = edge,
            LegOrderReason = legOrderReason,
        };
    }

    private static decimal FallbackQuantity(decimal requested, BookLevel[] longAsks, BookLevel[] shortBids)
    {
        if (longAsks.Length == 0 || shortBids.Length == 0)
        {
            return 0m;
        }

        return Math.Min(requested, Math.Min(longAsks[0].Quantity, shortBids[0].Quantity));
    }

    private static decimal SpreadBps(OrderBookSnapshot book) =>
        book.Bids.Count == 0 || book.Asks.Count == 0 ? 0m : (book.Asks[0].Price - book.Bids[0].Price) / book.Bids[0].Price * ArbitrageConstants.BasisPoints;

    private static BookLevel[] ToArray(IReadOnlyList<BookLevel> levels) => levels as BookLevel[] ?? [.. levels];

    private static PreflightCheck Pass(string name) => new(name, true, null, null);

    private static PreflightCheck Fail(string name, string code, string? detail) => new(name, false, code, detail);

    private static string Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1).ToString(CultureInfo.InvariantCulture);

    private static string Bps(decimal d) => Math.Round(d, 3).ToString(CultureInfo.InvariantCulture);
}
