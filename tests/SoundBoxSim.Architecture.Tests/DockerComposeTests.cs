using System.Text.RegularExpressions;
using System.Xml.Linq;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Architecture.Tests;

/// <summary>docker-compose.yml, the Dockerfile and .dockerignore agree with each other and with the repository,
/// checked without a Docker engine. The simulator's command is checked with the CLI's own parser in
/// SoundBoxSim.Cli.Tests (DockerComposeCommandTests).</summary>
public sealed partial class DockerComposeTests
{
    private static readonly string[] BuildPolicyFiles = ["Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", ".editorconfig"];
    private static readonly string[] BuildOutputFolders = ["bin", "obj", "node_modules", "TestResults"];

    private static ComposeFile Compose => ComposeFile.Load(RepoPaths.Combine("docker-compose.yml"));

    [Fact]
    public void BuiltServices_HaveAnExistingContextAndDockerfile()
    {
        var built = Built().ToList();

        Assert.NotEmpty(built);
        foreach (var (service, context, dockerfile) in built)
        {
            Assert.True(Directory.Exists(context), $"{service.Name}: build context {context} does not exist");
            Assert.True(File.Exists(dockerfile), $"{service.Name}: Dockerfile {dockerfile} does not exist");
        }
    }

    [Fact]
    public void Dockerfile_CopiesOnlyContextPathsThatExistAndAreNotIgnored()
    {
        var problems = new List<string>();
        foreach (var (_, context, path) in Built())
        {
            var ignore = DockerIgnore.Load(context);
            foreach (var copy in Dockerfile.Load(path).Copies.Where(c => c.From is null))
            {
                foreach (var source in copy.Sources)
                {
                    var full = Path.Combine(context, source);
                    var at = $"{Path.GetFileName(path)}:{copy.Instruction.Line} {copy.Instruction.Keyword} {source}";
                    if (source.IndexOfAny(['*', '?', '[']) >= 0)
                    {
                        problems.Add($"{at}: name the path without wildcards, so it can be checked");
                    }
                    else if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        problems.Add($"{at}: no such file or folder in the build context");
                    }
                    else if (ignore.Excludes(source))
                    {
                        problems.Add($"{at}: .dockerignore leaves it out of the build context");
                    }
                    else if (Directory.Exists(full))
                    {
                        // Inside a copied folder everything but build output must reach the build (sources, voice packs).
                        problems.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                            .Select(f => Path.GetRelativePath(context, f).Replace('\\', '/'))
                            .Where(f => !f.Split('/').Any(BuildOutputFolders.Contains) && ignore.Excludes(f))
                            .Take(5)
                            .Select(f => $"{at}: .dockerignore leaves out {f}"));
                    }
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Dockerfile_CopiesKeepTheRepositoryLayout()
    {
        // Then a path in a RUN line (dotnet publish scenarios/...) means the same inside the image as in the repository.
        foreach (var (_, _, path) in Built())
        {
            foreach (var copy in Dockerfile.Load(path).Copies.Where(c => c.From is null))
            {
                var destination = copy.Destination.TrimEnd('/');
                var mirrored = copy.Sources.All(s => s.TrimEnd('/') == destination)
                    || (destination is "." or "" && copy.Sources.All(s => !s.TrimEnd('/').Contains('/', StringComparison.Ordinal)));
                Assert.True(mirrored, $"line {copy.Instruction.Line}: COPY {string.Join(' ', copy.Sources)} {copy.Destination} does not keep the repository's layout");
            }
        }
    }

    [Fact]
    public void Dockerfile_PublishesAnExistingProject_TheOneItRestores()
    {
        foreach (var (_, context, path) in Built())
        {
            var dockerfile = Dockerfile.Load(path);
            var publish = Publish(dockerfile);

            Assert.True(File.Exists(Path.Combine(context, publish.Project)), $"{path}: the published project {publish.Project} does not exist");
            Assert.Equal(".csproj", Path.GetExtension(publish.Project));
            if (Restore(dockerfile) is { } restore)
            {
                Assert.Equal(publish.Project, restore.Project);
            }
        }
    }

    [Fact]
    public void Dockerfile_CopiesEveryProjectFileAndTheBuildPolicy_BeforeRestore()
    {
        foreach (var (_, context, path) in Built())
        {
            var dockerfile = Dockerfile.Load(path);
            var publish = Publish(dockerfile);
            var restoreLine = Restore(dockerfile)?.Instruction.Line ?? publish.Instruction.Line;
            var copies = dockerfile.Copies.Where(c => c.From is null).ToList();
            var closure = ProjectClosure(context, publish.Project);

            // The project files alone come before restore, so its layer is reused until one of them changes...
            var beforeRestore = copies.Where(c => c.Instruction.Line < restoreLine).SelectMany(c => c.Sources).ToHashSet(StringComparer.Ordinal);
            var late = closure.Concat(BuildPolicyFiles.Where(f => File.Exists(Path.Combine(context, f)))).Where(f => !beforeRestore.Contains(f)).ToList();
            Assert.True(late.Count == 0, $"not copied on their own before dotnet restore: {string.Join(", ", late)}");

            // ...and each project's folder is copied whole before publish.
            var beforePublish = copies.Where(c => c.Instruction.Line < publish.Instruction.Line).SelectMany(c => c.Sources).Select(s => s.TrimEnd('/') + "/").ToList();
            var missing = closure.Select(p => Path.GetDirectoryName(p)!.Replace('\\', '/') + "/").Where(folder => !beforePublish.Any(s => folder.StartsWith(s, StringComparison.Ordinal))).ToList();
            Assert.True(missing.Count == 0, $"project folders not copied before dotnet publish: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Dockerfile_EntrypointRunsThePublishedAssembly()
    {
        foreach (var (_, context, path) in Built())
        {
            var dockerfile = Dockerfile.Load(path);
            var publish = Publish(dockerfile);
            var project = XDocument.Load(Path.Combine(context, publish.Project));
            var assembly = project.Descendants("AssemblyName").LastOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(publish.Project);
            var output = publish.Output.TrimEnd('/');
            var entrypoint = dockerfile.Final("ENTRYPOINT") is { } line ? Dockerfile.ExecForm(line) : null;

            Assert.NotNull(entrypoint); // exec form, so the process gets SIGTERM and compose's command is its arguments
            Assert.True(
                entrypoint.SequenceEqual([$"{output}/{assembly}"]) || entrypoint.SequenceEqual(["dotnet", $"{output}/{assembly}.dll"]),
                $"ENTRYPOINT [{string.Join(", ", entrypoint)}] does not run {assembly} published to {output}");
            Assert.Contains(dockerfile.Copies, c => c.Instruction.Stage == dockerfile.FinalStage && dockerfile.IsStage(c.From, publish.Instruction.Stage)
                && c.Sources.Any(s => s.TrimEnd('/') == output) && c.Destination.TrimEnd('/') == output);
        }
    }

    [Fact]
    public void Dockerfile_RunsAsAnUnprivilegedUser()
    {
        foreach (var (_, _, path) in Built())
        {
            var user = Dockerfile.Load(path).Final("USER")?.Arguments.Split(':')[0];

            Assert.NotNull(user);
            Assert.DoesNotContain(user, (string[])["root", "0"]);
        }
    }

    [Fact]
    public void GlobalJson_StaysOutOfTheImage()
    {
        // global.json pins an SDK feature band that rolls forward only; the distribution's SDK in the image is the
        // source-built 10.0.1xx band, which it would refuse.
        foreach (var (_, context, path) in Built())
        {
            if (File.Exists(Path.Combine(context, "global.json")))
            {
                Assert.True(DockerIgnore.Load(context).Excludes("global.json"), ".dockerignore must leave out global.json");
                Assert.DoesNotContain(Dockerfile.Load(path).Copies.SelectMany(c => c.Sources), s => s.TrimEnd('/') is "global.json" or "." or "");
            }
        }
    }

    [Fact]
    public void BindMounts_NameExistingHostPaths()
    {
        var compose = Compose;
        var binds = compose.Services.Values.SelectMany(s => s.Volumes.Where(v => v.Type == "bind").Select(v => (s.Name, v))).ToList();

        Assert.NotEmpty(binds);
        foreach (var (service, mount) in binds)
        {
            var host = compose.Resolve(mount.Source!);
            Assert.True(File.Exists(host) || Directory.Exists(host), $"{service}: bind mount {mount.Source} does not exist");
        }
    }

    [Fact]
    public void NamedVolumes_AreDeclared()
    {
        var compose = Compose;

        foreach (var service in compose.Services.Values)
        {
            foreach (var mount in service.Volumes.Where(v => v.Type == "volume" && v.Source is not null))
            {
                Assert.True(compose.NamedVolumes.Contains(mount.Source!), $"{service.Name}: volume {mount.Source} is not declared under the top-level volumes");
            }
        }
    }

    [Fact]
    public void Ports_AreWellFormedAndPublishedOnLoopbackOnly()
    {
        var entries = Compose.Services.Values.SelectMany(s => s.PortEntries.Select(p => (s.Name, p))).ToList();

        Assert.NotEmpty(entries);
        foreach (var (service, entry) in entries)
        {
            Assert.True(PortMapping.TryParse(entry, out var mapping, out var problem), $"{service}: {problem}");
            Assert.True(mapping.HostIp == "127.0.0.1", $"{service}: port {entry} must be published on 127.0.0.1 only, as \"127.0.0.1:HOST:CONTAINER\"");
            Assert.True(mapping.HostPort is not null, $"{service}: port {entry} must name its host port");
        }
    }

    [Fact]
    public void BuiltServices_PublishOnlyPortsTheImageExposes()
    {
        foreach (var (service, _, path) in Built())
        {
            var exposed = Dockerfile.Load(path).ExposedPorts;

            Assert.NotEmpty(service.Ports);
            Assert.All(service.Ports, p => Assert.True(exposed.Contains(p.ContainerPort), $"{service.Name}: port {p.ContainerPort} is published but the Dockerfile does not EXPOSE it"));
        }
    }

    [Fact]
    public void DependsOn_NamesOtherServicesOfTheFile()
    {
        var compose = Compose;
        var dependencies = compose.Services.Values.SelectMany(s => s.DependsOn.Select(d => (s.Name, d))).ToList();

        Assert.NotEmpty(dependencies);
        foreach (var (service, dependency) in dependencies)
        {
            Assert.True(compose.Services.ContainsKey(dependency) && dependency != service, $"{service}: depends_on {dependency}, which is not another service of {compose.Path}");
        }
    }

    [Fact]
    public void Mosquitto_ListensOnThePortsItPublishes()
    {
        var mosquittos = Compose.Services.Values.Where(s => s.Image?.StartsWith("eclipse-mosquitto", StringComparison.Ordinal) == true).ToList();

        Assert.NotEmpty(mosquittos);
        foreach (var service in mosquittos)
        {
            var listeners = service.MosquittoListeners();

            Assert.NotEmpty(listeners);
            Assert.NotEmpty(service.Ports);
            Assert.All(service.Ports, p => Assert.True(listeners.Contains(p.ContainerPort), $"{service.Name}: port {p.ContainerPort} is published but mosquitto.conf has no listener on it"));
        }
    }

    private static IEnumerable<(ComposeService Service, string Context, string Dockerfile)> Built() =>
        Compose.Services.Values.Where(s => s.Build is not null).Select(s => (s, s.Build!.Value.Context, s.Build!.Value.Dockerfile));

    private static (DockerInstruction Instruction, string Project, string Output) Publish(Dockerfile dockerfile)
    {
        var run = dockerfile.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var match = PublishCommand().Match(run.Arguments);
        var output = OutputOption().Match(run.Arguments);
        Assert.True(match.Success && output.Success, $"line {run.Line}: expected dotnet publish PROJECT.csproj ... -o FOLDER");
        return (run, match.Groups[1].Value, output.Groups[1].Value);
    }

    private static (DockerInstruction Instruction, string Project)? Restore(Dockerfile dockerfile) =>
        dockerfile.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal)) is { } run
            ? (run, RestoreCommand().Match(run.Arguments).Groups[1].Value)
            : null;

    /// <summary>The project and every project it references, directly or not, as context-relative paths.</summary>
    private static IReadOnlySet<string> ProjectClosure(string context, string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var full = Path.Combine(context, next);
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(context, path).Replace('\\', '/'));
            }
        }

        return found;
    }

    [GeneratedRegex(@"dotnet publish\s+(\S+)")]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"dotnet restore\s+(\S+)")]
    private static partial Regex RestoreCommand();

    [GeneratedRegex(@"(?:-o|--output)[\s=]+(\S+)")]
    private static partial Regex OutputOption();
}
