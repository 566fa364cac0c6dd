using System.Security.Cryptography;
using System.Text;
using PropBot.Host.Configuration;
using PropBot.Host.Journal;
using PropBot.Host.Services;

namespace PropBot.Host.Live;

internal sealed record ApprovalView(string Operator, DateTimeOffset ApprovedAt, DateTimeOffset ExpiresAt, string ConfigHash, bool Valid);

internal sealed record LiveGateStatus(
    string Profile,
    bool SafeMode,
    bool Armed,
    DateTimeOffset? ArmedAt,
    bool LiveOrdersEnabled,
    int RequiredApprovals,
    int ApprovalWindowMinutes,
    string ConfigHash,
    IReadOnlyList<ApprovalView> Approvals,
    IReadOnlyList<CheckResult> Preflight,
    IReadOnlyList<string> Reasons);

/// <summary>
/// The two-man rule for going live: profile <c>live</c> with SAFE_MODE=false arms only after approvals from
/// <c>live:required_approvals</c> distinct operators within <c>live:approval_window_minutes</c> and a passing
/// preflight. Approvals, revocations and the switch are journaled. Paper and testnet profiles trade whenever
/// SAFE_MODE is off (emulator or venue test environments).
/// </summary>
internal sealed class LiveGate
{
    private readonly HostSettings _settings;
    private readonly PreflightService _preflight;
    private readonly TradingStateService _tradingState;
    private readonly IHostJournal _journal;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(string Operator, DateTimeOffset At, string Hash)> _approvals = [];
    private IReadOnlyList<CheckResult> _lastPreflight = [];
    private DateTimeOffset? _armedAt;

    public LiveGate(HostSettings settings, PreflightService preflight, TradingStateService tradingState, IHostJournal journal, TimeProvider timeProvider)
    {
        _settings = settings;
        _preflight = preflight;
        _tradingState = tradingState;
        _journal = journal;
        _time = timeProvider;
        ConfigHash = ComputeConfigHash(settings);
        tradingState.Changed += s =>
        {
            if (s.State == HostTradingState.Halted && _armedAt is not null)
            {
                _armedAt = null;
                _ = _journal.AppendAsync(new HostJournalEntry { Kind = "live.disarmed", Severity = "warn", Actor = s.ChangedBy, Message = "Live trading disarmed by the kill switch." });
            }
        };
    }

    public string ConfigHash { get; }

    public bool IsLiveProfile => _settings.Profile == "live";

    public bool Armed => _armedAt is not null;

    /// <summary>Whether orders may go to the venues: SAFE_MODE off, and in the live profile the gate armed.</summary>
    public bool LiveOrdersEnabled => !_settings.SafeMode && (!IsLiveProfile || Armed);

    /// <summary>Why orders are dry-run only, or null when they are enabled.</summary>
    public string? DryRunReason => _settings.SafeMode ? "SAFE_MODE" : IsLiveProfile && !Armed ? "LIVE_NOT_ARMED" : null;

