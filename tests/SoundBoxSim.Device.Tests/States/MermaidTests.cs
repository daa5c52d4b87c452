namespace SoundBoxSim.Device.Tests.States;

public sealed class MermaidTests
{
    [Fact]
    public void ToMermaid_SmallTable_DrawsRowsInDeclarationOrder()
    {
        var definition = Toy.Builder()
            .PermitIf(ToyState.Off, ToyTrigger.MainsOn, ToyState.Idle, c => c.Battery > 0, "battery above 0 %")
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
            .Ignore(ToyState.Off, ToyTrigger.Tick)
            .Internal(ToyState.Idle, ToyTrigger.Tick, c => c.Battery--)
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Payment, ToyState.Speaking)
            .PermitFromAll(ToyTrigger.Error, ToyState.Fault, ToyState.Off, ToyState.Pairing)
            .Build();

        var diagram = definition.ToMermaid(ToyState.Off);

        const string Expected = """
            stateDiagram-v2
                [*] --> Off
                Off --> Idle : MainsOn [battery above 0 %]
                Off --> Idle : PowerPressed
                Idle --> Idle : Tick (internal)
                Idle --> Speaking : Payment
                Speaking --> Speaking : Payment
                Idle --> Fault : Error
                Speaking --> Fault : Error

            """;
        Assert.Equal(Expected.ReplaceLineEndings("\n"), diagram);
    }

    [Fact]
    public void ToMermaid_MultiLineGuard_StaysOnOneLine()
    {
        var definition = Toy.Builder()
            .PermitIf(ToyState.Off, ToyTrigger.MainsOn, ToyState.Idle, c => c.Battery > 0, "battery\nabove 0 %")
            .Build();

        var diagram = definition.ToMermaid(ToyState.Off);

        Assert.Equal("stateDiagram-v2\n    [*] --> Off\n    Off --> Idle : MainsOn [battery above 0 %]\n", diagram);
    }
}
