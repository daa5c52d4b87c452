namespace SoundBoxSim.Device.States;

/// <summary>
/// Declares a state machine as a table, row by row, so behaviour reads as data and can be checked and drawn.
/// <see cref="Build"/> validates the table and returns an immutable definition that many machines share.
/// </summary>
/// <typeparam name="TState">The states.</typeparam>
/// <typeparam name="TTrigger">The triggers.</typeparam>
/// <typeparam name="TContext">What guards and actions work on (the device a machine belongs to).</typeparam>
public sealed class StateMachineBuilder<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly List<Declaration<TState, TTrigger, TContext>> declarations = [];
    private readonly List<(TState State, Action<TContext, Transition<TState, TTrigger>> Action)> entryActions = [];
    private readonly List<(TState State, Action<TContext, Transition<TState, TTrigger>> Action)> exitActions = [];

    /// <summary>In <paramref name="from"/>, <paramref name="trigger"/> moves the machine to <paramref name="to"/> (re-entry when equal).</summary>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> Permit(TState from, TTrigger trigger, TState to)
    {
        declarations.Add(new(from, trigger, to, TransitionKind.Permit));
        return this;
    }

    /// <summary>
    /// Like <see cref="Permit"/>, but only when <paramref name="guard"/> passes; rows for the same state and trigger
    /// are tried in declaration order, so guards can choose between destinations.
    /// </summary>
    /// <param name="from">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination.</param>
    /// <param name="guard">The condition, evaluated on each fire; it should not change anything.</param>
    /// <param name="guardDescription">The condition in words, for errors and diagrams; must not be empty.</param>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> PermitIf(TState from, TTrigger trigger, TState to, Func<TContext, bool> guard, string guardDescription)
    {
        ArgumentNullException.ThrowIfNull(guard);
        declarations.Add(new(from, trigger, to, TransitionKind.Permit) { Guard = guard, GuardDescription = guardDescription });
        return this;
    }

    /// <summary>
    /// In every state except <paramref name="to"/> and <paramref name="except"/>, <paramref name="trigger"/> moves
    /// the machine to <paramref name="to"/> (a fault or power loss, say). A state's own rows for the trigger are
    /// tried first, wherever they are declared; an unguarded one replaces this row for that state.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination; it is never re-entered by this row.</param>
    /// <param name="except">States left out.</param>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> PermitFromAll(TTrigger trigger, TState to, params TState[] except)
    {
        ArgumentNullException.ThrowIfNull(except);
        declarations.Add(new(null, trigger, to, TransitionKind.Permit) { Except = [.. except] });
        return this;
    }

    /// <summary>In <paramref name="from"/>, <paramref name="trigger"/> is expected and does nothing (not an error).</summary>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> Ignore(TState from, TTrigger trigger)
    {
        declarations.Add(new(from, trigger, null, TransitionKind.Ignore));
        return this;
    }

    /// <summary>In <paramref name="from"/>, <paramref name="trigger"/> runs <paramref name="action"/> in place: no exit or entry actions.</summary>
    /// <param name="from">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="action">What to do.</param>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> Internal(TState from, TTrigger trigger, Action<TContext> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        declarations.Add(new(from, trigger, from, TransitionKind.Internal) { Action = action });
        return this;
    }

    /// <summary>Runs <paramref name="action"/> each time <paramref name="state"/> is entered, re-entry included, after the others declared before it.</summary>
    /// <param name="state">The state.</param>
    /// <param name="action">What to do; it may fire further triggers, which are queued.</param>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> OnEnter(TState state, Action<TContext, Transition<TState, TTrigger>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        entryActions.Add((state, action));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> each time <paramref name="state"/> is left, re-entry included, after the others declared before it.</summary>
    /// <param name="state">The state.</param>
    /// <param name="action">What to do; it may fire further triggers, which are queued.</param>
    /// <returns>This builder, for chaining.</returns>
    public StateMachineBuilder<TState, TTrigger, TContext> OnExit(TState state, Action<TContext, Transition<TState, TTrigger>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        exitActions.Add((state, action));
        return this;
    }

    /// <summary>Checks the table and indexes it. The builder may be changed and built again afterwards.</summary>
    /// <returns>The immutable definition.</returns>
    /// <exception cref="InvalidOperationException">
    /// A row can never run (it follows an unguarded row for the same state and trigger), Ignore or Internal is
    /// mixed with Permit for the same state and trigger, or a guard description is empty.
    /// </exception>
    public StateMachineDefinition<TState, TTrigger, TContext> Build() =>
        new TableCompiler<TState, TTrigger, TContext>(declarations, entryActions, exitActions).Compile();
}
