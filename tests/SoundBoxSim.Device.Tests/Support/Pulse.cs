namespace SoundBoxSim.Device.Tests.Support;

/// <summary>Wakes waiters whenever something happens (a device activity, a cloud message); they then re-check their condition.</summary>
internal sealed class Pulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Beat() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public Task Next => Volatile.Read(ref _next).Task;
}
