namespace SoundBoxSim.Device.States;

/// <summary>
/// A trigger fired in a state whose table has no row for it, or none whose guard passed. The message names the
/// state, the trigger, the guards that failed and what the state does handle, so a test failure explains itself.
/// </summary>
public sealed class UnhandledTriggerException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="trigger"/> in <paramref name="state"/>.</summary>
    /// <param name="state">The state's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="message">The full explanation.</param>
    public UnhandledTriggerException(string state, string trigger, string message)
        : base(message)
    {
        State = state;
        Trigger = trigger;
    }

    /// <summary>Creates the exception with no details.</summary>
    public UnhandledTriggerException()
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The explanation.</param>
    public UnhandledTriggerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping its cause.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The cause.</param>
    public UnhandledTriggerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The name of the state the machine was in; empty when not given.</summary>
    public string State { get; } = "";

    /// <summary>The name of the trigger that was not handled; empty when not given.</summary>
    public string Trigger { get; } = "";
}
