using System.Diagnostics.Metrics;

namespace PropBot.Arbitrage.Journal;

/// <summary>Journal, outbox and recovery instruments on the <c>PropBot.Arbitrage</c> meter.</summary>
internal sealed class JournalMetrics
{
    public const string MeterName = "PropBot.Arbitrage";
    private const string SubscriberTag = "subscriber";
    private const string OutcomeTag = "outcome";

    private readonly Counter<long> _outboxDelivered;
    private readonly Counter<long> _outboxFailed;
    private readonly Counter<long> _integrityFailures;
    private readonly Counter<long> _recovered;

    public JournalMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _outboxDelivered = meter.CreateCounter<long>("propbot.arbitrage.outbox.delivered", "{record}", "Outbox records acknowledged by a subscriber.");
        _outboxFailed = meter.CreateCounter<long>("propbot.arbitrage.outbox.failed_attempts", "{attempt}", "Failed outbox delivery attempts (retried).");
        _integrityFailures = meter.CreateCounter<long>("propbot.arbitrage.journal.integrity_failures", "{check}", "Journal integrity checks that found damage.");
        _recovered = meter.CreateCounter<long>("propbot.arbitrage.recovery.executions", "{execution}", "Unfinished executions brought to an end by crash recovery.");
    }

    public void OutboxDelivered(string subscriber)
    {
        if (_outboxDelivered.Enabled)
        {
            _outboxDelivered.Add(1, new KeyValuePair<string, object?>(SubscriberTag, subscriber));
        }
    }

    public void OutboxFailed(string subscriber)
    {
        if (_outboxFailed.Enabled)
        {
            _outboxFailed.Add(1, new KeyValuePair<string, object?>(SubscriberTag, subscriber));
        }
    }

    public void IntegrityFailure() => _integrityFailures.Add(1);

    public void Recovered(string outcome)
    {
        if (_recovered.Enabled)
        {
            _recovered.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }
}
