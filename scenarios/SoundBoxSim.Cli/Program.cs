using SoundBoxSim.Cli;

// The standalone broker opts into the runtime's inline socket completions (read once, when the first socket is used):
// its packet handlers never block, so running them on the socket event threads saves a thread-pool hop per read and
// about a third of the CPU under QoS 1 load (bench/RESULTS.md). Set the variable to 0 to opt out.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (args is ["broker", ..] && Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

return await SbsimCli.RunAsync(args, Console.Out, Console.Error);
