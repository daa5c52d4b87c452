using System.Text.Json;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.VietQr.Support;

/// <summary>
/// Runs the independent references in tests/tools with node. Like the project's other node tests: a missing node or
/// npm package fails the test saying what is missing, and skips only when the test command recorded that it could not
/// install it on this machine (<see cref="ExternalTool.UninstallableVariable"/>).
/// </summary>
internal static class NodeTools
{
    public static string Folder => RepoPaths.Combine("tests", "tools");

    /// <summary>Runs <c>node <paramref name="script"/> <paramref name="arguments"/></c> in tests/tools and parses its standard output as JSON.</summary>
    public static async Task<JsonElement> RunJsonAsync(string script, IEnumerable<string> arguments, params string[] packages)
    {
        var node = ExternalTool.Require("node", "nodejs");
        foreach (var package in packages)
        {
            RequirePackage(package);
        }

        var result = await ProcessRunner.RunAsync(node, [script, .. arguments], Folder, TestContext.Current.CancellationToken);
        result.EnsureSuccess($"node {script}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private static void RequirePackage(string package)
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", package)))
        {
            return;
        }

        if ((Environment.GetEnvironmentVariable(ExternalTool.UninstallableVariable) ?? "").Split(' ').Contains(package, StringComparer.Ordinal))
        {
            Assert.Skip($"The npm package {package} is missing and the test command could not install it on this machine.");
        }

        throw new InvalidOperationException($"tests/tools/node_modules/{package} is missing: run ./test.sh, which installs it (npm ci in tests/tools).");
    }
}
