using PropBot.Exchanges;

namespace PropBot.Arbitrage;

/// <summary>Everything read from one venue for one leg during preflight.</summary>
internal sealed class LegMarket
{
    public required LegDirection Direction { get; init; }

    public required InstrumentId Instrument { get; init; }

    public required IDerivClient Client { get; init; }

    public VenueResult<OrderBookSnapshot>? Book { get; set; }

    public VenueResult<InstrumentFilters>? Filters { get; set; }

    public FeeRates? Fees { get; set; }

    public VenueError? FeesError { get; set; }

    public VenueResult<FundingInfo>? Funding { get; set; }

    public VenueResult<TimeSpan>? Ping { get; set; }

    public VenueResult<ServerTimeInfo>? ServerTime { get; set; }

    public VenueResult<PositionMode>? PositionMode { get; set; }

    public VenueResult<IReadOnlyList<LeverageSetting>>? Leverage { get; set; }

    public VenueResult<IReadOnlyList<Position>>? Positions { get; set; }

    public BookTop? FeedTop { get; set; }

    public MarginType MarginType { get; set; } = MarginType.Isolated;

    public VenuePostureOptions? Posture { get; set; }

    public UnifiedSymbol? Underlying { get; set; }
}

/// <summary>Reads both venues concurrently for preflight and preview.</summary>
internal static class MarketReader
{
    public static async Task<LegMarket> ReadAsync(LegMarket leg, ArbitrageOptions options, CancellationToken cancellationToken)
    {
        var client = leg.Client;
        var symbol = leg.Instrument.Symbol;
        leg.Posture = options.Venues.FirstOrDefault(v => v.Id == leg.Instrument.Venue.Value);
        leg.MarginType = leg.Posture?.MarginType == "cross" ? MarginType.Cross : MarginType.Isolated;

        var book = client.GetOrderBookAsync(symbol, options.OrderBookDepth, cancellationToken);
        var filters = client.GetFiltersAsync(symbol, cancellationToken);
        var funding = client.GetFundingInfoAsync(symbol, cancellationToken);
        var ping = client.PingAsync(cancellationToken);
        var serverTime = client.GetServerTimeAsync(cancellationToken);
        var mode = client.GetPositionModeAsync(cancellationToken);
        var positions = client.GetPositionsAsync(cancellationToken);
        Task<VenueResult<IReadOnlyList<LeverageSetting>>>? leverage = leg.Posture is { Leverage: > 0 }
            ? client.GetLeverageAsync(symbol, leg.MarginType, cancellationToken)
            : null;
        Task<VenueResult<FeeRates>>? fees = options.Fees.Source == "manual" ? null : client.GetFeesAsync(symbol, cancellationToken);

        leg.Book = await book.ConfigureAwait(false);
        leg.Filters = await filters.ConfigureAwait(false);
        leg.Funding = await funding.ConfigureAwait(false);
        leg.Ping = await ping.ConfigureAwait(false);
        leg.ServerTime = await serverTime.ConfigureAwait(false);
        leg.PositionMode = await mode.ConfigureAwait(false);
        leg.Positions = await positions.ConfigureAwait(false);
        if (leverage is not null)
        {
            leg.Leverage = await leverage.ConfigureAwait(false);
        }

        if (fees is not null)
        {
            var f = await fees.ConfigureAwait(false);
            if (f.Success)
            {
                leg.Fees = f.Data;
            }
            else
            {
                leg.FeesError = f.Error;
            }
        }

        if (leg.Fees is null && options.Fees.Manual.TryGetValue(leg.Instrument.Venue.Value, out var manual))
        {
            leg.Fees = new FeeRates(manual.MakerBps, manual.TakerBps, FeeSource.Manual);
        }

        if (client.SymbolMapper is { } mapper && mapper.TryToUnified(symbol, out var unified))
        {
            leg.Underlying = unified;
        }

        if (client.MarketData is { } feed && feed.TryGetBookTop(symbol, out var top))
        {
            leg.FeedTop = top;
        }

        return leg;
    }
}
