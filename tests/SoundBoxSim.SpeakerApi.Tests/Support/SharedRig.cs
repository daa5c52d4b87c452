namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>
/// One rig for a whole test class whose tests leave no trace (every request is refused before it changes anything),
/// with a valid token for partner A. The clock never moves, so the token stays valid.
/// </summary>
public sealed class SharedRig : IAsyncLifetime
{
    internal SpeakerApiRig Rig { get; private set; } = null!;

    internal ApiClient Partner { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Rig = await SpeakerApiRig.StartAsync(devices: 1);
        Partner = await Rig.PartnerWithTokenAsync();
    }

    public ValueTask DisposeAsync() => Rig.DisposeAsync();
}
