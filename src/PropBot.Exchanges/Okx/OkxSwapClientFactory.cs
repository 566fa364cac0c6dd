using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PropBot.Exchanges.Okx;

/// <summary>Creates <see cref="IOkxSwapClient"/> instances without dependency injection (tools, tests, the emulator).</summary>
public static class OkxSwapClientFactory
{
    /// <summary>Creates a client.</summary>
    /// <param name="options">Options; validated here.</param>
    /// <param name="httpClient">HTTP client to use (not disposed by the client); a private one is created when null.</param>
    /// <param name="timeProvider">Clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem by key.</exception>
    public static IOkxSwapClient Create(OkxSwapOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = OkxSwapOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var owned = httpClient is null;
        var http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new OkxSwapClient(http, options, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance, owned);
    }
}
