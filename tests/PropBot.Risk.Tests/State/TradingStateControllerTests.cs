using Microsoft.Extensions.Time.Testing;
using PropBot.Risk.Tests.Support;

namespace PropBot.Risk.Tests.State;

public class TradingStateControllerTests
{
    private readonly FakeTimeProvider time = new(RiskKit.Start);

    [Fact]
    public void Ctor_Ok()
    {
        var c = new TradingStateController(time);
        c.State.ShouldBe(TradingState.Active);
        c.LastChange.ShouldBeNull();
        c.ActiveConditions.ShouldBeEmpty();
    }

    [Fact]
    public void Escalate_Tighter_ChangesAndRaisesEventWithReasonActorTime()
    {
        var c = new TradingStateController(time);
        var seen = new List<TradingStateChanged>();
        c.Changed += seen.Add;
        time.Advance(TimeSpan.FromSeconds(3));

        c.Escalate(TradingState.Reducing, "RISK_TEST", "because", "alice").ShouldBeTrue();

        c.State.ShouldBe(TradingState.Reducing);
        var change = seen.ShouldHaveSingleItem();
        change.ShouldBe(new TradingStateChanged(TradingState.Active, TradingState.Reducing, "RISK_TEST", "because", "alice", RiskKit.Start.AddSeconds(3)));
        c.LastChange.ShouldBe(change);
    }

    [Fact]
    public void Escalate_Looser_NeverLoosens()
    {
        var c = new TradingStateController(time);
        c.Escalate(TradingState.Halted, "hold", "alice");
        var seen = 0;
        c.Changed += _ => seen++;

        c.Escalate(TradingState.Reducing, "looser", "bob").ShouldBeFalse();
        c.Escalate(TradingState.Active, "looser", "bob").ShouldBeFalse();

        c.State.ShouldBe(TradingState.Halted);
        seen.ShouldBe(0);
    }

    [Fact]
    public void Escalate_ThreeArguments_UsesManualEscalationCode()
    {
        var c = new TradingStateController(time);
        c.Escalate(TradingState.Halted, "hold", "alice");
        c.LastChange!.Code.ShouldBe(TradingStateChangeCodes.ManualEscalation);
    }

    [Theory]
    [InlineData("", "reason", TradingStateResetCodes.MissingOperator)]
    [InlineData("  ", "reason", TradingStateResetCodes.MissingOperator)]
    [InlineData("alice", "", TradingStateResetCodes.MissingReason)]
    [InlineData("alice", " ", TradingStateResetCodes.MissingReason)]
    public void Reset_MissingIdentityOrReason_RefusedAndStillHalted(string operatorId, string reason, string code)
    {
        var c = new TradingStateController(time);
        c.Escalate(TradingState.Halted, "hold", "alice");

        var result = c.Reset(operatorId, reason);

        result.Succeeded.ShouldBeFalse();
        result.Code.ShouldBe(code);
        result.State.ShouldBe(TradingState.Halted);
        c.State.ShouldBe(TradingState.Halted);
    }

    [Fact]
    public void Reset_WithIdentityAndReason_ClearsHold()
    {
        var c = new TradingStateController(time);
        c.Escalate(TradingState.Halted, "hold", "alice");

        var result = c.Reset("bob", "checked venues, positions flat");

        result.Succeeded.ShouldBeTrue();
        result.Code.ShouldBeNull();
        result.State.ShouldBe(TradingState.Active);
        result.Message.ShouldBe("Reset by bob: trading state is Active.");
        c.LastChange!.ShouldBe(new TradingStateChanged(TradingState.Halted, TradingState.Active, TradingStateChangeCodes.ManualReset, "checked venues, positions flat", "bob", RiskKit.Start));
    }

    [Fact]
    public void Reset_ConditionStillActive_StaysReducing()
    {
        var c = new TradingStateController(time);
        c.SetCondition("margin:okx_perp", TradingState.Reducing, RiskDenialCodes.MarginHeadroom, "stress", RiskActors.MarginHeadroom);
        c.Escalate(TradingState.Halted, "hold", "alice");

        var result = c.Reset("bob", "reviewed");

        result.Succeeded.ShouldBeTrue();
        result.State.ShouldBe(TradingState.Reducing);
        result.RemainingConditions.ShouldBe(["margin:okx_perp"]);
        result.Message.ShouldBe("Reset by bob: trading state is Reducing while conditions remain: margin:okx_perp.");
    }

    [Fact]
    public void Condition_SetAndClear_ReducingThenActive()
    {
        var c = new TradingStateController(time);
        c.SetCondition("delta:BTC-USDT-PERP", TradingState.Reducing, RiskDenialCodes.DeltaLimit, "breach", RiskActors.DeltaMonitor);
        c.State.ShouldBe(TradingState.Reducing);
        c.IsConditionActive("delta:BTC-USDT-PERP").ShouldBeTrue();
        c.LastChange!.Code.ShouldBe(RiskDenialCodes.DeltaLimit);

        c.ClearCondition("delta:BTC-USDT-PERP", "back within", RiskActors.DeltaMonitor).ShouldBeTrue();

        c.State.ShouldBe(TradingState.Active);
        c.LastChange!.Code.ShouldBe(TradingStateChangeCodes.ConditionCleared);
        c.ClearCondition("delta:BTC-USDT-PERP", "again", RiskActors.DeltaMonitor).ShouldBeFalse();
    }

    [Fact]
    public void Condition_ClearedWhileLatched_StaysLatched()
    {
        var c = new TradingStateController(time);
        c.SetCondition("snapshot_diff", TradingState.Reducing, RiskDenialCodes.SnapshotMismatch, "mismatch", RiskActors.SnapshotDiff);
        c.Escalate(TradingState.Halted, TradingStateChangeCodes.KillSwitch, "kill", "alice");

        c.ClearCondition("snapshot_diff", "agree", RiskActors.SnapshotDiff);

        c.State.ShouldBe(TradingState.Halted);
    }

    [Fact]
    public void Condition_TwoActive_ActiveOnlyWhenBothCleared()
    {
        var c = new TradingStateController(time);
        c.SetCondition("a", TradingState.Reducing, "X", "r", "t");
        c.SetCondition("b", TradingState.Reducing, "Y", "r", "t");
        c.ClearCondition("a", "r", "t");
        c.State.ShouldBe(TradingState.Reducing);
        c.ClearCondition("b", "r", "t");
        c.State.ShouldBe(TradingState.Active);
    }
}
