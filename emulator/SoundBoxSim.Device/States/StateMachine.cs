namespace SoundBoxSim.Device.States;

/// <summary>
/// One running machine over a shared <see cref="StateMachineDefinition{TState,TTrigger,TContext}"/>: the state of
/// one emulated device. Firing is run-to-completion: a trigger fired from an action or a
/// <see cref="Transitioned"/> handler is queued and handled after the current transition, in order, before the
/// outermost <see cref="Fire"/> or <see cref="TryFire"/> returns.
/// </summary>
/// <remarks>
/// Not thread-safe: the owner serialises calls (one device, one loop). If an action, guard or handler throws,
/// the queue is cleared and the exception propagates; the machine stays usable in whatever state it reached.
/// </remarks>
/// <typeparam name="TState">The states.</typeparam>
/// <typeparam name="TTrigger">The triggers.</typeparam>
/// <typeparam name="TContext">What guards and actions work on.</typeparam>
public sealed class StateMachine<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly TContext context;
    private Queue<(TTrigger Trigger, bool MustBeHandled)>? queue;
    private bool running;

    /// <summary>Creates a machine in <paramref name="initial"/>; no entry actions run for it.</summary>
    /// <param name="definition">The shared table.</param>
    /// <param name="context">Passed to every guard and action.</param>
    /// <param name="initial">The starting state.</param>
    public StateMachine(StateMachineDefinition<TState, TTrigger, TContext> definition, TContext context, TState initial)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        this.context = context;
        State = initial;
    }

    /// <summary>Raised after each Permit transition (re-entry included), once <see cref="State"/> is the destination and before its entry actions.</summary>
    public event Action<Transition<TState, TTrigger>>? Transitioned;

    /// <summary>The table this machine runs, for drawing or listing it.</summary>
    public StateMachineDefinition<TState, TTrigger, TContext> Definition { get; }

    /// <summary>The current state.</summary>
    public TState State { get; private set; }

    /// <summary>
    /// The triggers that some row would handle now (guards evaluated; ignored and internal ones included),
    /// distinct, in declaration order. A new list on each call.
    /// </summary>
    public IReadOnlyList<TTrigger> PermittedTriggers =>
        [.. Definition.HandledIn(State).Where(CanFire)];

    /// <summary>True when some row for <paramref name="trigger"/> applies in the current state (guards evaluated).</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>Whether <see cref="Fire"/> would handle it.</returns>
    public bool CanFire(TTrigger trigger) => Definition.Resolve(State, trigger, context) is not null;

    /// <summary>
    /// Handles <paramref name="trigger"/>: the first row whose guard passes wins. Called during a transition, it
    /// queues the trigger and returns at once.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <exception cref="UnhandledTriggerException">
    /// No row handles the trigger; or a trigger queued by <see cref="Fire"/> turned out unhandled (thrown by the
    /// outermost call after the rest of the queue ran; the first such one if several).
    /// </exception>
    public void Fire(TTrigger trigger) => Run(trigger, mustBeHandled: true);

    /// <summary>
    /// Like <see cref="Fire"/>, but returns <see langword="false"/> without changing anything when no row handles
    /// <paramref name="trigger"/>. Called during a transition, it queues the trigger and returns
    /// <see langword="true"/>; if the queued trigger turns out unhandled it is dropped silently.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>Whether the trigger was handled (or queued).</returns>
    /// <exception cref="UnhandledTriggerException">A trigger queued meanwhile by <see cref="Fire"/> turned out unhandled.</exception>
    public bool TryFire(TTrigger trigger) => Run(trigger, mustBeHandled: false);

    private bool Run(TTrigger trigger, bool mustBeHandled)
    {
        if (running)
        {
            (queue ??= new()).Enqueue((trigger, mustBeHandled));
            return true;
        }

        running = true;
        try
        {
            if (!Handle(trigger))
            {
                if (mustBeHandled)
                    throw Definition.Unhandled(State, trigger);
                return false;
            }

            UnhandledTriggerException? deferred = null;
            while (queue is not null && queue.TryDequeue(out var next))
            {
                if (!Handle(next.Trigger) && next.MustBeHandled)
                    deferred ??= Definition.Unhandled(State, next.Trigger);
            }

            if (deferred is not null)
                throw deferred;
            return true;
        }
        finally
        {
            // Empty already unless something threw; then the rest of the queue is dropped.
            queue?.Clear();
            running = false;
        }
    }

    private bool Handle(TTrigger trigger)
    {
        var row = Definition.Resolve(State, trigger, context);
        if (row is null)
            return false;

        switch (row.Row.Kind)
        {
            case TransitionKind.Internal:
                row.Action!(context);
                break;
            case TransitionKind.Permit:
                var transition = new Transition<TState, TTrigger>(State, trigger, row.Row.To!.Value);
                foreach (var exit in row.Exits)
                    exit(context, transition);
                State = transition.Destination;
                Transitioned?.Invoke(transition);
                foreach (var entry in row.Entries)
                    entry(context, transition);
                break;
            default:
                break;
        }

        return true;
    }
}
