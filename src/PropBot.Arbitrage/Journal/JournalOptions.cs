using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace PropBot.Arbitrage.Journal;

/// <summary>Options of the journal, outbox and crash recovery (config section <c>derivatives:journal</c>).</summary>
public sealed class JournalOptions
{
    /// <summary>Configuration section, relative to the configuration root.</summary>
    public const string SectionName = "derivatives:journal";

    /// <summary>Path of the SQLite database file (created when missing).</summary>
    [Required(ErrorMessage = "derivatives:journal:database_path is required")]
    [ConfigurationKeyName("database_path")]
    public string DatabasePath { get; set; } = JournalConstants.DefaultDatabasePath;

    /// <summary>How often the outbox dispatcher looks for records when it was not woken by an append.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "derivatives:journal:outbox_poll_interval must be 00:00:00.010 to 01:00:00")]
    [ConfigurationKeyName("outbox_poll_interval")]
    public TimeSpan OutboxPollInterval { get; set; } = JournalConstants.DefaultOutboxPollInterval;

    /// <summary>First retry delay after a failed delivery; doubled per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "derivatives:journal:retry_initial_delay must be 00:00:00.001 to 01:00:00")]
    [ConfigurationKeyName("retry_initial_delay")]
    public TimeSpan RetryInitialDelay { get; set; } = JournalConstants.DefaultRetryInitialDelay;

    /// <summary>Largest retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "derivatives:journal:retry_max_delay must be 00:00:00.001 to 1.00:00:00")]
    [ConfigurationKeyName("retry_max_delay")]
    public TimeSpan RetryMaxDelay { get; set; } = JournalConstants.DefaultRetryMaxDelay;

    /// <summary>Records read per outbox batch.</summary>
    [Range(1, 10_000, ErrorMessage = "derivatives:journal:outbox_batch_size must be 1 to 10000")]
    [ConfigurationKeyName("outbox_batch_size")]
    public int OutboxBatchSize { get; set; } = JournalConstants.DefaultOutboxBatchSize;

    /// <summary>HTTP webhook sinks of the outbox.</summary>
    [ConfigurationKeyName("webhooks")]
    public IList<WebhookOptions> Webhooks { get; } = [];

    /// <summary>Whether crash recovery runs at start (default true).</summary>
    [ConfigurationKeyName("recovery_enabled")]
    public bool RecoveryEnabled { get; set; } = true;

    /// <summary>
    /// Largest cross-venue delta (USD at mark) recovery accepts on a pair after bringing an execution to an end;
    /// above it the execution ends as an incident and trading holds.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "derivatives:journal:recovery_delta_tolerance_usd must be 0 to 1000000")]
    [ConfigurationKeyName("recovery_delta_tolerance_usd")]
    public decimal RecoveryDeltaToleranceUsd { get; set; } = JournalConstants.DefaultRecoveryDeltaToleranceUsd;

    /// <summary>Attempts of one venue read during recovery when it fails transiently (rate limit, timeout, 5xx).</summary>
    [Range(1, 20, ErrorMessage = "derivatives:journal:recovery_read_attempts must be 1 to 20")]
    [ConfigurationKeyName("recovery_read_attempts")]
    public int RecoveryReadAttempts { get; set; } = JournalConstants.DefaultRecoveryReadAttempts;

    /// <summary>Pause before retrying a transiently failed venue read during recovery (doubled per attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "derivatives:journal:recovery_read_retry_delay must be 00:00:00 to 00:01:00")]
    [ConfigurationKeyName("recovery_read_retry_delay")]
    public TimeSpan RecoveryReadRetryDelay { get; set; } = JournalConstants.DefaultRecoveryReadRetryDelay;
}

/// <summary>One HTTP webhook sink of the outbox.</summary>
public sealed class WebhookOptions
{
    /// <summary>Subscriber name (its delivery cursor is stored under it); letters, digits, <c>-</c>, <c>_</c>.</summary>
    [Required]
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Absolute http(s) URL the records are POSTed to.</summary>
    [Required]
    [ConfigurationKeyName("url")]
    public string Url { get; set; } = string.Empty;

    /// <summary>Timeout of one delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    [ConfigurationKeyName("timeout")]
    public TimeSpan Timeout { get; set; } = JournalConstants.DefaultWebhookTimeout;
}

internal static class JournalConstants
{
    public const string DefaultDatabasePath = "propbot-journal.db";
    public const int DefaultOutboxBatchSize = 100;
    public const decimal DefaultRecoveryDeltaToleranceUsd = 200m;
    public const int DefaultRecoveryReadAttempts = 3;
    public static readonly TimeSpan DefaultRecoveryReadRetryDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultOutboxPollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultRetryInitialDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultWebhookTimeout = TimeSpan.FromSeconds(10);
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    public const string Redacted = "***";
}
