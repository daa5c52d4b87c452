using SoundBoxSim.Cli;

return await SbsimCli.RunAsync(args, Console.Out, Console.Error);
