using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Text;

namespace SoundBoxSim.Device.States;

/// <summary>
/// A checked, immutable state table from <see cref="StateMachineBuilder{TState,TTrigger,TContext}.Build"/>.
/// It holds no per-machine state, so one definition serves every emulated device; each device owns a
/// <see cref="StateMachine{TState,TTrigger,TContext}"/>. Safe to share across threads.
/// </summary>
/// <typeparam name="TState">The states.</typeparam>
/// <typeparam name="TTrigger">The triggers.</typeparam>
/// <typeparam name="TContext">What guards and actions work on.</typeparam>
public sealed class StateMachineDefinition<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly FrozenDictionary<(TState, TTrigger), CompiledRow<TState, TTrigger, TContext>[]> index;
    private readonly FrozenDictionary<TState, TTrigger[]> handled;

    internal StateMachineDefinition(
        TransitionRow<TState, TTrigger>[] rows,
        FrozenDictionary<(TState, TTrigger), CompiledRow<TState, TTrigger, TContext>[]> index,
        FrozenDictionary<TState, TTrigger[]> handled)
    {
        Rows = new ReadOnlyCollection<TransitionRow<TState, TTrigger>>(rows);
        this.index = index;
        this.handled = handled;
    }

    /// <summary>
    /// Every row in declaration order, PermitFromAll expanded in place (one row per covered state, in enum order;
    /// states whose own unguarded row replaces it are left out).
    /// </summary>
    public IReadOnlyList<TransitionRow<TState, TTrigger>> Rows { get; }

    /// <summary>
    /// The table as a Mermaid <c>stateDiagram-v2</c>, for docs and reviews: rows in declaration order, guarded rows
    /// with their guard in brackets, internal rows as self-loops marked "(internal)", ignored rows left out.
    /// Lines end with "\n", whatever the platform.
    /// </summary>
    /// <param name="initial">The state drawn as the start.</param>
    /// <returns>The diagram text.</returns>
    public string ToMermaid(TState initial)
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(initial).Append('\n');
        foreach (var row in Rows)
        {
            if (row.Kind == TransitionKind.Ignore)
                continue;
            text.Append("    ").Append(row.From).Append(" --> ").Append(row.To).Append(" : ").Append(row.Trigger);
            if (row.Guard is not null)
                text.Append(" [").Append(OneLine(row.Guard)).Append(']');
            if (row.Kind == TransitionKind.Internal)
                text.Append(" (internal)");
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The first row for <paramref name="trigger"/> in <paramref name="state"/> whose guard passes, or <see langword="null"/>.</summary>
    internal CompiledRow<TState, TTrigger, TContext>? Resolve(TState state, TTrigger trigger, TContext context)
    {
        if (!index.TryGetValue((state, trigger), out var rows))
            return null;
        foreach (var row in rows)
        {
            if (row.Applies(context))
                return row;
        }

        return null;
    }

    /// <summary>The triggers <paramref name="state"/> has rows for, distinct, in declaration order.</summary>
    internal TTrigger[] HandledIn(TState state) => handled.TryGetValue(state, out var triggers) ? triggers : [];

    /// <summary>The exception for an unhandled <paramref name="trigger"/>, explaining what <paramref name="state"/> does handle.</summary>
    internal UnhandledTriggerException Unhandled(TState state, TTrigger trigger)
    {
        var message = new StringBuilder($"Trigger '{trigger}' is not handled in state '{state}'");
        if (index.TryGetValue((state, trigger), out var failed))
            message.Append(": no guard passed (").AppendJoin(", ", failed.Select(r => r.Row.Guard)).Append(')');
        message.Append(". Handled there: ");
        var triggers = HandledIn(state);
        message.AppendJoin(", ", triggers.Select(t => DescribeHandling(state, t)));
        message.Append(triggers.Length == 0 ? "nothing." : ".");
        return new UnhandledTriggerException(state.ToString(), trigger.ToString(), message.ToString());
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private string DescribeHandling(TState state, TTrigger trigger)
    {
        var rows = index[(state, trigger)];
        return rows.Any(r => r.Guard is null)
            ? trigger.ToString()
            : $"{trigger} (when {string.Join(" or ", rows.Select(r => r.Row.Guard))})";
    }
}
