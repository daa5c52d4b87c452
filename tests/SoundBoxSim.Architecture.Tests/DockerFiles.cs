using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SoundBoxSim.Architecture.Tests;

// Just enough of docker-compose.yml, Dockerfile and .dockerignore to check them without a Docker engine.
// Shared with SoundBoxSim.Cli.Tests (linked into that project), which checks the commands with the real parser.

/// <summary>docker-compose.yml, read with YamlDotNet.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(string path, YamlMappingNode root)
    {
        Path = path;
        Folder = System.IO.Path.GetDirectoryName(path)!;
        var services = Yaml.Mapping(root, "services") ?? throw new InvalidDataException($"{path} has no services");
        Services = services.Children.ToDictionary(c => Yaml.Text(c.Key), c => new ComposeService(this, Yaml.Text(c.Key), (YamlMappingNode)c.Value), StringComparer.Ordinal);
        NamedVolumes = Yaml.Mapping(root, "volumes")?.Children.Keys.Select(Yaml.Text).ToHashSet(StringComparer.Ordinal) ?? [];
    }

    public string Path { get; }

    /// <summary>The folder relative paths in the file start from.</summary>
    public string Folder { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The volumes declared at the top level.</summary>
    public IReadOnlySet<string> NamedVolumes { get; }

    public static ComposeFile Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            stream.Load(reader);
        }

        return new ComposeFile(path, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The full path of <paramref name="relative"/>, a path written in the file.</summary>
    public string Resolve(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Folder, relative));
}

/// <summary>One service of a compose file.</summary>
internal sealed partial class ComposeService(ComposeFile file, string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    public string? Image => Yaml.Scalar(Node, "image");

    /// <summary>The build context's full path and the Dockerfile's full path, or null for an image-only service.</summary>
    public (string Context, string Dockerfile)? Build
    {
        get
        {
            if (!Node.Children.TryGetValue(new YamlScalarNode("build"), out var build))
            {
                return null;
            }

            var (context, dockerfile) = build is YamlMappingNode map
                ? (Yaml.Scalar(map, "context") ?? ".", Yaml.Scalar(map, "dockerfile") ?? "Dockerfile")
                : (Yaml.Text(build), "Dockerfile");
            var contextPath = file.Resolve(context);
            return (contextPath, Path.GetFullPath(Path.Combine(contextPath, dockerfile)));
        }
    }

    /// <summary>The command as arguments (a list, or a string split on spaces), or null when the image's CMD is used.</summary>
    public IReadOnlyList<string>? Command => Node.Children.TryGetValue(new YamlScalarNode("command"), out var command) ? Yaml.Words(command) : null;

    /// <summary>The healthcheck's test as arguments (the first is CMD, CMD-SHELL or NONE), or null.</summary>
    public IReadOnlyList<string>? HealthcheckTest => Yaml.Mapping(Node, "healthcheck") is { } check && check.Children.TryGetValue(new YamlScalarNode("test"), out var test) ? Yaml.Words(test) : null;

    /// <summary>The services this one waits for (list or mapping form).</summary>
    public IReadOnlyList<string> DependsOn => Node.Children.TryGetValue(new YamlScalarNode("depends_on"), out var depends) ? depends switch
    {
        YamlSequenceNode list => [.. list.Children.Select(Yaml.Text)],
        YamlMappingNode map => [.. map.Children.Keys.Select(Yaml.Text)],
        _ => throw new InvalidDataException($"{Name}: depends_on is neither a list nor a mapping"),
    } : [];

    /// <summary>The entries of <c>ports</c> as written.</summary>
    public IReadOnlyList<YamlNode> PortEntries => Yaml.Sequence(Node, "ports")?.Children.ToList() ?? [];

    /// <summary>The port mappings; throws on one that is not well-formed.</summary>
    public IReadOnlyList<PortMapping> Ports => [.. PortEntries.Select(p => PortMapping.TryParse(p, out var mapping, out var problem) ? mapping : throw new InvalidDataException($"{Name}: {problem}"))];

    /// <summary>The mounts (short or long syntax).</summary>
    public IReadOnlyList<VolumeMount> Volumes => [.. (Yaml.Sequence(Node, "volumes")?.Children ?? []).Select(VolumeMount.Parse)];

    /// <summary>The ports of the <c>listener</c> lines of the mosquitto.conf bind-mounted into this (Mosquitto) service.</summary>
    public IReadOnlySet<int> MosquittoListeners()
    {
        var config = Volumes.SingleOrDefault(v => v.Type == "bind" && v.Target == "/mosquitto/config/mosquitto.conf")
            ?? throw new InvalidDataException($"{Name}: no mosquitto.conf is mounted at /mosquitto/config/mosquitto.conf (the image's default listens on localhost only)");
        return File.ReadAllLines(file.Resolve(config.Source!))
            .Select(l => ListenerLine().Match(l))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToHashSet();
    }

    [GeneratedRegex(@"^\s*listener\s+(\d+)")]
    private static partial Regex ListenerLine();
}

