using SoundBoxSim.Device.Power;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Power;

/// <summary>A battery on a counting virtual clock, with every event it raises recorded with its virtual time.</summary>
internal sealed class PowerRig : IDisposable
{
    private readonly List<(string Name, TimeSpan At)> _events = [];
    private readonly Lock _lock = new();

    public PowerRig(PowerOptions? options = null, double percent = 100, bool mains = true)
    {
        Options = options ?? new PowerOptions();
        Clock = new ManualTimeProvider();
        Time = new CountingTimeProvider(Clock);
        Start = Clock.GetUtcNow();
        Battery = new Battery(Options, Time, percent, mains);
        Battery.LowBattery += (_, _) => Record(nameof(Battery.LowBattery));
        Battery.Empty += (_, _) => Record(nameof(Battery.Empty));
        Battery.Full += (_, _) => Record(nameof(Battery.Full));
        Battery.MainsChanged += (_, _) => Record(nameof(Battery.MainsChanged));
    }

    public PowerOptions Options { get; }

    public ManualTimeProvider Clock { get; }

    public CountingTimeProvider Time { get; }

    public Battery Battery { get; }

    public DateTimeOffset Start { get; }

    /// <summary>Virtual time since the rig was built.</summary>
    public TimeSpan Elapsed => Clock.GetUtcNow() - Start;

    public IReadOnlyList<string> Names
    {
        get { lock (_lock) { return [.. _events.Select(e => e.Name)]; } }
    }

    public void Advance(TimeSpan delta) => Clock.Advance(delta);

    public int Count(string name)
    {
        lock (_lock) { return _events.Count(e => e.Name == name); }
    }

    /// <summary>When <paramref name="name"/> was first raised, since the rig was built.</summary>
    public TimeSpan FirstAt(string name)
    {
        lock (_lock) { return _events.First(e => e.Name == name).At; }
    }

    public void Dispose() => Battery.Dispose();

    private void Record(string name)
    {
        var at = Elapsed;
        lock (_lock) { _events.Add((name, at)); }
    }
}
