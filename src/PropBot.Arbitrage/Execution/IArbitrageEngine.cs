namespace PropBot.Arbitrage;

/// <summary>The arbitrage engine: previews edges and runs executions through the two-leg state machine.</summary>
public interface IArbitrageEngine
{
    /// <summary>Configured pairs.</summary>
    IReadOnlyList<ArbPair> Pairs { get; }

    /// <summary>
    /// Reads both venues (books, filters, fees, funding, latency, posture) and returns the edge with its per-term
    /// breakdown, the preflight checks and the plan, without sending orders. <paramref name="quantity"/> null uses
    /// the pair's <c>max_quantity</c> or <c>default_quantity</c>, capped by depth and risk headroom.
    /// </summary>
    Task<ArbPreview> PreviewAsync(ArbPair pair, decimal? quantity = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one execution. With <paramref name="dryRun"/> (SAFE_MODE) the same machine runs with simulated fills from
    /// the latest books and the venues' test-order routes, and the report carries the plan and projected PnL.
    /// Never throws for expected failures: the report carries the outcome and a stable reason code.
    /// <paramref name="cancellationToken"/> only cancels before leg A is sent; after that the execution always
    /// finishes (hedged, rescued or incident).
    /// </summary>
    Task<ArbExecutionReport> ExecuteAsync(ArbPair pair, decimal? quantity = null, bool dryRun = true, CancellationToken cancellationToken = default);

    /// <summary>Live statistics for System Status.</summary>
    ArbitrageStats GetStats();

    /// <summary>Whether the engine is halted after an incident (new executions are refused until <see cref="ResetHalt"/>).</summary>
    bool IsHalted { get; }

    /// <summary>Manual reset after an incident has been investigated.</summary>
    void ResetHalt();
}
