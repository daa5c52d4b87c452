using System.CommandLine;
using SoundBoxSim.Voice;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim say</c>: speak an amount, an OTP or a phrase to a WAV file (or print its words).</summary>
internal static class SayCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var amount = new Argument<string?>("amount")
        {
            Description = "Amount received, in đồng (150000 or 150.000).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var otp = new Option<string?>("--otp") { Description = "Speak this 4-digit pairing code instead of an amount." };
        var phrase = new Option<string?>("--phrase")
        {
            Description = $"Speak this phrase instead: {string.Join(", ", PhraseKeys.Required)}.",
        };
        var number = new Option<long?>("--number") { Description = "The {number} of a phrase that has one (volume)." };
        var text = new Option<bool>("--text") { Description = "Print the words only (the amount's reading and 'đồng'); write no audio." };
        var region = new Option<VietnameseRegion>("--region")
        {
            Description = "north (linh, nghìn, tư) or south (lẻ, ngàn, bốn).",
            DefaultValueFactory = _ => VietnameseRegion.North,
        };
        var voice = new Option<string>("--voice") { Description = "clips (recorded words), espeak or azure.", DefaultValueFactory = _ => "clips" };
        voice.AcceptOnlyFromAmong([.. VoiceOptions.Synthesizers]);
        var model = new Option<string?>("--model") { Description = "Device model whose wording to use, e.g. \"S5 Plus\"." };
        var pack = new Option<string?>("--pack") { Description = "A voice pack folder instead of the built-in pack." };
        var outFile = new Option<string>("--out") { Description = "The WAV file to write.", DefaultValueFactory = _ => "announcement.wav" };
        var play = new Option<bool>("--play") { Description = "Also play it through aplay, paplay or ffplay if one is installed." };

        var command = new Command("say", "Speak an amount (or an OTP, or a phrase) in Vietnamese and write it as a WAV file.")
        {
            amount, otp, phrase, number, text, region, voice, model, pack, outFile, play,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = Describe(result.GetValue(amount), result.GetValue(otp), result.GetValue(phrase), result.GetValue(number), out var reason);
            if (request is null)
            {
                await error.WriteLineAsync($"sbsim say: {reason}");
                return SbsimCli.BadInput;
            }

            try
            {
                var speaker = SpeakerVoice.Create(new VoiceOptions
                {
                    Region = result.GetValue(region),
                    Synthesizer = result.GetValue(voice)!,
                    Model = result.GetValue(model),
                    PackFolder = result.GetValue(pack),
                });
                if (result.GetValue(text))
                {
                    await output.WriteLineAsync(request.Value.Key switch
                    {
                        PhraseKeys.AmountReceived => VietnameseNumberReader.Read(request.Value.Arguments.Amount!.Value, speaker.Style) + " đồng",
                        PhraseKeys.Otp => VietnameseNumberReader.ReadDigits(request.Value.Arguments.Otp!),
                        _ => speaker.Render(request.Value.Key, request.Value.Arguments).Text,
                    });
                    return 0;
                }

                var spoken = await speaker.SayAsync(request.Value.Key, request.Value.Arguments, cancellationToken);
                var path = result.GetValue(outFile)!;
                await File.WriteAllBytesAsync(path, spoken.ToWav(), cancellationToken);
                await output.WriteLineAsync(
                    $"{path}: {spoken.Duration.TotalSeconds:0.00} s, {spoken.Audio.SampleRate} Hz, voice {speaker.Synthesizer.Name} ({speaker.Pack.Name}): {spoken.Text}");
                if (result.GetValue(play) && await AudioPlayer.PlayAsync(path, cancellationToken) is { } note)
                {
                    await error.WriteLineAsync($"sbsim say: {note}");
                }

                return 0;
            }
            catch (Exception ex) when (ex is SpeechSynthesisException or VoicePackException or KeyNotFoundException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"sbsim say: {ex.Message.ReplaceLineEndings(" ")}");
                return ex is KeyNotFoundException or ArgumentException ? SbsimCli.BadInput : SbsimCli.Failed;
            }
        });
        return command;
    }

    private static (string Key, PhraseArguments Arguments)? Describe(string? amountText, string? otp, string? phrase, long? number, out string? reason)
    {
        reason = null;
        var given = (amountText is null ? 0 : 1) + (otp is null ? 0 : 1) + (phrase is null ? 0 : 1);
        if (given != 1)
        {
            reason = given == 0
                ? "say what to speak: an amount (./sbsim say 150000), --otp 0427 or --phrase low_battery"
                : "give only one of: an amount, --otp, --phrase";
            return null;
        }

        if (otp is not null)
        {
            reason = CliInput.CheckOtp(otp);
            return reason is null ? (PhraseKeys.Otp, new PhraseArguments { Otp = otp }) : null;
        }

        if (phrase is not null)
        {
            if (number is < 0 or > VietnameseNumberReader.MaxAmount)
            {
                reason = $"--number {number} is out of range (0 to {VietnameseNumberReader.MaxAmount})";
                return null;
            }

            return (phrase, new PhraseArguments { Number = number });
        }

        var amount = CliInput.ParseAmount(amountText, out reason);
        return amount is null ? null : (PhraseKeys.AmountReceived, new PhraseArguments { Amount = amount });
    }
}
