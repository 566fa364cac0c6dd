namespace PropBot.Exchanges.Binance;

/// <summary>The Binance USD-M futures client: the venue-neutral contract plus Binance-specific reads. Dispose to stop its market-data sockets.</summary>
public interface IBinanceUsdFuturesClient : IDerivClient, IAsyncDisposable
{
    /// <summary>The environment (hosts) this client talks to.</summary>
    BinanceEnvironment Environment { get; }

    /// <summary>Trading rules of every symbol in <c>exchangeInfo</c> (refreshes the cache and the rate-limit windows).</summary>
    Task<VenueResult<IReadOnlyList<InstrumentFilters>>> GetExchangeFiltersAsync(CancellationToken cancellationToken = default);
}
