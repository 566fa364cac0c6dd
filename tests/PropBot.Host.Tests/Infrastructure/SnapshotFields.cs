namespace PropBot.Host.Tests.Infrastructure;

/// <summary>Fields that differ between runs even with a fixed seed and a fake clock.</summary>
public static class Ignore
{
    public static Snapshooter.MatchOptions Ids(Snapshooter.MatchOptions o) => o
        .IgnoreAllFields("execution_id")
        .IgnoreAllFields("client_order_id")
        .IgnoreAllFields("correlation_id")
        .IgnoreAllFields("journal_seq")
        .IgnoreAllFields("trace_id")
        .IgnoreAllFields("incident_id")
        .IgnoreAllFields("executionId")
        .IgnoreAllFields("ping_ms");

    /// <summary>Ids plus rate-limit usage: which endpoints the host's background services had called, and how often,
    /// before the snapshot depends on scheduling, not on behaviour (rate-limit reporting has its own tests).</summary>
    public static Snapshooter.MatchOptions IdsAndUsage(Snapshooter.MatchOptions o) => Ids(o).IgnoreAllFields("used").IgnoreAllFields("rate_limits");

    /// <summary>Ids plus the approval times of a call made while the fake clock runs (see HostFactory.WithClockRunningAsync).</summary>
    public static Snapshooter.MatchOptions IdsAndApprovalTimes(Snapshooter.MatchOptions o) => Ids(o).IgnoreAllFields("approved_at").IgnoreAllFields("expires_at");
}

/// <summary>Wire JSON re-indented for readable snapshots (values and property order unchanged).</summary>
public static class Wire
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pretty(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(Indented);
}
