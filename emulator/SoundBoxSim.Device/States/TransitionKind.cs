namespace SoundBoxSim.Device.States;

/// <summary>What a row of the table does when its trigger fires, so diagrams and checks can tell rows apart.</summary>
public enum TransitionKind
{
    /// <summary>Leaves the state (exit actions), enters the destination (entry actions); may re-enter the same state.</summary>
    Permit,

    /// <summary>The trigger is expected here and deliberately does nothing.</summary>
    Ignore,

    /// <summary>The trigger runs an action in place, without leaving or re-entering the state.</summary>
    Internal,
}
