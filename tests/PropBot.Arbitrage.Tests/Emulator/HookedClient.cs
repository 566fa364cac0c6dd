using PropBot.Exchanges;

namespace PropBot.Arbitrage.Tests.Emulator;

/// <summary>Delegates to a real client and calls a hook before each order placement.</summary>
public sealed class HookedClient(IDerivClient inner, Action<OrderRequest> onPlace) : IDerivClient
{
    public VenueId Venue => inner.Venue;

    public ISymbolMapper SymbolMapper => inner.SymbolMapper;

    public ClockState Clock => inner.Clock;

    public IMarketDataFeed MarketData => inner.MarketData;

    public IReadOnlyList<RateLimitUsage> GetRateLimitUsage() => inner.GetRateLimitUsage();

    public Task<VenueResult<ServerTimeInfo>> GetServerTimeAsync(CancellationToken cancellationToken = default) => inner.GetServerTimeAsync(cancellationToken);

    public Task<VenueResult<TimeSpan>> PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public Task<VenueResult<InstrumentFilters>> GetFiltersAsync(string symbol, CancellationToken cancellationToken = default) => inner.GetFiltersAsync(symbol, cancellationToken);

    public Task<VenueResult<FeeRates>> GetFeesAsync(string symbol, CancellationToken cancellationToken = default) => inner.GetFeesAsync(symbol, cancellationToken);

    public Task<VenueResult<MarkPriceInfo>> GetMarkPriceAsync(string symbol, CancellationToken cancellationToken = default) => inner.GetMarkPriceAsync(symbol, cancellationToken);

    public Task<VenueResult<BookTop>> GetBookTopAsync(string symbol, CancellationToken cancellationToken = default) => inner.GetBookTopAsync(symbol, cancellationToken);

    public Task<VenueResult<OrderBookSnapshot>> GetOrderBookAsync(string symbol, int depth, CancellationToken cancellationToken = default) => inner.GetOrderBookAsync(symbol, depth, cancellationToken);

    public Task<VenueResult<FundingInfo>> GetFundingInfoAsync(string symbol, CancellationToken cancellationToken = default) => inner.GetFundingInfoAsync(symbol, cancellationToken);

    public Task<VenueResult<PositionMode>> GetPositionModeAsync(CancellationToken cancellationToken = default) => inner.GetPositionModeAsync(cancellationToken);

    public Task<VenueResult<PositionMode>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default) => inner.SetPositionModeAsync(mode, cancellationToken);

    public Task<VenueResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) => inner.SetMarginTypeAsync(symbol, marginType, cancellationToken);

    public Task<VenueResult<LeverageSetting>> SetLeverageAsync(LeverageRequest request, CancellationToken cancellationToken = default) => inner.SetLeverageAsync(request, cancellationToken);

    public Task<VenueResult<IReadOnlyList<LeverageSetting>>> GetLeverageAsync(string symbol, MarginType marginType, CancellationToken cancellationToken = default) => inner.GetLeverageAsync(symbol, marginType, cancellationToken);

    public Task<VenueResult<OrderReport>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        onPlace(request);
        return inner.PlaceOrderAsync(request, cancellationToken);
    }

    public Task<VenueResult<OrderReport>> TestOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => inner.TestOrderAsync(request, cancellationToken);

    public Task<VenueResult<OrderReport>> CancelOrderAsync(OrderLookup order, CancellationToken cancellationToken = default) => inner.CancelOrderAsync(order, cancellationToken);

    public Task<VenueResult<OrderReport>> GetOrderAsync(OrderLookup order, CancellationToken cancellationToken = default) => inner.GetOrderAsync(order, cancellationToken);

    public Task<VenueResult<IReadOnlyList<OrderReport>>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default) => inner.GetOpenOrdersAsync(symbol, cancellationToken);

    public Task<VenueResult<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default) => inner.GetPositionsAsync(cancellationToken);

    public Task<VenueResult<AccountMargin>> GetAccountMarginAsync(CancellationToken cancellationToken = default) => inner.GetAccountMarginAsync(cancellationToken);

    public Task<VenueResult<DeadManSwitchStatus>> ArmDeadManSwitchAsync(string? symbol, TimeSpan timeout, CancellationToken cancellationToken = default) => inner.ArmDeadManSwitchAsync(symbol, timeout, cancellationToken);
}
