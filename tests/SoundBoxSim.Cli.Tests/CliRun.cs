namespace SoundBoxSim.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SbsimCli.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
