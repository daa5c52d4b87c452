namespace SoundBoxSim.Device.States;

/// <summary>One builder call as made, kept until <c>Build</c> checks and indexes the whole table.</summary>
/// <param name="From">The state, or <see langword="null"/> for a <c>PermitFromAll</c> row.</param>
/// <param name="Trigger">The trigger.</param>
/// <param name="To">The destination; <see langword="null"/> for an ignored trigger.</param>
/// <param name="Kind">What the row does.</param>
internal sealed record Declaration<TState, TTrigger, TContext>(TState? From, TTrigger Trigger, TState? To, TransitionKind Kind)
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>The guard, for <c>PermitIf</c> rows.</summary>
    public Func<TContext, bool>? Guard { get; init; }

    /// <summary>The guard's description as given (checked by <c>Build</c>).</summary>
    public string? GuardDescription { get; init; }

    /// <summary>The action of an internal row.</summary>
    public Action<TContext>? Action { get; init; }

    /// <summary>The states a <c>PermitFromAll</c> row leaves out, besides its destination.</summary>
    public IReadOnlyList<TState> Except { get; init; } = [];
}
