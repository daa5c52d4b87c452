namespace SoundBoxSim.Device.States;

/// <summary>One row of a built table, as declared, so tools can list, check or draw the machine.</summary>
/// <param name="From">The state the row applies in.</param>
/// <param name="Trigger">The trigger it handles.</param>
/// <param name="To">The destination; <see langword="null"/> for <see cref="TransitionKind.Ignore"/>, <paramref name="From"/> for <see cref="TransitionKind.Internal"/>.</param>
/// <param name="Guard">The guard's description, or <see langword="null"/> when the row is unguarded.</param>
/// <param name="Kind">What the row does.</param>
public sealed record TransitionRow<TState, TTrigger>(TState From, TTrigger Trigger, TState? To, string? Guard, TransitionKind Kind)
    where TState : struct, Enum
    where TTrigger : struct, Enum;
