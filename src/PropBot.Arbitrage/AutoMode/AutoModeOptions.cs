using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace PropBot.Arbitrage.AutoMode;

/// <summary>Options of the auto-mode scanner (config section <c>derivatives:auto_mode</c>).</summary>
public sealed class AutoModeOptions
{
    /// <summary>Configuration section, relative to the configuration root.</summary>
    public const string SectionName = "derivatives:auto_mode";

    /// <summary>The paper profile (the only one where auto mode is on by default).</summary>
    public const string PaperProfile = "paper";

    /// <summary>Deployment profile: <c>paper</c>, <c>testnet</c> or <c>live</c>.</summary>
    [Required(ErrorMessage = "derivatives:auto_mode:profile is required")]
    [ConfigurationKeyName("profile")]
    public string Profile { get; set; } = PaperProfile;

    /// <summary>Explicit switch; when unset, auto mode is on only in the <c>paper</c> profile.</summary>
    [ConfigurationKeyName("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>Whether executions are SAFE_MODE dry runs (default true; live orders need an explicit false).</summary>
    [ConfigurationKeyName("dry_run")]
    public bool DryRun { get; set; } = true;

    /// <summary>Pause between two scans of all pairs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "derivatives:auto_mode:scan_interval must be 00:00:00.050 to 01:00:00")]
    [ConfigurationKeyName("scan_interval")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Quantity per execution (base asset); null uses the engine's pair default and caps.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000", ErrorMessage = "derivatives:auto_mode:quantity must be > 0")]
    [ConfigurationKeyName("quantity")]
    public decimal? Quantity { get; set; }

    /// <summary>Whether the scanner runs with these options.</summary>
    public bool IsEnabled => Enabled ?? string.Equals(Profile, PaperProfile, StringComparison.OrdinalIgnoreCase);
}
