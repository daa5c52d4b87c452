using SoundBoxSim.Device.States;

namespace SoundBoxSim.Device.Tests.States;

public sealed class StateMachineQueueTests
{
    [Fact]
    public void Fire_FromEntryAction_IsQueuedAndRunsAfterTheTransitionCompletes()
    {
        var context = new ToyContext();
        StateMachine<ToyState, ToyTrigger, ToyContext>? machine = null;
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
            .Permit(ToyState.Idle, ToyTrigger.PowerPressed, ToyState.Off)
            .OnEnter(ToyState.Speaking, (c, _) =>
            {
                machine!.Fire(ToyTrigger.Done);
                machine.Fire(ToyTrigger.PowerPressed);
                c.Log.Add($"entry done in {machine.State}");
            })
            .OnEnter(ToyState.Speaking, (c, _) => c.Log.Add("second entry"))
            .OnExit(ToyState.Speaking, (c, _) => c.Log.Add("exit Speaking"));
        machine = Toy.Start(builder, ToyState.Idle, context);
        var seen = Toy.Record(machine);

        machine.Fire(ToyTrigger.Payment);

        Assert.Equal(["Idle -Payment-> Speaking", "Speaking -Done-> Idle", "Idle -PowerPressed-> Off"], seen);
        Assert.Equal(["entry done in Speaking", "second entry", "exit Speaking"], context.Log);
        Assert.Equal(ToyState.Off, machine.State);
    }

    [Fact]
    public void Fire_FromTransitionedHandler_IsQueuedNotNested()
    {
        var builder = Toy.Builder()
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
            .Permit(ToyState.Idle, ToyTrigger.PairingHeld, ToyState.Pairing)
            .OnEnter(ToyState.Idle, (c, _) => c.Log.Add("enter Idle"))
            .OnEnter(ToyState.Pairing, (c, _) => c.Log.Add("enter Pairing"));
        var context = new ToyContext();
        var machine = Toy.Start(builder, ToyState.Off, context);
        machine.Transitioned += t =>
        {
            context.Log.Add($"transitioned to {t.Destination}");
            if (t.Destination == ToyState.Idle)
                machine.Fire(ToyTrigger.PairingHeld);
        };

        machine.Fire(ToyTrigger.PowerPressed);

        Assert.Equal(["transitioned to Idle", "enter Idle", "transitioned to Pairing", "enter Pairing"], context.Log);
    }

    [Fact]
    public void Fire_QueuedTriggerUnhandled_OutermostFireThrowsAfterDrainingTheRest()
    {
        StateMachine<ToyState, ToyTrigger, ToyContext>? machine = null;
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
            .OnEnter(ToyState.Speaking, (_, _) =>
            {
                machine!.Fire(ToyTrigger.PairingHeld);
                machine.Fire(ToyTrigger.Done);
            });
        machine = Toy.Start(builder, ToyState.Idle);
        var seen = Toy.Record(machine);

        var error = Assert.Throws<UnhandledTriggerException>(() => machine.Fire(ToyTrigger.Payment));

        Assert.Equal(("Speaking", "PairingHeld"), (error.State, error.Trigger));
        Assert.Equal(["Idle -Payment-> Speaking", "Speaking -Done-> Idle"], seen);
        Assert.Equal(ToyState.Idle, machine.State);
    }

    [Fact]
    public void TryFire_QueuedTriggerUnhandled_IsDroppedSilently()
    {
        StateMachine<ToyState, ToyTrigger, ToyContext>? machine = null;
        var queued = new List<bool>();
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
            .OnEnter(ToyState.Speaking, (_, _) =>
            {
                queued.Add(machine!.TryFire(ToyTrigger.PairingHeld));
                queued.Add(machine.TryFire(ToyTrigger.Done));
            });
        machine = Toy.Start(builder, ToyState.Idle);

        machine.Fire(ToyTrigger.Payment);

        Assert.Equal([true, true], queued);
        Assert.Equal(ToyState.Idle, machine.State);
    }

    [Fact]
    public void Fire_ActionThrowsWithTriggersQueued_QueueIsClearedAndMachineStaysUsable()
    {
        StateMachine<ToyState, ToyTrigger, ToyContext>? machine = null;
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
            .Permit(ToyState.Speaking, ToyTrigger.Error, ToyState.Fault)
            .OnEnter(ToyState.Speaking, (c, _) =>
            {
                machine!.Fire(ToyTrigger.Done);
                if (c.Battery == 0)
                    throw new InvalidOperationException("amplifier died");
            });
        var context = new ToyContext { Battery = 0 };
        machine = Toy.Start(builder, ToyState.Idle, context);
        var seen = Toy.Record(machine);

        Assert.Throws<InvalidOperationException>(() => machine.Fire(ToyTrigger.Payment));
        var reached = machine.State;
        machine.Fire(ToyTrigger.Error);

        Assert.Equal(ToyState.Speaking, reached);
        Assert.Equal(["Idle -Payment-> Speaking", "Speaking -Error-> Fault"], seen);
    }
}
