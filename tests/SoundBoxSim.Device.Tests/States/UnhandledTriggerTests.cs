using SoundBoxSim.Device.States;

namespace SoundBoxSim.Device.Tests.States;

public sealed class UnhandledTriggerTests
{
    private static StateMachineBuilder<ToyState, ToyTrigger, ToyContext> OffTable() => Toy.Builder()
        .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
        .PermitIf(ToyState.Off, ToyTrigger.MainsOn, ToyState.Idle, c => c.Battery > 0, "battery above 0 %")
        .Permit(ToyState.Idle, ToyTrigger.PairingHeld, ToyState.Pairing);

    [Fact]
    public void Fire_UnhandledTrigger_ThrowsNamingStateAndHandledTriggers()
    {
        var machine = Toy.Start(OffTable(), ToyState.Off);

        var error = Assert.Throws<UnhandledTriggerException>(() => machine.Fire(ToyTrigger.PairingHeld));

        Assert.Equal("Trigger 'PairingHeld' is not handled in state 'Off'. Handled there: PowerPressed, MainsOn (when battery above 0 %).", error.Message);
        Assert.Equal(("Off", "PairingHeld"), (error.State, error.Trigger));
        Assert.Equal(ToyState.Off, machine.State);
    }

    [Fact]
    public void Fire_AllGuardsFail_ThrowsNamingTheFailedGuards()
    {
        var builder = OffTable()
            .PermitIf(ToyState.Off, ToyTrigger.MainsOn, ToyState.Pairing, c => c.Log.Count > 0, "a log entry exists");
        var machine = Toy.Start(builder, ToyState.Off, new ToyContext { Battery = 0 });

        var error = Assert.Throws<UnhandledTriggerException>(() => machine.Fire(ToyTrigger.MainsOn));

        Assert.Equal(
            "Trigger 'MainsOn' is not handled in state 'Off': no guard passed (battery above 0 %, a log entry exists). Handled there: PowerPressed, MainsOn (when battery above 0 % or a log entry exists).",
            error.Message);
    }

    [Fact]
    public void Fire_StateWithNoRows_SaysItHandlesNothing()
    {
        var machine = Toy.Start(OffTable(), ToyState.Fault);

        var error = Assert.Throws<UnhandledTriggerException>(() => machine.Fire(ToyTrigger.Reset));

        Assert.Equal("Trigger 'Reset' is not handled in state 'Fault'. Handled there: nothing.", error.Message);
    }

    [Fact]
    public void UnhandledTriggerException_IsAnInvalidOperationException()
    {
        var error = new UnhandledTriggerException("Off", "Tick", "message");

        Assert.IsAssignableFrom<InvalidOperationException>(error);
        Assert.Equal(("Off", "Tick", "message"), (error.State, error.Trigger, error.Message));
    }
}
