using System.Text.Json;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Cli.Tests;

internal static class Up
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    internal sealed record Endpoints(string SpeakerApi, string Control, string Mqtt, PartnerEntry[] Partners, string[] Devices, string Sepay, BankAccountEntry[] BankAccounts, PartnerEntry[] SepayOAuthClients, string[] SepayApiTokens);

    internal sealed record BankAccountEntry(long Id, string AccountNumber, string Bank);

    internal sealed record PartnerEntry(string ClientId, string ClientSecret);

    /// <summary>A running <c>sbsim up</c> in this process, stopped (as by Ctrl+C) on dispose.</summary>
    internal sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(Token);

        private Running(string[] args)
        {
            EndpointsFile = Path.Combine(RepoPaths.NewTempFolder("sbsim-up"), "endpoints.json");
            Exit = SbsimCli.RunAsync(["up", "--port", "0", "--sepay-port", "0", "--mqtt-port", "0", "--endpoints-file", EndpointsFile, .. args], Output, TextWriter.Null, _stop.Token);
        }

        public LineWriter Output { get; } = new();

        public string EndpointsFile { get; }

        public Task<int> Exit { get; }

        public static async Task<(Running Up, Endpoints Endpoints)> StartAsync(params string[] args)
        {
            var up = new Running(args);
            var ready = await Task.WhenAny(up.Output.WaitForLineAsync("Ctrl+C to stop.", Token), up.Exit);
            Assert.True(ready != up.Exit, $"sbsim up exited with {(up.Exit.IsCompleted ? up.Exit.Result : -1)} before it was ready");
            var endpoints = JsonSerializer.Deserialize<Endpoints>(await File.ReadAllBytesAsync(up.EndpointsFile, Token), JsonSerializerOptions.Web)!;
            return (up, endpoints);
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await Exit;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }
}
