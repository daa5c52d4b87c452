using System.Xml.Linq;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Architecture.Tests;

/// <summary>Keeps project dependencies one-way, as the folder layout promises.</summary>
public sealed class ProjectDependencyTests
{
    private static readonly string[] SkippedFolders = ["artifacts", "node_modules", ".git", "bin", "obj"];

    public static TheoryData<string> Projects => [.. AllProjects().Select(p => Path.GetRelativePath(RepoPaths.Root, p))];

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectReferences_FollowTheLayering(string project)
    {
        var from = Folder(project);
        foreach (var reference in References(project))
        {
            var to = Folder(reference);
            var allowed = (from, to) switch
            {
                (_, "tests") => from == "tests",                      // nothing but tests uses the test kit
                ("emulator", _) => to == "emulator",                  // the device knows nothing of fakes or scenarios
                ("fakes", "emulator") => Path.GetFileName(reference) is var name
                    && (name.StartsWith("SoundBoxSim.Mqtt", StringComparison.Ordinal) || name == "SoundBoxSim.Device.Protocol.csproj"), // fakes reach the device only over the wire
                ("fakes", _) => to == "fakes",
                ("scenarios", _) => to is "emulator" or "fakes" or "scenarios",
                ("tests" or "bench", _) => true,
                _ => false,
            };
            Assert.True(allowed, $"{project} must not reference {reference} ({from}/ → {to}/ breaks the one-way layering).");
        }
    }

    [Theory]
    [InlineData("emulator/SoundBoxSim.Voice/SoundBoxSim.Voice.csproj")]
    [InlineData("emulator/SoundBoxSim.Mqtt/SoundBoxSim.Mqtt.csproj")]
    public void LeafLibraries_HaveNoProjectOrPackageReferences(string project)
    {
        var xml = XDocument.Load(RepoPaths.Combine(project));

        Assert.Empty(xml.Descendants("ProjectReference"));
        Assert.Empty(xml.Descendants("PackageReference"));
    }

    [Fact]
    public void Solution_ListsEveryProject()
    {
        var solution = File.ReadAllText(RepoPaths.Combine("SoundBoxSim.sln")).Replace('\\', '/');

        var missing = AllProjects().Select(p => Path.GetRelativePath(RepoPaths.Root, p)).Where(p => !solution.Contains(p, StringComparison.Ordinal));

        Assert.Empty(missing);
    }

    private static string Folder(string project) => project.Replace('\\', '/').Split('/')[0];

    private static IEnumerable<string> References(string project)
    {
        var path = RepoPaths.Combine(project);
        return XDocument.Load(path).Descendants("ProjectReference")
            .Select(r => Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, r.Attribute("Include")!.Value))));
    }

    private static IEnumerable<string> AllProjects() =>
        Directory.EnumerateFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(RepoPaths.Root, p).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains))
            .Order(StringComparer.Ordinal);
}
