using System.CommandLine;
using System.CommandLine.Parsing;
using SoundBoxSim.Cli.Commands;

namespace SoundBoxSim.Cli;

/// <summary>The sbsim command line: one subcommand per job.</summary>
public static class SbsimCli
{
    /// <summary>Exit code for input the command cannot accept (a bad amount, an unknown option).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a failure while doing the work (a synthesizer error, an unreadable pack).</summary>
    public const int Failed = 1;

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("SoundBoxSim: a SePay SoundBox payment speaker simulator and test harness.")
        {
            SayCommand.Create(output, error),
            VoicePackCommand.Create(output, error),
            BrokerCommand.Create(output, error),
            EmulateCommand.Create(output, error),
            UpCommand.Create(output, error),
            BankCommand.Create(output, error),
            WebhookCommand.Create(output, error),
        };
        var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            // One line that says what was wrong, instead of the whole help page.
            var message = string.Join("; ", parsed.Errors.Select(e =>
                string.Join(' ', e.Message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))));
            var path = new List<string>();
            for (var result = parsed.CommandResult; result.Command != root && result.Parent is CommandResult parent; result = parent)
            {
                path.Insert(0, result.Command.Name); // "webhook listen", not just "listen"
            }

            var help = path.Count == 0 ? "sbsim --help" : $"sbsim {string.Join(' ', path)} --help";
            await error.WriteLineAsync($"sbsim: {message} (see: {help})");
            return BadInput;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
