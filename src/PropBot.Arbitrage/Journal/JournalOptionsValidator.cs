using System.Globalization;
using Microsoft.Extensions.Options;

namespace PropBot.Arbitrage.Journal;

/// <summary>Cross-field rules of <see cref="JournalOptions"/>; messages name the configuration key.</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    private const string Prefix = JournalOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(JournalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add($"{Prefix}:database_path must not be empty, was '{options.DatabasePath}'");
        }

        if (options.RetryInitialDelay > options.RetryMaxDelay)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}:retry_initial_delay must be <= retry_max_delay ({options.RetryMaxDelay}), was {options.RetryInitialDelay}"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var hook = options.Webhooks[i];
            var key = $"{Prefix}:webhooks:{i}";
            if (!IsValidName(hook.Name))
            {
                errors.Add($"{key}:name must be 1-64 letters, digits, '-' or '_', was '{hook.Name}'");
            }
            else if (!names.Add(hook.Name))
            {
                errors.Add($"{key}:name must be unique, was '{hook.Name}'");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}:url must be an absolute http(s) URL, was '{hook.Url}'");
            }

            if (hook.Timeout <= TimeSpan.Zero)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:timeout must be > 0, was {hook.Timeout}"));
            }
        }

        return errors;
    }

    internal static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
