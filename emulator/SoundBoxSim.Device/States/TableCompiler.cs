using System.Collections.Frozen;

namespace SoundBoxSim.Device.States;

/// <summary>
/// Turns builder declarations into a <see cref="StateMachineDefinition{TState,TTrigger,TContext}"/>: expands
/// PermitFromAll, rejects rows that can never run, and indexes rows by (state, trigger).
/// </summary>
internal sealed class TableCompiler<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly List<Declaration<TState, TTrigger, TContext>> declarations;
    private readonly ILookup<TState, Action<TContext, Transition<TState, TTrigger>>> entries;
    private readonly ILookup<TState, Action<TContext, Transition<TState, TTrigger>>> exits;

    /// <summary>Takes a snapshot of the builder's declarations.</summary>
    public TableCompiler(
        IEnumerable<Declaration<TState, TTrigger, TContext>> declarations,
        IEnumerable<(TState State, Action<TContext, Transition<TState, TTrigger>> Action)> entries,
        IEnumerable<(TState State, Action<TContext, Transition<TState, TTrigger>> Action)> exits)
    {
        this.declarations = [.. declarations];
        this.entries = entries.ToLookup(e => e.State, e => e.Action);
        this.exits = exits.ToLookup(e => e.State, e => e.Action);
    }

    /// <summary>Checks the table and builds the definition.</summary>
    public StateMachineDefinition<TState, TTrigger, TContext> Compile()
    {
        foreach (var declaration in declarations)
            CheckGuardDescription(declaration);

        var explicitRows = declarations.Where(d => d.From is not null).ToLookup(d => (d.From!.Value, d.Trigger));
        foreach (var pair in explicitRows)
            CheckExplicitRows(pair.Key.Value, pair.Key.Trigger, [.. pair]);

        // An explicit row that always applies (unguarded) replaces the PermitFromAll row for its state.
        var closed = explicitRows.Where(p => p.Last().Guard is null).Select(p => p.Key).ToHashSet();
        var allStates = Enum.GetValues<TState>().Distinct().ToArray();

        var ordered = new List<CompiledRow<TState, TTrigger, TContext>>();
        var explicitIndex = new Dictionary<(TState, TTrigger), List<CompiledRow<TState, TTrigger, TContext>>>();
        var fallbackIndex = new Dictionary<(TState, TTrigger), CompiledRow<TState, TTrigger, TContext>>();
        foreach (var declaration in declarations)
        {
            if (declaration.From is { } from)
            {
                var row = Compile(declaration, from);
                ordered.Add(row);
                Add(explicitIndex, (from, declaration.Trigger), row);
                continue;
            }

            foreach (var state in allStates.Where(s => Covers(declaration, s) && !closed.Contains((s, declaration.Trigger))))
            {
                var row = Compile(declaration, state);
                if (!fallbackIndex.TryAdd((state, declaration.Trigger), row))
                    throw new InvalidOperationException($"PermitFromAll({declaration.Trigger}) is declared more than once for state '{state}': its row to '{declaration.To}' can never run.");
                ordered.Add(row);
            }
        }

        foreach (var (key, row) in fallbackIndex)
            Add(explicitIndex, key, row);

        var index = explicitIndex.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
        var handled = ordered.GroupBy(r => r.Row.From)
            .ToFrozenDictionary(g => g.Key, g => g.Select(r => r.Row.Trigger).Distinct().ToArray());
        return new StateMachineDefinition<TState, TTrigger, TContext>([.. ordered.Select(r => r.Row)], index, handled);
    }

    /// <summary>Describes a row the way error messages show it.</summary>
    internal static string Describe(TransitionRow<TState, TTrigger> row) => row.Kind switch
    {
        TransitionKind.Ignore => $"{row.From} : {row.Trigger} (ignored)",
        TransitionKind.Internal => $"{row.From} : {row.Trigger} (internal)",
        _ => row.Guard is null ? $"{row.From} --> {row.To} : {row.Trigger}" : $"{row.From} --> {row.To} : {row.Trigger} [{row.Guard}]",
    };

    private static void Add<TRow>(Dictionary<(TState, TTrigger), List<TRow>> index, (TState, TTrigger) key, TRow row)
    {
        if (!index.TryGetValue(key, out var rows))
            index[key] = rows = [];
        rows.Add(row);
    }

    private static bool Covers(Declaration<TState, TTrigger, TContext> fromAll, TState state) =>
        !EqualityComparer<TState>.Default.Equals(state, fromAll.To!.Value) && !fromAll.Except.Contains(state);

    private static void CheckGuardDescription(Declaration<TState, TTrigger, TContext> declaration)
    {
        if (declaration.Guard is not null && string.IsNullOrWhiteSpace(declaration.GuardDescription))
            throw new InvalidOperationException($"PermitIf({declaration.From}, {declaration.Trigger}, {declaration.To}) has an empty guard description; it names the condition in errors and diagrams.");
    }

    private static void CheckExplicitRows(TState state, TTrigger trigger, Declaration<TState, TTrigger, TContext>[] rows)
    {
        var permits = rows.Count(r => r.Kind == TransitionKind.Permit);
        if (permits > 0 && permits < rows.Length)
            throw new InvalidOperationException($"State '{state}' both ignores or handles '{trigger}' internally and permits a transition on it; declare one or the other.");

        var firstAlways = Array.FindIndex(rows, r => r.Guard is null);
        if (firstAlways >= 0 && firstAlways < rows.Length - 1)
        {
            var winner = Describe(ToRow(rows[firstAlways], state));
            var later = string.Join(", ", rows.Skip(firstAlways + 1).Select(r => Describe(ToRow(r, state))));
            throw new InvalidOperationException($"In state '{state}', the unguarded row '{winner}' always handles '{trigger}', so these later rows can never run: {later}.");
        }
    }

    private static TransitionRow<TState, TTrigger> ToRow(Declaration<TState, TTrigger, TContext> declaration, TState from) =>
        new(from, declaration.Trigger, declaration.To, declaration.Guard is null ? null : declaration.GuardDescription, declaration.Kind);

    private CompiledRow<TState, TTrigger, TContext> Compile(Declaration<TState, TTrigger, TContext> declaration, TState from)
    {
        var row = ToRow(declaration, from);
        var moves = declaration.Kind == TransitionKind.Permit;
        return new(
            row,
            declaration.Guard,
            declaration.Action,
            moves ? [.. exits[from]] : [],
            moves ? [.. entries[row.To!.Value]] : []);
    }
}
