using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using PropBot.Exchanges;
using PropBot.Host.Auth;
using PropBot.Host.Configuration;
using PropBot.Host.Journal;
using PropBot.Host.Live;
using PropBot.Host.Services;
using PropBot.Host.Venues;

namespace PropBot.Host;

/// <summary>Service registration and the HTTP pipeline of the host.</summary>
internal static class HostSetup
{
    public static void AddPropBotHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<HostSettings>()
            .Bind(configuration)
            .PostConfigure(s =>
            {
                s.Auth.OperatorTokens.AddRange(TokenAuth.ParseList(configuration["PROPBOT_OPERATOR_TOKENS"]));
                s.Auth.ReadOnlyTokens.AddRange(TokenAuth.ParseList(configuration["PROPBOT_READONLY_TOKENS"]));
                s.Profile = s.Profile.Trim().ToLowerInvariant();
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostSettings>, HostSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HostSettings>>().Value);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<EmulatorRuntime>();
        services.AddSingleton<VenueDirectory>();
        services.TryAddSingleton<IVenueClientFactory, DefaultVenueClientFactory>();
        services.AddHostedService<VenueStartupService>();

        // The packages resolve the venues as IDerivClient services (one per configured venue).
        var venueCount = configuration.GetSection("derivatives:venues").GetChildren().Count();
        for (var i = 0; i < venueCount; i++)
        {
            var index = i;
            services.AddSingleton<IDerivClient>(sp => sp.GetRequiredService<VenueDirectory>().All[index].Client);
        }

        services.AddPropBotRisk(configuration);

        // The engine package: the engine (IArbitrageEngine), the durable SQLite journal with outbox and crash recovery,
        // and the auto-mode scanner (on by default in the paper profile, always a dry run unless SAFE_MODE is off and,
        // in the live profile, never: live orders go through POST /api/arb/execute and the two-man rule).
        services.AddPropBotArbitrage(configuration);
        services.AddPropBotJournal(configuration);
        services.AddPropBotAutoMode(configuration);
        services.PostConfigure<PropBot.Arbitrage.AutoMode.AutoModeOptions>(o =>
        {
            var profile = (configuration["EXCHANGE_PROFILE"] ?? "paper").Trim().ToLowerInvariant();
            o.Profile = profile;
            o.DryRun = o.DryRun || !HostSettings.IsFalse(configuration["SAFE_MODE"]) || profile == "live";
        });
        services.AddSingleton<IHostJournal, DurableHostJournal>();
        services.AddSingleton<TradingStateService>();
        services.AddSingleton<PreflightService>();
        services.AddSingleton<LiveGate>();
        services.AddSingleton<PositionsService>();
        services.AddSingleton<FlattenService>();
        services.AddSingleton<SetupService>();
        services.AddSingleton<DerivStatusService>();
        services.AddSingleton<SystemStatusService>();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.TryAdd("trace_id", ctx.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddAuthentication(TokenAuth.Scheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuth.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TokenAuth.ReadOnlyPolicy, p => p.RequireAuthenticatedUser().RequireRole(TokenAuth.ReadOnlyRole, TokenAuth.OperatorRole))
            .AddPolicy(TokenAuth.OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(TokenAuth.OperatorRole));

        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "PropBot.Derivatives host";
            doc.Info.Description = "Cross-venue delta-neutral perpetual arbitrage (Binance USD-M futures / OKX swaps): status, setup, edges, preview, execute, flatten, risk controls, live approvals and journal.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<TradingHealthCheck>("trading_state")
            .AddCheck<VenueHealthCheck>("venues");

        services.AddOpenTelemetry().WithMetrics(m =>
        {
            m.AddMeter("PropBot.*");
            m.AddAspNetCoreInstrumentation();
            m.AddRuntimeInstrumentation();
            if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                m.AddOtlpExporter();
            }
        });
    }
}

/// <summary>Malformed request bodies and other framework-detected input errors become ProblemDetails 400, never 500.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        var detail = bad.InnerException is JsonException json
            ? $"Malformed JSON{(json.Path is { Length: > 0 } ? $" at {json.Path}" : "")}."
            : bad.Message;
        var field = bad.InnerException is JsonException j && j.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "body";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = detail,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
            },
        }).ConfigureAwait(false);
    }
}

internal sealed class TradingHealthCheck(TradingStateService tradingState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = tradingState.Current;
        return Task.FromResult(s.State switch
        {
            HostTradingState.Halted => HealthCheckResult.Degraded($"Kill switch engaged: {s.Reason}"),
            HostTradingState.Reducing => HealthCheckResult.Degraded($"HOLD (reduce only): {s.Reason}"),
            _ => HealthCheckResult.Healthy("Active"),
        });
    }
}

internal sealed class VenueHealthCheck(VenueDirectory venues) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = venues.All.Where(v => v.Client.MarketData is null || v.Client.MarketData.GetHealth().Any(h => !h.IsConnected)).Select(v => v.Id.Value).ToList();
        return Task.FromResult(down.Count == 0 ? HealthCheckResult.Healthy("All venue feeds connected") : HealthCheckResult.Degraded($"Feed down: {string.Join(", ", down)}"));
    }
}
