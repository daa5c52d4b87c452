using SoundBoxSim.Device.States;

namespace SoundBoxSim.Device.Tests.States;

/// <summary>A toy speaker's states, small enough to reason about by hand.</summary>
public enum ToyState
{
    Off,
    Idle,
    Pairing,
    Speaking,
    Fault,
}

/// <summary>A toy speaker's triggers.</summary>
public enum ToyTrigger
{
    PowerPressed,
    MainsOn,
    PairingHeld,
    Payment,
    Done,
    Tick,
    Error,
    Reset,
}

/// <summary>What the toy's guards read and its actions write.</summary>
internal sealed class ToyContext
{
    public int Battery { get; set; } = 50;

    public List<string> Log { get; } = [];
}

/// <summary>Shortcuts so each test declares only the rows it is about.</summary>
internal static class Toy
{
    public static StateMachineBuilder<ToyState, ToyTrigger, ToyContext> Builder() => new();

    public static StateMachine<ToyState, ToyTrigger, ToyContext> Start(
        StateMachineBuilder<ToyState, ToyTrigger, ToyContext> builder, ToyState initial, ToyContext? context = null) =>
        new(builder.Build(), context ?? new ToyContext(), initial);

    /// <summary>Records every transition of <paramref name="machine"/> as "Source -Trigger-> Destination".</summary>
    public static List<string> Record(StateMachine<ToyState, ToyTrigger, ToyContext> machine)
    {
        var seen = new List<string>();
        machine.Transitioned += t => seen.Add($"{t.Source} -{t.Trigger}-> {t.Destination}");
        return seen;
    }
}
