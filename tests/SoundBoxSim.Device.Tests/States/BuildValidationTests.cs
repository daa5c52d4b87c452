namespace SoundBoxSim.Device.Tests.States;

public sealed class BuildValidationTests
{
    [Fact]
    public void Build_RowAfterUnguardedPermit_ThrowsNamingTheUnreachableRow()
    {
        var builder = Toy.Builder()
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
            .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Pairing, c => c.Battery > 80, "battery above 80 %");

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal(
            "In state 'Off', the unguarded row 'Off --> Idle : PowerPressed' always handles 'PowerPressed', so these later rows can never run: Off --> Pairing : PowerPressed [battery above 80 %].",
            error.Message);
    }

    [Fact]
    public void Build_IgnoreDeclaredTwice_ThrowsAsUnreachable()
    {
        var builder = Toy.Builder().Ignore(ToyState.Off, ToyTrigger.Tick).Ignore(ToyState.Off, ToyTrigger.Tick);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("can never run: Off : Tick (ignored)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_IgnoreMixedWithPermit_ThrowsNamingStateAndTrigger(bool ignoreFirst)
    {
        var builder = Toy.Builder();
        if (ignoreFirst)
            builder.Ignore(ToyState.Idle, ToyTrigger.Tick);
        builder.PermitIf(ToyState.Idle, ToyTrigger.Tick, ToyState.Off, c => c.Battery == 0, "battery empty");
        if (!ignoreFirst)
            builder.Ignore(ToyState.Idle, ToyTrigger.Tick);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal("State 'Idle' both ignores or handles 'Tick' internally and permits a transition on it; declare one or the other.", error.Message);
    }

    [Fact]
    public void Build_InternalMixedWithPermit_Throws()
    {
        var builder = Toy.Builder()
            .Internal(ToyState.Idle, ToyTrigger.Tick, c => c.Battery--)
            .Permit(ToyState.Idle, ToyTrigger.Tick, ToyState.Off);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("'Idle'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Build_EmptyGuardDescription_Throws(string description)
    {
        var builder = Toy.Builder().PermitIf(ToyState.Off, ToyTrigger.MainsOn, ToyState.Idle, c => c.Battery > 0, description);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal("PermitIf(Off, MainsOn, Idle) has an empty guard description; it names the condition in errors and diagrams.", error.Message);
    }

    [Fact]
    public void Build_PermitFromAllTwiceForSameTrigger_ThrowsNamingState()
    {
        var builder = Toy.Builder()
            .PermitFromAll(ToyTrigger.Error, ToyState.Fault)
            .PermitFromAll(ToyTrigger.Error, ToyState.Off, ToyState.Idle, ToyState.Pairing, ToyState.Fault);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal("PermitFromAll(Error) is declared more than once for state 'Speaking': its row to 'Off' can never run.", error.Message);
    }

    [Fact]
    public void Build_GuardedRowsThenUnguardedFallback_Builds()
    {
        var definition = Toy.Builder()
            .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Pairing, c => c.Battery > 80, "battery above 80 %")
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
            .PermitFromAll(ToyTrigger.PowerPressed, ToyState.Off)
            .Build();

        Assert.Equal(6, definition.Rows.Count);
    }
}
