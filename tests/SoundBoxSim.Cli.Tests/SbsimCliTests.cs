namespace SoundBoxSim.Cli.Tests;

public sealed class SbsimCliTests
{
    [Theory]
    [InlineData(new[] { "bank", "transfer", "--amount", "1000", "--bogus" }, "(see: sbsim bank transfer --help)")]
    [InlineData(new[] { "up", "--bogus" }, "(see: sbsim up --help)")]
    [InlineData(new[] { "--bogus" }, "(see: sbsim --help)")]
    public async Task AParseError_PointsAtTheHelpOfTheWholeCommand(string[] args, string hint)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.EndsWith(hint, run.Error.Trim(), StringComparison.Ordinal);
    }
}
