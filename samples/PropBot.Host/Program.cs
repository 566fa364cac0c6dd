using PropBot.Host;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080");
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.MapStatusEndpoints();
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("PropBot host listening on {Urls}", string.Join(", ", app.Urls)));
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
