namespace PropBot.Arbitrage.Tests.StateMachine;

/// <summary>The exported graphs are snapshot-tested (the code is the source; docs/state-machine.md embeds them).</summary>
public sealed class ArbStateMachineDiagramTests
{
    [Fact]
    public void ToDot_Graph_MatchesSnapshot()
    {
        ArbStateMachineDiagram.ToDot().MatchSnapshot();
    }

    [Fact]
    public void ToMermaid_Graph_MatchesSnapshot()
    {
        ArbStateMachineDiagram.ToMermaid().MatchSnapshot();
    }
}
