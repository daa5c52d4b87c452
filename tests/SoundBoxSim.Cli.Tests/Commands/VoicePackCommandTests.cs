using SoundBoxSim.Testing;

namespace SoundBoxSim.Cli.Tests.Commands;

public sealed class VoicePackCommandTests
{
    [Theory]
    [InlineData("north")]
    [InlineData("south")]
    public async Task Check_BuiltInPack_Passes(string region)
    {
        var run = await CliRun.RunAsync("voicepack", "check", "--region", region);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"pack '{region}'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_ShippedPack_ListsNumberAndPhraseWordsWithTelexFiles()
    {
        var run = await CliRun.RunAsync("voicepack", "words", "--pack", RepoPaths.Combine("emulator", "voicepacks", "north"));

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("mốt\tclips/moots.wav", lines);
        Assert.Contains("một\tclips/mootj.wav", lines);
        Assert.Contains("linh\tclips/linh.wav", lines);
        Assert.Contains("đồng\tclips/ddoongf.wav", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("lẻ\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_PackWithMissingClip_FailsNamingTheWord()
    {
        var folder = RepoPaths.NewTempFolder("pack");
        var source = RepoPaths.Combine("emulator", "voicepacks", "north");
        File.Copy(Path.Combine(source, "pack.json"), Path.Combine(folder, "pack.json"));
        Directory.CreateDirectory(Path.Combine(folder, "clips"));
        foreach (var clip in Directory.GetFiles(Path.Combine(source, "clips")).Where(f => !f.EndsWith("/moots.wav", StringComparison.Ordinal)))
        {
            File.Copy(clip, Path.Combine(folder, "clips", Path.GetFileName(clip)));
        }

        var run = await CliRun.RunAsync("voicepack", "check", "--pack", folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("clips/moots.wav", run.Error, StringComparison.Ordinal);
    }
}
