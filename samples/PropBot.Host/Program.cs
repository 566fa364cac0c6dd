using Microsoft.Extensions.Options;
using PropBot.Host;
using PropBot.Host.Configuration;
using PropBot.Host.Endpoints;
using Scalar.AspNetCore;

// Configuration: configs/config.{EXCHANGE_PROFILE}.yaml < .env < environment variables < command line.
var builder = WebApplication.CreateBuilder(args);
string profileFile;
try
{
    (_, profileFile) = builder.AddPropBotProfile();
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"Invalid configuration: {ex.Message}");
    return 2;
}

// Fail fast, naming the key, before anything starts.
var configErrors = HostSettingsValidator.RawErrors(builder.Configuration);
if (configErrors.Count == 0)
{
    var preview = new HostSettings();
    builder.Configuration.Bind(preview);
    configErrors = HostSettingsValidator.Errors(preview);
}

if (configErrors.Count > 0)
{
    Console.Error.WriteLine($"Invalid configuration ({profileFile}):");
    foreach (var error in configErrors)
    {
        Console.Error.WriteLine($"  - {error}");
    }

    return 2;
}

builder.WebHost.UseUrls(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080");
builder.AddPropBotHost();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health");
app.MapHealthChecks("/alive", new() { Predicate = r => r.Tags.Contains("live") });
app.MapStatusEndpoints();
app.MapDerivEndpoints();
app.MapArbEndpoints();
app.MapHedgeEndpoints();
app.MapRiskEndpoints();
app.MapLiveEndpoints();
app.MapJournalEndpoints();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var settings = app.Services.GetRequiredService<HostSettings>();
    var urls = string.Join(", ", app.Urls);
    app.Logger.LogInformation("PropBot host listening on {Urls} (profile {Profile}, SAFE_MODE {SafeMode}, config {ConfigFile})", urls, settings.Profile, settings.SafeMode ? "on" : "off", profileFile);
    Console.WriteLine($"PropBot host ready: {urls}  (profile {settings.Profile}, SAFE_MODE {(settings.SafeMode ? "on" : "off")}; API reference {app.Urls.FirstOrDefault()}/scalar)");
});

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("Invalid configuration:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  - {failure}");
    }

    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) || ex.InnerException is FormatException)
{
    Console.Error.WriteLine($"Invalid configuration: {ex.Message}");
    return 2;
}

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
