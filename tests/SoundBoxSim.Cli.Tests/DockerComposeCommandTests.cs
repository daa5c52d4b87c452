using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using SoundBoxSim.Architecture.Tests;
using SoundBoxSim.Cli.Commands;
using SoundBoxSim.Host.Control;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Cli.Tests;

/// <summary>The commands docker-compose.yml and the Dockerfile give sbsim are real <c>sbsim up</c> command lines, read
/// by the CLI's own parser, and agree with the ports, broker, volume and healthcheck around them. The files
/// themselves are checked in SoundBoxSim.Architecture.Tests (DockerComposeTests), whose readers are linked in here.</summary>
public sealed partial class DockerComposeCommandTests
{
    private static ComposeFile Compose => ComposeFile.Load(RepoPaths.Combine("docker-compose.yml"));

    private static ComposeService Simulator => Compose.Services.Values.Single(s => s.Build is not null);

    [Fact]
    public void SimulatorCommand_ParsesAsSbsimUp()
    {
        var command = Simulator.Command;

        Assert.NotNull(command);
        AssertIsUp(command);
    }

    [Fact]
    public void DockerfileCmd_ParsesAsSbsimUp()
    {
        var cmd = Dockerfile.Load(Simulator.Build!.Value.Dockerfile).Final("CMD");

        Assert.NotNull(cmd);
        AssertIsUp(Dockerfile.ExecForm(cmd) ?? throw new InvalidDataException("CMD must be in exec form: the ENTRYPOINT is exec form"));
    }

    [Fact]
    public void SimulatorBroker_IsTheMosquittoServiceOnItsListenerPort()
    {
        var compose = Compose;
        var simulator = compose.Services.Values.Single(s => s.Build is not null);
        var broker = Parse(simulator.Command!).GetValue<string?>("--broker");

        Assert.NotNull(broker);
        Assert.True(BrokerAddress.TryParse(broker, out var address, out var problem), problem);
        Assert.False(address.Embedded);
        Assert.True(compose.Services.TryGetValue(address.Host, out var mosquitto), $"--broker {broker}: {address.Host} is not a service of the compose file");
        Assert.Contains(address.Host, simulator.DependsOn);
        Assert.Contains(address.Port, mosquitto.MosquittoListeners());
    }

    [Fact]
    public void SimulatorPorts_AreTheOnesTheCommandListensOn_AndExposed()
    {
        var simulator = Simulator;
        var parsed = Parse(simulator.Command!);
        var listening = new SortedSet<int> { parsed.GetValue<int>("--port"), parsed.GetValue<int>("--sepay-port") };
        if (parsed.GetValue<string?>("--broker") is null)
        {
            listening.Add(parsed.GetValue<int>("--mqtt-port")); // the embedded broker listens only without --broker
        }

        var published = new SortedSet<int>(simulator.Ports.Select(p => p.ContainerPort));
        var exposed = Dockerfile.Load(simulator.Build!.Value.Dockerfile).ExposedPorts;

        Assert.Equal(listening, published);
        Assert.Subset(exposed.ToHashSet(), listening.ToHashSet());
        Assert.False(IPAddress.IsLoopback(IPAddress.Parse(parsed.GetValue<string>("--bind")!)), "--bind must not be a loopback address: a published port reaches the container from outside it");
    }

    [Fact]
    public void SimulatorData_AndEndpointsFile_AreOnAVolume()
    {
        var simulator = Simulator;
        var parsed = Parse(simulator.Command!);
        var data = parsed.GetValue<string?>("--data");
        var endpoints = parsed.GetValue<string?>("--endpoints-file");

        Assert.NotNull(data);
        Assert.NotNull(endpoints);
        Assert.Contains(simulator.Volumes, v => v.Type == "volume" && v.Source is not null && v.Target == data);
        Assert.StartsWith(data.TrimEnd('/') + "/", endpoints, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulatorHealthcheck_AsksTheControlApiOnTheHttpPort()
    {
        var simulator = Simulator;
        var test = simulator.HealthcheckTest;

        Assert.NotNull(test);
        var text = string.Join(' ', test);
        var target = HealthcheckTarget().Match(text);
        Assert.True(target.Success, $"healthcheck {text}: expected a request to 127.0.0.1 (/dev/tcp/127.0.0.1/PORT or 127.0.0.1:PORT)");
        Assert.Equal(Parse(simulator.Command!).GetValue<int>("--port").ToString(System.Globalization.CultureInfo.InvariantCulture), target.Groups[1].Value);
        Assert.Contains($" {ControlEndpoints.BasePath}/", text, StringComparison.Ordinal);
    }

    /// <summary>The args as the sbsim CLI reads them: the real <c>up</c> command, in a root command as SbsimCli builds it.</summary>
    private static ParseResult Parse(IReadOnlyList<string> args) =>
        new RootCommand { UpCommand.Create(TextWriter.Null, TextWriter.Null) }.Parse([.. args]);

    private static void AssertIsUp(IReadOnlyList<string> args)
    {
        var parsed = Parse(args);

        Assert.True(parsed.Errors.Count == 0, $"sbsim {string.Join(' ', args)}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.Equal("up", parsed.CommandResult.Command.Name);
        Assert.Empty(parsed.UnmatchedTokens);

        // What sbsim up checks before it starts anything.
        Assert.True(IPAddress.TryParse(parsed.GetValue<string>("--bind"), out _), "--bind must be an IP address");
        if (parsed.GetValue<string?>("--broker") is { } broker)
        {
            Assert.True(BrokerAddress.TryParse(broker, out var address, out var problem) && !address.Embedded, $"--broker {broker}: {problem}");
        }
    }

    [GeneratedRegex(@"127\.0\.0\.1[/:](\d+)")]
    private static partial Regex HealthcheckTarget();
}
