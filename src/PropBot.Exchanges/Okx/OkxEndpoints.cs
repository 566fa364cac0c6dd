namespace PropBot.Exchanges.Okx;

/// <summary>One REST endpoint with its documented client-side limit (sliding window).</summary>
internal sealed record OkxEndpoint(string Method, string Path, bool Signed, int Limit, TimeSpan Window, bool PerInstrument = false)
{
    /// <summary>Governor window name, e.g. <c>trade/order BTC-USDT-SWAP 2s</c>.</summary>
    public string WindowName(string? instId)
    {
        var shortPath = Path.StartsWith("/api/v5/", StringComparison.Ordinal) ? Path[8..] : Path;
        var seconds = Window.TotalSeconds.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return PerInstrument && !string.IsNullOrEmpty(instId)
            ? $"{Method} {shortPath} {instId} {seconds}s"
            : $"{Method} {shortPath} {seconds}s";
    }
}

/// <summary>The OKX v5 endpoints the swap client calls, with the limits of the reference (§9.2).</summary>
internal static class OkxEndpoints
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    public static readonly OkxEndpoint Time = new("GET", "/api/v5/public/time", false, 10, TwoSeconds);
    public static readonly OkxEndpoint Instruments = new("GET", "/api/v5/public/instruments", false, 20, TwoSeconds);
    public static readonly OkxEndpoint Ticker = new("GET", "/api/v5/market/ticker", false, 20, TwoSeconds);
    public static readonly OkxEndpoint Books = new("GET", "/api/v5/market/books", false, 40, TwoSeconds);
    public static readonly OkxEndpoint MarkPrice = new("GET", "/api/v5/public/mark-price", false, 10, TwoSeconds, PerInstrument: true);
    public static readonly OkxEndpoint FundingRate = new("GET", "/api/v5/public/funding-rate", false, 10, TwoSeconds, PerInstrument: true);
    public static readonly OkxEndpoint TradeFee = new("GET", "/api/v5/account/trade-fee", true, 5, TwoSeconds);
    public static readonly OkxEndpoint AccountConfig = new("GET", "/api/v5/account/config", true, 5, TwoSeconds);
    public static readonly OkxEndpoint SetPositionMode = new("POST", "/api/v5/account/set-position-mode", true, 5, TwoSeconds);
    public static readonly OkxEndpoint SetLeverage = new("POST", "/api/v5/account/set-leverage", true, 20, TwoSeconds);
    public static readonly OkxEndpoint LeverageInfo = new("GET", "/api/v5/account/leverage-info", true, 20, TwoSeconds);
    public static readonly OkxEndpoint PlaceOrder = new("POST", "/api/v5/trade/order", true, 60, TwoSeconds, PerInstrument: true);
    public static readonly OkxEndpoint CancelOrder = new("POST", "/api/v5/trade/cancel-order", true, 60, TwoSeconds, PerInstrument: true);
    public static readonly OkxEndpoint OrderDetails = new("GET", "/api/v5/trade/order", true, 60, TwoSeconds, PerInstrument: true);
    public static readonly OkxEndpoint OrdersPending = new("GET", "/api/v5/trade/orders-pending", true, 60, TwoSeconds);
    public static readonly OkxEndpoint Positions = new("GET", "/api/v5/account/positions", true, 10, TwoSeconds);
    public static readonly OkxEndpoint Balance = new("GET", "/api/v5/account/balance", true, 10, TwoSeconds);
    public static readonly OkxEndpoint CancelAllAfter = new("POST", "/api/v5/trade/cancel-all-after", true, 1, TimeSpan.FromSeconds(1));

    public static IReadOnlyList<OkxEndpoint> All { get; } =
    [
        Time, Instruments, Ticker, Books, MarkPrice, FundingRate, TradeFee, AccountConfig, SetPositionMode, SetLeverage,
        LeverageInfo, PlaceOrder, CancelOrder, OrderDetails, OrdersPending, Positions, Balance, CancelAllAfter,
    ];
}
