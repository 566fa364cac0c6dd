using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace PropBot.Host.Configuration;

/// <summary>
/// Layers the configuration the way an operator expects: <c>configs/config.{EXCHANGE_PROFILE}.yaml</c> &lt; <c>.env</c>
/// &lt; real environment variables &lt; command line. The <c>configs/</c> folder is found from the content root, the
/// working directory or the build output, walking up, so <c>dotnet run --project samples/PropBot.Host</c> works from
/// the repository root.
/// </summary>
internal static class ProfileConfiguration
{
    public static readonly string[] Profiles = ["paper", "testnet", "live"];

    /// <summary>Adds the profile file and <c>.env</c>; returns the chosen profile and file.</summary>
    public static (string Profile, string File) AddPropBotProfile(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var explicitFile = configuration["PROPBOT_CONFIG"];
        var configsDir = FindConfigsDirectory(builder.Environment.ContentRootPath);
        var dotenvSetting = configuration["PROPBOT_DOTENV"];
        var dotenvPath = dotenvSetting is { Length: > 0 } && dotenvSetting != "none"
            ? dotenvSetting
            : Path.Combine(configsDir is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(configsDir)!, ".env");
        var dotenv = dotenvSetting == "none" ? [] : DotEnv.Load(dotenvPath);

        var profile = (configuration["EXCHANGE_PROFILE"] ?? dotenv.GetValueOrDefault("EXCHANGE_PROFILE") ?? "paper").Trim().ToLowerInvariant();
        if (!Profiles.Contains(profile))
        {
            throw new InvalidOperationException($"EXCHANGE_PROFILE must be paper, testnet or live, was '{profile}'.");
        }

        var file = explicitFile ?? (configsDir is null ? null : Path.Combine(configsDir, $"config.{profile}.yaml"));
        if (file is null || !File.Exists(file))
        {
            throw new InvalidOperationException($"EXCHANGE_PROFILE={profile}: configuration file {(file ?? $"configs/config.{profile}.yaml")} was not found.");
        }

        var sources = ((IConfigurationBuilder)configuration).Sources;
        var yaml = new NetEscapades.Configuration.Yaml.YamlConfigurationSource { Path = Path.GetFileName(file), Optional = false, ReloadOnChange = false };
        yaml.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var dotenvSource = new MemoryConfigurationSource { InitialData = dotenv.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)) };
        var index = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            sources.Add(yaml);
            sources.Add(dotenvSource);
            configuration.AddEnvironmentVariables();
        }
        else
        {
            sources.Insert(index, dotenvSource);
            sources.Insert(index, yaml);
        }

        return (profile, file);
    }

    /// <summary>The nearest <c>configs</c> folder with a profile file, walking up from a few starting points.</summary>
    public static string? FindConfigsDirectory(string contentRoot)
    {
        foreach (var start in new[] { contentRoot, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "configs");
                if (File.Exists(Path.Combine(candidate, "config.paper.yaml")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
