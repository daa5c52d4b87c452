using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests;

/// <summary>emulator/README.md draws the device's real transition table; this test keeps the drawing true.</summary>
public sealed class DeviceStateDiagramTests
{
    private const string Begin = "<!-- state-diagram:begin (written by DeviceStateDiagramTests; do not edit) -->";
    private const string End = "<!-- state-diagram:end -->";

    [Fact]
    public void ReadmeDiagram_IsTheTransitionTable_RewrittenWhenOutOfDate()
    {
        var path = Path.Combine(RepoPaths.Root, "emulator", "README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} lacks the diagram markers:\n{Begin}\n{End}");

        var diagram = $"{Begin}\n```mermaid\n{SpeakerDevice.Machine.ToMermaid(DeviceState.Off)}```\n{End}";
        var current = readme[begin..(end + End.Length)];
        if (current != diagram)
        {
            File.WriteAllText(path, readme[..begin] + diagram + readme[(end + End.Length)..]);
        }

        Assert.True(current == diagram, $"{path} showed an old state diagram; it has been rewritten from the table, commit it.");
    }

    [Fact]
    public void Diagram_DrawsEveryStateAndTheGuardedReturnsFromAnnouncing()
    {
        var mermaid = SpeakerDevice.Machine.ToMermaid(DeviceState.Off);

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Contains("[*] --> Off", mermaid, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<DeviceState>())
        {
            Assert.Contains(state, mermaid, StringComparison.Ordinal);
        }

        Assert.Contains("Announcing --> Ready : SpeechFinished [paired and online]", mermaid, StringComparison.Ordinal);
        Assert.Contains("Ready --> Off : BatteryEmpty", mermaid, StringComparison.Ordinal);
    }
}
