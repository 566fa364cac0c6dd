namespace PropBot.Arbitrage.Tests.Emulator;

/// <summary>
/// Counts the adapters' HTTP requests in flight (response body included) so a fake-time pump advances the clock only
/// while no real I/O is under way: a loaded machine then never turns a slow loopback call into a fake timeout. A
/// venue can be parked: its requests are held by the emulator (<see cref="PropBot.Exchanges.Emulator.VenueFaults.DelayResponses"/>)
/// and are not counted, so the clock moves on and the adapters' and the engine's own timeouts fire.
/// </summary>
public sealed class VenueIoGate
{
    private int _inFlight;

    /// <summary>Requests currently in flight and not parked.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A handler for one venue's <see cref="HttpClient"/>.</summary>
    public Handler For(string venue) => new(this, venue) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } };

    public sealed class Handler(VenueIoGate gate, string venue) : DelegatingHandler
    {
        private volatile bool _parked;

        public string Venue { get; } = venue;

        /// <summary>Requests sent from now on are held by the emulator and not counted as I/O in flight.</summary>
        public bool Parked
        {
            get => _parked;
            set => _parked = value;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var counted = !_parked;
            if (counted)
            {
                Interlocked.Increment(ref gate._inFlight);
            }

            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                if (counted)
                {
                    Interlocked.Decrement(ref gate._inFlight);
                }
            }
        }
    }
}