/// <summary>A published port: <c>[[IP:]HOST:]CONTAINER[/PROTOCOL]</c> or the long syntax.</summary>
internal sealed record PortMapping(string? HostIp, int? HostPort, int ContainerPort, string Protocol)
{
    public static bool TryParse(YamlNode entry, out PortMapping mapping, out string problem)
    {
        mapping = new PortMapping(null, null, 0, "tcp");
        problem = "";
        if (entry is YamlMappingNode map)
        {
            var target = Yaml.Scalar(map, "target");
            var published = Yaml.Scalar(map, "published");
            if (!TryPort(target, out var container) || (published is not null && !TryPort(published, out _)))
            {
                problem = $"port {Describe(entry)}: target and published must be single ports from 1 to 65535";
                return false;
            }

            mapping = new PortMapping(Yaml.Scalar(map, "host_ip"), published is null ? null : int.Parse(published, CultureInfo.InvariantCulture), container, Yaml.Scalar(map, "protocol") ?? "tcp");
            return TryProtocol(mapping.Protocol, entry, out problem);
        }

        if (entry is not YamlScalarNode { Value: { } text } scalar)
        {
            problem = $"port {Describe(entry)} is neither a string nor a mapping";
            return false;
        }

        // Unquoted, YAML 1.1 reads "22:22"-like values as base-60 numbers: compose's own docs say to quote them.
        if (text.Contains(':', StringComparison.Ordinal) && scalar.Style is not (ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted))
        {
            problem = $"port {text} must be quoted";
            return false;
        }

        var protocol = "tcp";
        if (text.LastIndexOf('/') is var slash and >= 0)
        {
            protocol = text[(slash + 1)..];
            text = text[..slash];
        }

        string? ip = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                problem = $"port {scalar.Value}: an IPv6 host address must be [ADDRESS]:HOST:CONTAINER";
                return false;
            }

            ip = text[1..close];
            text = text[(close + 2)..];
        }

        var parts = text.Split(':');
        if (ip is null && parts.Length == 3)
        {
            ip = parts[0];
            parts = parts[1..];
        }

        int? host = null;
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && !TryPort(parts[0], out _)) || !TryPort(parts[^1], out var containerPort)
            || (ip is not null && !System.Net.IPAddress.TryParse(ip, out _)))
        {
            problem = $"port {scalar.Value} is not [IP:]HOST:CONTAINER[/PROTOCOL] with single ports from 1 to 65535";
            return false;
        }

        if (parts.Length == 2)
        {
            host = int.Parse(parts[0], CultureInfo.InvariantCulture);
        }

        mapping = new PortMapping(ip, host, containerPort, protocol);
        return TryProtocol(protocol, entry, out problem);
    }

    private static bool TryProtocol(string protocol, YamlNode entry, out string problem)
    {
        problem = protocol is "tcp" or "udp" ? "" : $"port {Describe(entry)}: protocol '{protocol}' is neither tcp nor udp";
        return problem.Length == 0;
    }

    private static bool TryPort(string? text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    private static string Describe(YamlNode node) => node.ToString();
}

/// <summary>A mount: a bind mount of a host path, a named volume, or an anonymous volume (Source null).</summary>
internal sealed record VolumeMount(string Type, string? Source, string Target)
{
    public static VolumeMount Parse(YamlNode entry)
    {
        if (entry is YamlMappingNode map)
        {
            return new VolumeMount(Yaml.Scalar(map, "type") ?? "volume", Yaml.Scalar(map, "source"), Yaml.Scalar(map, "target") ?? throw new InvalidDataException($"volume {entry} has no target"));
        }

        var parts = Yaml.Text(entry).Split(':');
        if (parts.Length == 1)
        {
            return new VolumeMount("volume", null, parts[0]);
        }

        var source = parts[0];
        return new VolumeMount(source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('~') ? "bind" : "volume", source, parts[1]);
    }
}

/// <summary>One instruction of a Dockerfile, continuation lines joined, in stage <see cref="Stage"/> (0 = first FROM).</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line, int Stage);

/// <summary>A COPY or ADD: <see cref="From"/> is the stage or image it copies from, null for the build context.</summary>
internal sealed record DockerCopy(DockerInstruction Instruction, string? From, IReadOnlyList<string> Sources, string Destination);

