namespace SoundBoxSim.Device.States;

/// <summary>
/// A row ready to run: its guard, its action, and the exit actions of its source and entry actions of its
/// destination looked up once at build time, so firing needs a single index lookup.
/// </summary>
internal sealed class CompiledRow<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>Creates the row.</summary>
    public CompiledRow(
        TransitionRow<TState, TTrigger> row,
        Func<TContext, bool>? guard,
        Action<TContext>? action,
        Action<TContext, Transition<TState, TTrigger>>[] exits,
        Action<TContext, Transition<TState, TTrigger>>[] entries)
    {
        Row = row;
        Guard = guard;
        Action = action;
        Exits = exits;
        Entries = entries;
    }

    /// <summary>The row as declared.</summary>
    public TransitionRow<TState, TTrigger> Row { get; }

    /// <summary>The guard, or <see langword="null"/> when the row always applies.</summary>
    public Func<TContext, bool>? Guard { get; }

    /// <summary>The action of an internal row.</summary>
    public Action<TContext>? Action { get; }

    /// <summary>The source's exit actions, for a Permit row; empty otherwise.</summary>
    public Action<TContext, Transition<TState, TTrigger>>[] Exits { get; }

    /// <summary>The destination's entry actions, for a Permit row; empty otherwise.</summary>
    public Action<TContext, Transition<TState, TTrigger>>[] Entries { get; }

    /// <summary>True when the guard passes (or there is none).</summary>
    public bool Applies(TContext context) => Guard is null || Guard(context);
}
