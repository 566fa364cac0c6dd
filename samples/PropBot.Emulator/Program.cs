// Standalone runner for the PropBot venue emulator (Binance USD-M futures + OKX v5 swaps on loopback).
// Usage: dotnet run --project samples/PropBot.Emulator -- [--binance-url http://127.0.0.1:9100] [--okx-url http://127.0.0.1:9200]
//        [--seed N] [--api-key K] [--api-secret S] [--okx-passphrase P] [--funding-interval-seconds N] [--no-rate-limits]
using System.Globalization;
using System.Runtime.InteropServices;
using PropBot.Exchanges.Emulator;

var options = new EmulatorOptions();
for (var i = 0; i < args.Length; i++)
{
    string Value()
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"Missing value for {args[i]}.");
        }

        return args[++i];
    }

    try
    {
        switch (args[i])
        {
            case "--binance-url":
                options.BinanceUrl = new Uri(Value());
                break;
            case "--okx-url":
                options.OkxUrl = new Uri(Value());
                break;
            case "--seed":
                options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                break;
            case "--api-key":
                options.ApiKey = Value();
                break;
            case "--api-secret":
                options.ApiSecret = Value();
                break;
            case "--okx-passphrase":
                options.OkxPassphrase = Value();
                break;
            case "--funding-interval-seconds":
                options.Market.FundingInterval = TimeSpan.FromSeconds(int.Parse(Value(), CultureInfo.InvariantCulture));
                break;
            case "--no-rate-limits":
                options.RateLimits.Enabled = false;
                break;
            case "--verbose":
                options.EnableConsoleLogging = true;
                break;
            case "-h" or "--help":
                Console.WriteLine("Options: --binance-url URL --okx-url URL --seed N --api-key K --api-secret S --okx-passphrase P --funding-interval-seconds N --no-rate-limits --verbose");
                return 0;
            default:
                Console.Error.WriteLine($"Unknown argument: {args[i]} (see --help).");
                return 2;
        }
    }
    catch (Exception ex) when (ex is FormatException or ArgumentException or UriFormatException or OverflowException)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    // Keep the runtime alive so the servers stop gracefully; cancel off the signal thread.
    context.Cancel = true;
    _ = Task.Run(stop.Cancel);
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

await using var emulator = await VenueEmulator.StartAsync(options, stop.Token);
Console.WriteLine($"Binance REST      {emulator.BinanceRestUrl}");
Console.WriteLine($"Binance WebSocket {emulator.BinanceWebSocketUrl}");
Console.WriteLine($"OKX REST          {emulator.OkxRestUrl}");
Console.WriteLine($"OKX WebSocket     {emulator.OkxWebSocketUrl}");
Console.WriteLine($"API key {options.ApiKey}, OKX passphrase {options.OkxPassphrase}, seed {options.Seed}");
Console.WriteLine("Ready. Press Ctrl+C to stop.");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Stopping.
}

return 0;
