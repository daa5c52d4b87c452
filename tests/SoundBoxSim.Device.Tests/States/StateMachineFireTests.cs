using SoundBoxSim.Device.States;

namespace SoundBoxSim.Device.Tests.States;

public sealed class StateMachineFireTests
{
    [Fact]
    public void Fire_PermittedTrigger_MovesToDestinationAndRaisesTransitioned()
    {
        var machine = Toy.Start(Toy.Builder().Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle), ToyState.Off);
        var seen = Toy.Record(machine);

        machine.Fire(ToyTrigger.PowerPressed);

        Assert.Equal(ToyState.Idle, machine.State);
        Assert.Equal(["Off -PowerPressed-> Idle"], seen);
    }

    [Theory]
    [InlineData(0, ToyState.Fault)]
    [InlineData(10, ToyState.Idle)]
    [InlineData(90, ToyState.Pairing)]
    public void Fire_GuardedRows_FirstPassingGuardInDeclarationOrderWins(int battery, ToyState expected)
    {
        var builder = Toy.Builder()
            .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Pairing, c => c.Battery > 80, "battery above 80 %")
            .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle, c => c.Battery > 0, "battery above 0 %")
            .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Fault);
        var machine = Toy.Start(builder, ToyState.Off, new ToyContext { Battery = battery });

        machine.Fire(ToyTrigger.PowerPressed);

        Assert.Equal(expected, machine.State);
    }

    [Fact]
    public void Fire_Transition_RunsExitThenSetsStateThenTransitionedThenEntryInDeclarationOrder()
    {
        var context = new ToyContext();
        StateMachine<ToyState, ToyTrigger, ToyContext>? machine = null;
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .OnExit(ToyState.Idle, (c, t) => c.Log.Add($"exit1 {machine!.State} {t.Trigger}"))
            .OnEnter(ToyState.Speaking, (c, t) => c.Log.Add($"enter1 {machine!.State} from {t.Source}"))
            .OnExit(ToyState.Idle, (c, _) => c.Log.Add($"exit2 {machine!.State}"))
            .OnEnter(ToyState.Speaking, (c, _) => c.Log.Add($"enter2 {machine!.State}"))
            .OnEnter(ToyState.Idle, (c, _) => c.Log.Add("wrong entry"));
        machine = Toy.Start(builder, ToyState.Idle, context);
        machine.Transitioned += t => context.Log.Add($"transitioned {machine.State}");

        machine.Fire(ToyTrigger.Payment);

        Assert.Equal(
            ["exit1 Idle Payment", "exit2 Idle", "transitioned Speaking", "enter1 Speaking from Idle", "enter2 Speaking"],
            context.Log);
    }

    [Fact]
    public void Fire_PermitToSameState_ReentersRunningExitAndEntry()
    {
        var context = new ToyContext();
        var builder = Toy.Builder()
            .Permit(ToyState.Speaking, ToyTrigger.Payment, ToyState.Speaking)
            .OnExit(ToyState.Speaking, (c, t) => c.Log.Add($"exit reentry={t.IsReentry}"))
            .OnEnter(ToyState.Speaking, (c, t) => c.Log.Add($"enter reentry={t.IsReentry}"));
        var machine = Toy.Start(builder, ToyState.Speaking, context);
        var seen = Toy.Record(machine);

        machine.Fire(ToyTrigger.Payment);

        Assert.Equal(ToyState.Speaking, machine.State);
        Assert.Equal(["exit reentry=True", "enter reentry=True"], context.Log);
        Assert.Equal(["Speaking -Payment-> Speaking"], seen);
    }

    [Fact]
    public void Fire_InternalRow_RunsOnlyItsActionWithoutExitEntryOrTransitioned()
    {
        var context = new ToyContext();
        var builder = Toy.Builder()
            .Internal(ToyState.Idle, ToyTrigger.Tick, c => c.Battery--)
            .OnExit(ToyState.Idle, (c, _) => c.Log.Add("exit"))
            .OnEnter(ToyState.Idle, (c, _) => c.Log.Add("enter"));
        var machine = Toy.Start(builder, ToyState.Idle, context);
        var seen = Toy.Record(machine);

        machine.Fire(ToyTrigger.Tick);

        Assert.Equal((ToyState.Idle, 49), (machine.State, context.Battery));
        Assert.Empty(context.Log);
        Assert.Empty(seen);
    }

    [Fact]
    public void Fire_IgnoredTrigger_DoesNothing()
    {
        var context = new ToyContext();
        var builder = Toy.Builder()
            .Ignore(ToyState.Off, ToyTrigger.Tick)
            .OnExit(ToyState.Off, (c, _) => c.Log.Add("exit"));
        var machine = Toy.Start(builder, ToyState.Off, context);
        var seen = Toy.Record(machine);

        machine.Fire(ToyTrigger.Tick);

        Assert.Equal(ToyState.Off, machine.State);
        Assert.Empty(context.Log);
        Assert.Empty(seen);
    }

    [Fact]
    public void TryFire_UnhandledTrigger_ReturnsFalseWithoutStateChange()
    {
        var machine = Toy.Start(
            Toy.Builder()
                .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle, c => c.Battery > 0, "battery above 0 %")
                .OnExit(ToyState.Off, (c, _) => c.Log.Add("exit")),
            ToyState.Off,
            new ToyContext { Battery = 0 });
        var seen = Toy.Record(machine);

        var unknown = machine.TryFire(ToyTrigger.PairingHeld);
        var guarded = machine.TryFire(ToyTrigger.PowerPressed);

        Assert.Equal((false, false, ToyState.Off), (unknown, guarded, machine.State));
        Assert.Empty(seen);
    }

    [Fact]
    public void TryFire_HandledTrigger_ReturnsTrueAndMoves()
    {
        var machine = Toy.Start(Toy.Builder().Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle), ToyState.Off);

        var handled = machine.TryFire(ToyTrigger.PowerPressed);

        Assert.Equal((true, ToyState.Idle), (handled, machine.State));
    }

    [Fact]
    public void CanFire_EvaluatesGuardsAgainstTheContextNow()
    {
        var context = new ToyContext { Battery = 0 };
        var machine = Toy.Start(
            Toy.Builder()
                .PermitIf(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle, c => c.Battery > 0, "battery above 0 %")
                .Ignore(ToyState.Off, ToyTrigger.Tick),
            ToyState.Off,
            context);

        var before = (machine.CanFire(ToyTrigger.PowerPressed), machine.CanFire(ToyTrigger.Tick), machine.CanFire(ToyTrigger.Payment));
        context.Battery = 5;
        var after = machine.CanFire(ToyTrigger.PowerPressed);

        Assert.Equal((false, true, false), before);
        Assert.True(after);
    }

    [Fact]
    public void PermittedTriggers_DistinctInDeclarationOrderWithFailingGuardsLeftOut()
    {
        var machine = Toy.Start(
            Toy.Builder()
                .Ignore(ToyState.Idle, ToyTrigger.Tick)
                .PermitIf(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking, c => c.Battery > 80, "battery above 80 %")
                .PermitIf(ToyState.Idle, ToyTrigger.Payment, ToyState.Fault, c => c.Battery > 10, "battery above 10 %")
                .PermitIf(ToyState.Idle, ToyTrigger.PairingHeld, ToyState.Pairing, c => c.Battery > 80, "battery above 80 %")
                .Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle)
                .Permit(ToyState.Idle, ToyTrigger.PowerPressed, ToyState.Off),
            ToyState.Idle);

        Assert.Equal([ToyTrigger.Tick, ToyTrigger.Payment, ToyTrigger.PowerPressed], machine.PermittedTriggers);
    }

    [Fact]
    public void Fire_ActionThrows_ExceptionPropagatesAndMachineStaysUsableInReachedState()
    {
        var builder = Toy.Builder()
            .Permit(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking)
            .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
            .OnEnter(ToyState.Speaking, (c, _) =>
            {
                if (c.Battery == 0)
                    throw new InvalidOperationException("amplifier died");
            });
        var machine = Toy.Start(builder, ToyState.Idle, new ToyContext { Battery = 0 });

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(ToyTrigger.Payment));
        var reached = machine.State;
        machine.Fire(ToyTrigger.Done);

        Assert.Equal("amplifier died", error.Message);
        Assert.Equal((ToyState.Speaking, ToyState.Idle), (reached, machine.State));
    }

    [Fact]
    public void Definition_SharedByTwoMachines_EachKeepsItsOwnState()
    {
        var definition = Toy.Builder().Permit(ToyState.Off, ToyTrigger.PowerPressed, ToyState.Idle).Build();
        var first = new StateMachine<ToyState, ToyTrigger, ToyContext>(definition, new ToyContext(), ToyState.Off);
        var second = new StateMachine<ToyState, ToyTrigger, ToyContext>(definition, new ToyContext(), ToyState.Off);

        first.Fire(ToyTrigger.PowerPressed);

        Assert.Equal((ToyState.Idle, ToyState.Off), (first.State, second.State));
        Assert.Same(definition, second.Definition);
    }

    [Fact]
    public void Fire_AfterWarmUp_AllocatesNothing()
    {
        var context = new ToyContext();
        var machine = Toy.Start(
            Toy.Builder()
                .PermitIf(ToyState.Idle, ToyTrigger.Payment, ToyState.Speaking, c => c.Battery > 0, "battery above 0 %")
                .Permit(ToyState.Speaking, ToyTrigger.Done, ToyState.Idle)
                .Internal(ToyState.Idle, ToyTrigger.Tick, c => c.Battery++)
                .OnEnter(ToyState.Speaking, (c, _) => c.Battery--)
                .OnExit(ToyState.Speaking, (c, _) => c.Battery++),
            ToyState.Idle,
            context);
        machine.Transitioned += _ => { };
        for (var i = 0; i < 100; i++)
            Cycle(machine);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            Cycle(machine);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        static void Cycle(StateMachine<ToyState, ToyTrigger, ToyContext> machine)
        {
            machine.Fire(ToyTrigger.Payment);
            machine.Fire(ToyTrigger.Done);
            machine.TryFire(ToyTrigger.Tick);
        }
    }
}
