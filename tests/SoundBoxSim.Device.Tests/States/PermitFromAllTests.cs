using SoundBoxSim.Device.States;

namespace SoundBoxSim.Device.Tests.States;

public sealed class PermitFromAllTests
{
    [Theory]
    [InlineData(ToyState.Idle, ToyState.Fault)]
    [InlineData(ToyState.Pairing, ToyState.Fault)]
    [InlineData(ToyState.Speaking, ToyState.Fault)]
    public void Fire_CoveredState_MovesToTarget(ToyState from, ToyState expected)
    {
        var machine = Toy.Start(Toy.Builder().PermitFromAll(ToyTrigger.Error, ToyState.Fault, ToyState.Off), from);

        machine.Fire(ToyTrigger.Error);

        Assert.Equal(expected, machine.State);
    }

    [Theory]
    [InlineData(ToyState.Off)]
    [InlineData(ToyState.Fault)]
    public void Fire_ExceptedStateOrTarget_IsUnhandled(ToyState from)
    {
        var machine = Toy.Start(Toy.Builder().PermitFromAll(ToyTrigger.Error, ToyState.Fault, ToyState.Off), from);

        Assert.Throws<UnhandledTriggerException>(() => machine.Fire(ToyTrigger.Error));
    }

    [Fact]
    public void Fire_ExplicitRowDeclaredAfter_IsTriedFirst()
    {
        var builder = Toy.Builder()
            .PermitFromAll(ToyTrigger.Error, ToyState.Fault)
            .Permit(ToyState.Speaking, ToyTrigger.Error, ToyState.Idle)
            .Ignore(ToyState.Off, ToyTrigger.Error);
        var speaking = Toy.Start(builder, ToyState.Speaking);
        var off = Toy.Start(builder, ToyState.Off);
        var pairing = Toy.Start(builder, ToyState.Pairing);

        speaking.Fire(ToyTrigger.Error);
        off.Fire(ToyTrigger.Error);
        pairing.Fire(ToyTrigger.Error);

        Assert.Equal((ToyState.Idle, ToyState.Off, ToyState.Fault), (speaking.State, off.State, pairing.State));
    }

    [Theory]
    [InlineData(60, ToyState.Idle)]
    [InlineData(5, ToyState.Fault)]
    public void Fire_ExplicitGuardFails_FallsBackToPermitFromAll(int battery, ToyState expected)
    {
        var builder = Toy.Builder()
            .PermitIf(ToyState.Speaking, ToyTrigger.Error, ToyState.Idle, c => c.Battery > 10, "battery above 10 %")
            .PermitFromAll(ToyTrigger.Error, ToyState.Fault);
        var machine = Toy.Start(builder, ToyState.Speaking, new ToyContext { Battery = battery });

        machine.Fire(ToyTrigger.Error);

        Assert.Equal(expected, machine.State);
    }

    [Fact]
    public void Rows_PermitFromAll_ExpandedInPlaceInEnumOrderWithoutReplacedStates()
    {
        var definition = Toy.Builder()
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
            .PermitFromAll(ToyTrigger.Error, ToyState.Fault, ToyState.Pairing)
            .PermitIf(ToyState.Idle, ToyTrigger.Error, ToyState.Off, c => c.Battery == 0, "battery empty")
            .Ignore(ToyState.Speaking, ToyTrigger.Error)
            .Build();

        Assert.Equal(
            [
                new(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle, null, TransitionKind.Permit),
                new(ToyState.Off, ToyTrigger.Error, ToyState.Fault, null, TransitionKind.Permit),
                new(ToyState.Idle, ToyTrigger.Error, ToyState.Fault, null, TransitionKind.Permit),
                new(ToyState.Idle, ToyTrigger.Error, ToyState.Off, "battery empty", TransitionKind.Permit),
                new TransitionRow<ToyState, ToyTrigger>(ToyState.Speaking, ToyTrigger.Error, null, null, TransitionKind.Ignore),
            ],
            definition.Rows);
    }
}
