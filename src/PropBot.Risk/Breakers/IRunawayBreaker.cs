namespace PropBot.Risk;

/// <summary>
/// Runaway breaker: sliding one-minute counters of places, cancels and rescues, and the fill-mismatch ratio of
/// two-leg executions. Exceeding a limit trips it: trading goes to Halted (HOLD) with an incident, and only a manual
/// <see cref="ITradingStateController.Reset"/> clears it. Record calls are allocation-free and thread-safe.
/// </summary>
public interface IRunawayBreaker
{
    /// <summary>Whether the breaker has tripped since the last manual reset.</summary>
    bool IsTripped { get; }

    /// <summary>Records an order placed (sent to a venue).</summary>
    void RecordPlace();

    /// <summary>Records a cancel sent.</summary>
    void RecordCancel();

    /// <summary>Records a rescue (hedge-out after a failed or short leg).</summary>
    void RecordRescue();

    /// <summary>Records the outcome of a two-leg execution: whether the legs' filled quantities differ.</summary>
    void RecordFillOutcome(bool mismatch);

    /// <summary>Counts in the current sliding minute.</summary>
    RunawayBreakerSnapshot GetSnapshot();
}

/// <summary>Counts of the runaway breaker in the current sliding minute.</summary>
/// <param name="Places">Orders placed.</param>
/// <param name="Cancels">Cancels sent.</param>
/// <param name="Rescues">Rescues.</param>
/// <param name="FillOutcomes">Two-leg executions judged.</param>
/// <param name="FillMismatches">Of which with mismatched fills.</param>
/// <param name="IsTripped">Whether the breaker is tripped.</param>
public readonly record struct RunawayBreakerSnapshot(int Places, int Cancels, int Rescues, int FillOutcomes, int FillMismatches, bool IsTripped)
{
    /// <summary>Mismatches / outcomes (0 when none).</summary>
    public decimal FillMismatchRatio => FillOutcomes == 0 ? 0m : (decimal)FillMismatches / FillOutcomes;
}
