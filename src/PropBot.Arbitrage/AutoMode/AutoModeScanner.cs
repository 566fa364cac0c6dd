using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropBot.Arbitrage.Journal;
using PropBot.Risk;

namespace PropBot.Arbitrage.AutoMode;

/// <summary>What one scan decided for one pair.</summary>
public enum AutoModeDecision
{
    /// <summary>An execution was started.</summary>
    Executed,

    /// <summary>An execution of this pair is still running.</summary>
    PairBusy,

    /// <summary>Crash recovery has not finished, or it requires HOLD.</summary>
    RecoveryHold,

    /// <summary>Trading is not <see cref="TradingState.Active"/> (HOLD or Reducing) or the engine is halted.</summary>
    TradingNotActive,

    /// <summary>A preflight check failed (funding window, stale book, caps, …).</summary>
    PreflightFailed,

    /// <summary>The predicted net edge is below <c>min_edge_bps</c>.</summary>
    EdgeBelowMinimum,
}

/// <summary>
/// Auto mode (issue 8): a hosted scanner that previews every configured pair and starts an execution when the predicted
/// net edge is at least <c>min_edge_bps</c> and every preflight check passes (risk headroom, funding window, …); never
/// two executions at once on one pair, never while crash recovery is unfinished or requires HOLD, and never while the
/// trading state is HOLD/Reducing or the engine is halted. On by default only in the paper profile, and dry-run unless
/// configured otherwise.
/// </summary>
public sealed class AutoModeScanner : BackgroundService
{
    private readonly IArbitrageEngine _engine;
    private readonly AutoModeOptions _options;
    private readonly IOptions<ArbitrageOptions> _arbitrageOptions;
    private readonly TimeProvider _timeProvider;
    private readonly IRecoveryStatus? _recovery;
    private readonly ITradingStateController? _tradingState;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Creates the scanner.</summary>
    public AutoModeScanner(
        IArbitrageEngine engine,
        IOptions<AutoModeOptions> options,
        IOptions<ArbitrageOptions> arbitrageOptions,
        TimeProvider? timeProvider = null,
        IRecoveryStatus? recovery = null,
        ITradingStateController? tradingState = null,
        ILogger<AutoModeScanner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(arbitrageOptions);
        _engine = engine;
        _options = options.Value;
        _arbitrageOptions = arbitrageOptions;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _recovery = recovery;
        _tradingState = tradingState;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Executions started by this scanner that are still running, by pair name.</summary>
    public int RunningCount => _running.Count(r => !r.Value.IsCompleted);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.IsEnabled)
        {
            _logger.LogInformation("Auto mode is off (profile {Profile})", _options.Profile);
            return;
        }

        if (_recovery is not null)
        {
            // No new execution before crash recovery has brought every unfinished one to an end.
            await _recovery.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        _logger.LogInformation("Auto mode on (profile {Profile}, dry run {DryRun})", _options.Profile, _options.DryRun);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.ScanInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Auto-mode scan failed");
                await Task.Delay(_options.ScanInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(30), _timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Scans every pair once and returns the decision per pair name (started executions keep running).</summary>
    internal async Task<IReadOnlyDictionary<string, AutoModeDecision>> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var decisions = new Dictionary<string, AutoModeDecision>(StringComparer.Ordinal);
        foreach (var pair in _engine.Pairs)
        {
            decisions[pair.Name] = await ScanPairAsync(pair, cancellationToken).ConfigureAwait(false);
        }

        return decisions;
    }

    private async Task<AutoModeDecision> ScanPairAsync(ArbPair pair, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(pair.Name, out var running) && !running.IsCompleted)
        {
            return AutoModeDecision.PairBusy;
        }

        var blocked = Blocked();
        if (blocked is not null)
        {
            return blocked.Value;
        }

        var preview = await _engine.PreviewAsync(pair, _options.Quantity, cancellationToken).ConfigureAwait(false);
        if (preview.Edge.NetBps < _arbitrageOptions.Value.MinEdgeBps)
        {
            return AutoModeDecision.EdgeBelowMinimum;
        }

        if (!preview.Passed || !preview.Edge.IsTradable)
        {
            _logger.LogDebug("Auto mode: {Pair} not opened ({Reason})", pair, preview.ReasonCode ?? preview.Edge.NotTradableReason.Code());
            return AutoModeDecision.PreflightFailed;
        }

        // The state may have changed while previewing.
        blocked = Blocked();
        if (blocked is not null)
        {
            return blocked.Value;
        }

        _logger.LogInformation("Auto mode: executing {Pair} at predicted net edge {NetBps} bps", pair, preview.Edge.NetBps);
        _running[pair.Name] = Task.Run(() => RunAsync(pair), CancellationToken.None);
        return AutoModeDecision.Executed;
    }

    private AutoModeDecision? Blocked()
    {
        if (_recovery is not null && (!_recovery.Completion.IsCompletedSuccessfully || _recovery.Completion.GetAwaiter().GetResult().HoldRequired))
        {
            return AutoModeDecision.RecoveryHold;
        }

        if (_engine.IsHalted || (_tradingState is not null && _tradingState.State != TradingState.Active))
        {
            return AutoModeDecision.TradingNotActive;
        }

        return null;
    }

    private async Task RunAsync(ArbPair pair)
    {
        try
        {
            // Not cancelled by shutdown: once started an execution always finishes (hedged, rescued or incident).
            var report = await _engine.ExecuteAsync(pair, _options.Quantity, _options.DryRun, CancellationToken.None).ConfigureAwait(false);
            _logger.LogInformation("Auto mode: {Pair} execution {ExecutionId} ended {Outcome}", pair, report.ExecutionId, report.Outcome.Code());
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Auto mode: execution of {Pair} failed", pair);
        }
    }
}