    public async Task<LiveGateStatus> ApproveAsync(string operatorName, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var duplicate = _approvals.Any(a => a.Operator == operatorName && IsValid(a.At, now));
            _approvals.RemoveAll(a => a.Operator == operatorName);
            _approvals.Add((operatorName, now, ConfigHash));
            await _journal.AppendAsync(new HostJournalEntry
            {
                Kind = "live.approval",
                Actor = operatorName,
                Message = duplicate ? $"{operatorName} renewed the live approval." : $"{operatorName} approved going live.",
            }, new { config_hash = ConfigHash, profile = _settings.Profile }, cancellationToken).ConfigureAwait(false);
            return await EvaluateLockedAsync(operatorName, runPreflight: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<LiveGateStatus> RevokeAsync(string operatorName, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = _approvals.RemoveAll(a => a.Operator == operatorName);
            await _journal.AppendAsync(new HostJournalEntry
            {
                Kind = "live.revocation",
                Severity = "warn",
                Actor = operatorName,
                Message = removed > 0 ? $"{operatorName} revoked the live approval." : $"{operatorName} revoked (no approval was held).",
            }, null, cancellationToken).ConfigureAwait(false);
            if (_armedAt is not null)
            {
                _armedAt = null;
                await _journal.AppendAsync(new HostJournalEntry { Kind = "live.disarmed", Severity = "warn", Actor = operatorName, Message = "Live trading disarmed: an approval was revoked." }, null, cancellationToken).ConfigureAwait(false);
            }

            return await EvaluateLockedAsync(operatorName, runPreflight: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<LiveGateStatus> GetStatusAsync(bool runPreflight, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await EvaluateLockedAsync(null, runPreflight, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The status without touching the venues (for System Status).</summary>
    public LiveGateStatus Peek() => Build(_time.GetUtcNow(), _lastPreflight);

    private async Task<LiveGateStatus> EvaluateLockedAsync(string? actor, bool runPreflight, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (runPreflight)
        {
            var postures = await _preflight.PostureAllAsync(cancellationToken).ConfigureAwait(false);
            var checks = _preflight.VenueChecks(postures);
            checks.Add(_preflight.RiskLimitsCheck());
            checks.AddRange(await _preflight.KeyChecksAsync(cancellationToken).ConfigureAwait(false));
            _lastPreflight = checks;
        }

        var status = Build(now, _lastPreflight);
        var canArm = IsLiveProfile && !_settings.SafeMode && _tradingState.Current.State != HostTradingState.Halted
            && DistinctValid(now) >= _settings.Live.RequiredApprovals && _lastPreflight.Count > 0 && _lastPreflight.All(c => c.Passed);
        if (canArm && _armedAt is null && actor is not null)
        {
            _armedAt = now;
            await _journal.AppendAsync(new HostJournalEntry
            {
                Kind = "live.armed",
                Severity = "warn",
                Actor = actor,
                Message = $"Live trading armed by {string.Join(" + ", _approvals.Where(a => IsValid(a.At, now)).Select(a => a.Operator))}.",
            }, new { config_hash = ConfigHash }, cancellationToken).ConfigureAwait(false);
            status = Build(now, _lastPreflight);
        }

        return status;
    }

    private LiveGateStatus Build(DateTimeOffset now, IReadOnlyList<CheckResult> preflight)
    {
        var window = TimeSpan.FromMinutes(_settings.Live.ApprovalWindowMinutes);
        var approvals = _approvals
            .OrderBy(a => a.At)
            .Select(a => new ApprovalView(a.Operator, a.At, a.At + window, a.Hash, IsValid(a.At, now) && a.Hash == ConfigHash))
            .ToList();
        var reasons = new List<string>();
        if (!Armed)
        {
            if (_settings.SafeMode)
            {
                reasons.Add("SAFE_MODE is on: every order is a dry run.");
            }

            if (!IsLiveProfile)
            {
                reasons.Add($"Profile is {_settings.Profile}: the two-man rule applies to the live profile only.");
            }
            else
            {
                var distinct = DistinctValid(now);
                if (distinct < _settings.Live.RequiredApprovals)
                {
                    reasons.Add($"APPROVALS_INSUFFICIENT: {distinct} of {_settings.Live.RequiredApprovals} distinct operators approved within {_settings.Live.ApprovalWindowMinutes} min.");
                }

                if (preflight.Count == 0)
                {
                    reasons.Add("PREFLIGHT_NOT_RUN: approve or GET /api/live/approvals?preflight=true to run it.");
                }
                else if (preflight.Any(c => !c.Passed))
                {
                    reasons.Add($"PREFLIGHT_FAILED: {string.Join(", ", preflight.Where(c => !c.Passed).Select(c => c.Name))}.");
                }

                if (_tradingState.Current.State == HostTradingState.Halted)
                {
                    reasons.Add("TRADING_HALTED: reset the kill switch first.");
                }
            }
        }

        return new LiveGateStatus(_settings.Profile, _settings.SafeMode, Armed, _armedAt, LiveOrdersEnabled, _settings.Live.RequiredApprovals,
            _settings.Live.ApprovalWindowMinutes, ConfigHash, approvals, preflight, reasons);
    }

    private int DistinctValid(DateTimeOffset now) =>
        _approvals.Where(a => IsValid(a.At, now) && a.Hash == ConfigHash).Select(a => a.Operator).Distinct(StringComparer.Ordinal).Count();

    private bool IsValid(DateTimeOffset at, DateTimeOffset now) => now - at <= TimeSpan.FromMinutes(_settings.Live.ApprovalWindowMinutes);

    private static string ComputeConfigHash(HostSettings s)
    {
        var text = new StringBuilder();
        text.Append(s.Profile).Append('|');
        foreach (var v in s.Derivatives.Venues)
        {
            text.Append(v.Id).Append(',').Append(string.Join(";", v.Symbols)).Append(',').Append(v.Leverage).Append(',').Append(v.MarginType).Append(',').Append(v.PositionMode).Append(',').Append(v.Routing.Rest).Append('|');
        }

        foreach (var p in s.Derivatives.Arbitrage.Pairs)
        {
            text.Append(p.Id).Append('|');
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{s.Derivatives.Arbitrage.MinEdgeBps}|{s.Risk.NotionalCaps.PerSymbolUsd}|{s.Risk.NotionalCaps.PerVenueUsd}|{s.Risk.NotionalCaps.TotalUsd}|{s.Risk.CrossVenueDeltaAbsMaxUsd}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