/// <summary>A Dockerfile's instructions and stages.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, List<DockerInstruction> instructions, List<string?> stages)
    {
        Path = path;
        Instructions = instructions;
        StageNames = stages;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Each stage's name (FROM ... AS name), or null.</summary>
    public IReadOnlyList<string?> StageNames { get; }

    public int FinalStage => StageNames.Count - 1;

    public IEnumerable<DockerCopy> Copies => Instructions.Where(i => i.Keyword is "COPY" or "ADD").Select(ParseCopy);

    /// <summary>The ports of the final stage's EXPOSE lines.</summary>
    public IReadOnlySet<int> ExposedPorts => Instructions.Where(i => i.Keyword == "EXPOSE" && i.Stage == FinalStage)
        .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture)).ToHashSet();

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var stages = new List<string?>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var text = new StringBuilder();
            while (line.EndsWith('\\'))
            {
                text.Append(line[..^1]).Append(' ');
                do
                {
                    i++;
                    line = i < lines.Length ? lines[i].Trim() : "";
                }
                while (i < lines.Length && (line.Length == 0 || line.StartsWith('#'))); // as Docker does, inside a continuation
            }

            text.Append(line);
            var whole = text.ToString().Trim();
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? whole : whole[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : Spaces().Replace(whole[(space + 1)..], " ").Trim();
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ').Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                stages.Add(words is [_, var asWord, var name] && asWord.Equals("AS", StringComparison.OrdinalIgnoreCase) ? name : null);
            }

            instructions.Add(new DockerInstruction(keyword, arguments, start, stages.Count - 1));
        }

        return new Dockerfile(path, instructions, stages);
    }

    /// <summary>The arguments of an exec-form (JSON array) instruction, or null for the shell form.</summary>
    public static IReadOnlyList<string>? ExecForm(DockerInstruction instruction) =>
        instruction.Arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(instruction.Arguments) : null;

    /// <summary>The final stage's last instruction with <paramref name="keyword"/>, or null.</summary>
    public DockerInstruction? Final(string keyword) => Instructions.LastOrDefault(i => i.Keyword == keyword && i.Stage == FinalStage);

    /// <summary>Whether a COPY --from names stage <paramref name="stage"/> (by name or index).</summary>
    public bool IsStage(string? from, int stage) =>
        from is not null && (from == StageNames[stage] || from == stage.ToString(CultureInfo.InvariantCulture));

    private static DockerCopy ParseCopy(DockerInstruction instruction)
    {
        var arguments = instruction.Arguments;
        string? from = null;
        while (arguments.StartsWith("--", StringComparison.Ordinal))
        {
            var space = arguments.IndexOf(' ', StringComparison.Ordinal);
            var flag = arguments[..space];
            if (flag.StartsWith("--from=", StringComparison.Ordinal))
            {
                from = flag["--from=".Length..];
            }

            arguments = arguments[(space + 1)..];
        }

        var words = arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(arguments)! : arguments.Split(' ');
        return new DockerCopy(instruction, from, words[..^1], words[^1]);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>A build context's .dockerignore, with Docker's rules: <c>*</c>, <c>?</c>, <c>**</c>, <c>!</c> re-includes,
/// the last matching line wins, and a path is excluded when it or a folder above it matches.</summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include)> _rules;

    private DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string context)
    {
        var file = Path.Combine(context, ".dockerignore");
        var rules = new List<(Regex, bool)>();
        foreach (var raw in File.Exists(file) ? File.ReadAllLines(file) : [])
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var include = line.StartsWith('!');
            var pattern = (include ? line[1..] : line).Trim().TrimStart('/').TrimEnd('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            rules.Add((ToRegex(pattern), include));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether <paramref name="relative"/> (a path inside the context) is left out of the context.</summary>
    public bool Excludes(string relative)
    {
        var parts = relative.Replace('\\', '/').Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        var candidates = Enumerable.Range(1, parts.Length).Select(n => string.Join('/', parts[..n])).ToList();
        var excluded = false;
        foreach (var (pattern, include) in _rules)
        {
            if (candidates.Any(pattern.IsMatch))
            {
                excluded = !include;
            }
        }

        return excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?");
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}

internal static class Yaml
{
    public static string Text(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : throw new InvalidDataException($"expected a scalar, found {node}");

    public static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Text(value) : null;

    public static YamlMappingNode? Mapping(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static YamlSequenceNode? Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

    /// <summary>A list of strings, or one string split on spaces (enough for commands without quotes).</summary>
    public static IReadOnlyList<string> Words(YamlNode node) => node is YamlSequenceNode list
        ? [.. list.Children.Select(Text)]
        : Text(node).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
