namespace SoundBoxSim.Device.States;

/// <summary>One move of a machine, handed to entry and exit actions and to observers so they know why it happened.</summary>
/// <param name="Source">The state left.</param>
/// <param name="Trigger">The trigger that caused the move.</param>
/// <param name="Destination">The state entered; equal to <paramref name="Source"/> on re-entry.</param>
public readonly record struct Transition<TState, TTrigger>(TState Source, TTrigger Trigger, TState Destination)
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>True when the machine leaves and re-enters the same state (exit and entry actions still run).</summary>
    public bool IsReentry => EqualityComparer<TState>.Default.Equals(Source, Destination);
}
