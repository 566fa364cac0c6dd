using Xunit;

namespace PropBot.TestKit;

/// <summary>
/// A fact that needs real venue credentials from environment variables; skipped with a visible reason naming the
/// missing variables when any is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LiveVenueFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="environmentVariables">Variables that must all be set (e.g. <c>BINANCE_UM_API_KEY_TESTNET</c>).</param>
    public LiveVenueFactAttribute(params string[] environmentVariables)
    {
        EnvironmentVariables = environmentVariables;
        var missing = environmentVariables.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToArray();
        if (missing.Length > 0)
        {
            Skip = $"Live venue test skipped: set {string.Join(", ", missing)} to run it.";
        }
    }

    /// <summary>The required variables.</summary>
    public IReadOnlyList<string> EnvironmentVariables { get; }
}
