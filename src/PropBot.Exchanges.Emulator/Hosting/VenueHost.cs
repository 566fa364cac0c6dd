using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PropBot.Exchanges.Emulator.Hosting;

/// <summary>Builds and starts one Kestrel app per venue on loopback.</summary>
internal static class VenueHost
{
    public static WebApplication Build(Uri? url, EmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(VenueHost).Assembly.GetName().Name,
            Args = [],
        });
        builder.Logging.ClearProviders();
        if (options.EnableConsoleLogging)
        {
            builder.Logging.AddSimpleConsole();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var (address, port) = Endpoint(url);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(address, port);
        });
        return builder.Build();
    }

    public static Uri BoundUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        var first = addresses?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The venue server has no bound address.");
        var uri = new Uri(first);
        return new Uri($"http://127.0.0.1:{uri.Port}");
    }

    private static (IPAddress Address, int Port) Endpoint(Uri? url)
    {
        if (url is null)
        {
            return (IPAddress.Loopback, 0);
        }

        var host = url.Host;
        var address = host is "localhost" or "" ? IPAddress.Loopback : IPAddress.Parse(host);
        return (address, url.IsDefaultPort ? 80 : url.Port);
    }
}
