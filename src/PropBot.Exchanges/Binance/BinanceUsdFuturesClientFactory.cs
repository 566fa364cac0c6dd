using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PropBot.Exchanges.Binance;

/// <summary>Creates Binance USD-M futures clients without dependency injection.</summary>
public static class BinanceUsdFuturesClientFactory
{
    /// <summary>Creates a client. Options are validated (cross-field rules included) first.</summary>
    /// <param name="options">Options.</param>
    /// <param name="httpClient">HTTP client to use (not disposed by the client); a new one when null.</param>
    /// <param name="timeProvider">Clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IBinanceUsdFuturesClient Create(BinanceUsdFuturesOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new BinanceUsdFuturesOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BinanceUsdFuturesOptions), validation.Failures);
        }

        return new BinanceUsdFuturesClient(options, httpClient ?? new HttpClient(), timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
    }
}
