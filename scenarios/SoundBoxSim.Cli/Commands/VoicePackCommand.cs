using System.CommandLine;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim voicepack</c>: list, check and generate the word clips of a voice pack.</summary>
internal static class VoicePackCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("voicepack", "Work with voice packs: the phrase templates and word clips of the default voice.");
        command.Subcommands.Add(Words(output, error));
        command.Subcommands.Add(Check(output, error));
        command.Subcommands.Add(Generate(output, error));
        return command;
    }

    private static Option<string> PackOption(bool required) => new("--pack")
    {
        Description = "The pack folder (with pack.json).",
        Required = required,
    };

    private static Command Words(TextWriter output, TextWriter error)
    {
        var pack = PackOption(required: true);
        var command = new Command("words", "List every word the pack must have a clip for, with its clip file name (for recording a human pack).") { pack };
        command.SetAction(async (result, _) => await Guarded(error, "words", async () =>
        {
            foreach (var word in VoicePackBuilder.RequiredWords(VoicePack.ReadManifest(result.GetValue(pack)!)))
            {
                await output.WriteLineAsync($"{word}\tclips/{ClipFileNames.ToTelex(word)}.wav");
            }

            return 0;
        }));
        return command;
    }

    private static Command Check(TextWriter output, TextWriter error)
    {
        var pack = PackOption(required: false);
        var region = new Option<VietnameseRegion>("--region") { Description = "Check the built-in pack of this region (when no --pack is given).", DefaultValueFactory = _ => VietnameseRegion.North };
        var command = new Command("check", "Load a pack and check that every word its phrases and numbers need has a clip.") { pack, region };
        command.SetAction(async (result, _) => await Guarded(error, "check", async () =>
        {
            var folder = result.GetValue(pack);
            var loaded = folder is null ? VoicePack.LoadBuiltIn(result.GetValue(region)) : VoicePack.LoadFolder(folder);
            var missing = loaded.MissingWords(VoicePackBuilder.RequiredWords(loaded.Manifest));
            if (missing.Count > 0)
            {
                await error.WriteLineAsync($"sbsim voicepack check: pack '{loaded.Name}' has no clip for: {string.Join(", ", missing)}");
                return SbsimCli.Failed;
            }

            await output.WriteLineAsync($"pack '{loaded.Name}': {loaded.Clips.Count} clips at {loaded.SampleRate} Hz cover every word of its {loaded.Phrases.Keys.Count()} phrases and of any amount.");
            return 0;
        }));
        return command;
    }

    private static Command Generate(TextWriter output, TextWriter error)
    {
        var pack = PackOption(required: true);
        var voice = new Option<string>("--espeak-voice") { Description = "The espeak-ng voice: vi, vi-vn-x-central or vi-vn-x-south.", DefaultValueFactory = _ => "vi" };
        var rate = new Option<int>("--rate") { Description = "Speaking rate in words per minute.", DefaultValueFactory = _ => 150 };
        var command = new Command("generate", "Render every word of the pack with espeak-ng and rewrite its clips.") { pack, voice, rate };
        command.SetAction(async (result, cancellationToken) => await Guarded(error, "generate", async () =>
        {
            var espeakVoice = result.GetValue(voice)!;
            var synthesizer = new EspeakSynthesizer(new EspeakOptions { Voice = espeakVoice, WordsPerMinute = result.GetValue(rate) });
            var words = await VoicePackBuilder.GenerateAsync(result.GetValue(pack)!, synthesizer, $"espeak-ng voice {espeakVoice}", cancellationToken);
            await output.WriteLineAsync($"wrote {words.Count} clips to {Path.Combine(result.GetValue(pack)!, "clips")}");
            return 0;
        }));
        return command;
    }

    private static async Task<int> Guarded(TextWriter error, string name, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is VoicePackException or SpeechSynthesisException or FormatException or IOException or ArgumentException)
        {
            await error.WriteLineAsync($"sbsim voicepack {name}: {ex.Message.ReplaceLineEndings(" ")}");
            return SbsimCli.Failed;
        }
    }
}
