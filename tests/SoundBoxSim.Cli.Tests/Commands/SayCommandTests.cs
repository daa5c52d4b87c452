using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;

namespace SoundBoxSim.Cli.Tests.Commands;

public sealed class SayCommandTests
{
    [Theory]
    [InlineData(new[] { "say", "1005000", "--text" }, "một triệu không trăm linh năm nghìn đồng")]
    [InlineData(new[] { "say", "1.005.000", "--text" }, "một triệu không trăm linh năm nghìn đồng")]
    [InlineData(new[] { "say", "1,005,000", "--text", "--region", "south" }, "một triệu không trăm lẻ năm ngàn đồng")]
    [InlineData(new[] { "say", "0", "--text" }, "không đồng")]
    [InlineData(new[] { "say", "999999999999999", "--text" }, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng")]
    [InlineData(new[] { "say", "--otp", "0427", "--text" }, "không bốn hai bảy")]
    [InlineData(new[] { "say", "--phrase", "low_battery", "--text" }, "Pin yếu, vui lòng sạc pin.")]
    public async Task Say_Text_PrintsOnlyTheReadingOnOneLine(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal((0, expected + Environment.NewLine, ""), (run.ExitCode, run.Output, run.Error));
    }

    [Theory]
    [InlineData(new[] { "say", "-5" }, "negative")]
    [InlineData(new[] { "say", "abc" }, "not a whole number")]
    [InlineData(new[] { "say", "1.5" }, "not a whole number")]
    [InlineData(new[] { "say", "15.00" }, "not a whole number")]
    [InlineData(new[] { "say", "1000000000000000" }, "too large")]
    [InlineData(new[] { "say", "99999999999999999999999" }, "too large")]
    [InlineData(new[] { "say", "--otp", "123" }, "exactly 4 digits")]
    [InlineData(new[] { "say", "--otp", "12345" }, "exactly 4 digits")]
    [InlineData(new[] { "say", "--otp", "12a4" }, "exactly 4 digits")]
    [InlineData(new[] { "say" }, "say what to speak")]
    [InlineData(new[] { "say", "5", "--otp", "1234" }, "only one of")]
    [InlineData(new[] { "say", "5", "--voice", "robot" }, "robot")]
    [InlineData(new[] { "say", "5", "--region", "east" }, "east")]
    [InlineData(new[] { "say", "--phrase", "sing", "--text" }, "sing")]
    [InlineData(new[] { "fly" }, "fly")]
    public async Task Say_BadInput_ExitsNonZeroWithOneLineReason(string[] args, string reason)
    {
        var run = await CliRun.RunAsync(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Say_Amount_WritesWavOfTheFullPhraseThatSoxReads()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("say"), "announcement.wav");

        var run = await CliRun.RunAsync("say", "1005000", "--out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Đã nhận một triệu không trăm linh năm nghìn đồng.", run.Output, StringComparison.Ordinal);
        var audio = await WaveFile.ReadAsync(path, TestContext.Current.CancellationToken);
        var info = await Sox.InfoAsync(path, TestContext.Current.CancellationToken);
        var stat = await Sox.StatAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal((audio.SampleRate, 1, 16, (long)audio.Samples.Length), (info.SampleRate, info.Channels, info.Bits, info.Samples));
        Assert.InRange(audio.Duration.TotalSeconds, 1.5, 8);
        Assert.InRange(stat.RmsAmplitude, 0.01, 1);
        Assert.True(stat.MaximumAmplitude < 1.0, $"clipped: max amplitude {stat.MaximumAmplitude}");
    }

    [Fact]
    public async Task Say_OtpWithModel_WritesLongerWavThanOneReading()
    {
        var folder = RepoPaths.NewTempFolder("say-otp");
        var otp = Path.Combine(folder, "otp.wav");
        var digits = Path.Combine(folder, "digits.wav");

        Assert.Equal(0, (await CliRun.RunAsync("say", "--otp", "0427", "--model", "S5 Plus", "--out", otp)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("say", "--phrase", "volume", "--number", "4", "--out", digits)).ExitCode);

        var otpReport = await Sox.InfoAsync(otp, TestContext.Current.CancellationToken);
        var shortReport = await Sox.InfoAsync(digits, TestContext.Current.CancellationToken);
        Assert.True(otpReport.Samples > 2 * shortReport.Samples, "the OTP phrase says four digits twice");
    }

    [Fact]
    public async Task Say_AzureWithoutConfiguration_FailsNamingTheVariables()
    {
        Assert.Null(Environment.GetEnvironmentVariable("SBSIM_AZURE_SPEECH_KEY"));

        var run = await CliRun.RunAsync("say", "150000", "--voice", "azure", "--out", Path.Combine(RepoPaths.NewTempFolder("azure"), "a.wav"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SBSIM_AZURE_SPEECH_KEY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launcher_SayText_BuildsIfNeededAndPrintsReading()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Combine("sbsim"), ["say", "21000", "--text"], RepoPaths.Root, TestContext.Current.CancellationToken);

        Assert.Equal("hai mươi mốt nghìn đồng", result.EnsureSuccess("./sbsim say").StandardOutput.Trim());
    }
}
