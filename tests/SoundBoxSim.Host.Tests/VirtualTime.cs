using SoundBoxSim.Device;
using SoundBoxSim.SpeakerApi.Cloud;

namespace SoundBoxSim.Host.Tests;

internal static class VirtualTime
{
    /// <summary>
    /// Advances the simulator's virtual clock in steps until <paramref name="condition"/> holds. The devices' MQTT
    /// traffic is real and asynchronous, so each step first lets the activity in flight settle (a device event or a
    /// settled notification wakes it at once), then moves time on.
    /// </summary>
    public static async Task AdvanceUntilAsync(this Simulator simulator, Func<Task<bool>> condition, string what, double stepSeconds = 0.5, double limitSeconds = 900)
    {
        var clock = (VirtualClock)simulator.Time;
        using var changed = new SemaphoreSlim(0);
        void OnActivity(SpeakerDevice d, object a) => changed.Release();
        void OnSettled(NotificationView n) => changed.Release();
        simulator.Fleet.Activity += OnActivity;
        simulator.Cloud.NotificationSettled += OnSettled;
        try
        {
            for (var advanced = 0.0; !await condition();)
            {
                if (!await changed.WaitAsync(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken))
                {
                    Assert.True(advanced < limitSeconds, $"{what}: not reached after {advanced} s of virtual time");
                    clock.Advance(TimeSpan.FromSeconds(stepSeconds));
                    advanced += stepSeconds;
                }
            }
        }
        finally
        {
            simulator.Fleet.Activity -= OnActivity;
            simulator.Cloud.NotificationSettled -= OnSettled;
        }
    }
}
