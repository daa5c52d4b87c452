using SoundBoxSim.Testing;

namespace SoundBoxSim.Architecture.Tests;

/// <summary>The promises the README makes about the two commands and CI.</summary>
public sealed class RepositoryTests
{
    [Fact]
    public void CiRun_CallsExactlyTheReadmeTestCommand()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var ci = File.ReadAllLines(RepoPaths.Combine(".ci", "run")).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0);

        Assert.Contains("| Run every test | `./test.sh` |", readme, StringComparison.Ordinal);
        Assert.Contains("exec ./test.sh", ci);
    }

    [Theory]
    [InlineData("sbsim")]
    [InlineData("test.sh")]
    [InlineData(".ci/run")]
    [InlineData("emulator/voicepacks/generate.sh")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Scripts_AreExecutable(string script) =>
        Assert.True((File.GetUnixFileMode(RepoPaths.Combine(script)) & UnixFileMode.UserExecute) != 0, $"{script} is not executable (git update-index --chmod=+x {script}).");

    [Fact]
    public void TestScript_EndsWithTheCountLine() =>
        Assert.Contains("echo \"tests: $1 passed, $2 failed, $3 skipped\"", File.ReadAllText(RepoPaths.Combine("test.sh")), StringComparison.Ordinal);

    [Fact]
    public void BuildPolicy_BansTheAmbientClock()
    {
        var banned = File.ReadAllText(RepoPaths.Combine("BannedSymbols.txt"));
        var props = File.ReadAllText(RepoPaths.Combine("Directory.Build.props"));

        Assert.Contains("P:System.DateTime.Now;", banned, StringComparison.Ordinal);
        Assert.Contains("P:System.DateTime.UtcNow;", banned, StringComparison.Ordinal);
        Assert.Contains("P:System.DateTimeOffset.UtcNow;", banned, StringComparison.Ordinal);
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", props, StringComparison.Ordinal);
        Assert.Contains("BannedSymbols.txt", props, StringComparison.Ordinal);
    }
}
