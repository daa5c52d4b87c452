namespace SoundBoxSim.SpeakerApi.Tests;

/// <summary>Replaced by the Speaker API's tests.</summary>
internal static class Placeholder;
