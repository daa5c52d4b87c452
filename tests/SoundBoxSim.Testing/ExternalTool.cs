using Xunit;

namespace SoundBoxSim.Testing;

/// <summary>
/// Finds the real tools some tests need (sox, espeak-ng, node, mosquitto) on PATH. A missing tool fails the
/// test loudly, because the test command installs them; it is skipped only when the test command recorded
/// that installing it was impossible on this machine (environment variable <c>SBSIM_UNINSTALLABLE</c>).
/// </summary>
public static class ExternalTool
{
    /// <summary>The environment variable in which the test command lists the tools it could not install.</summary>
    public const string UninstallableVariable = "SBSIM_UNINSTALLABLE";

    /// <summary>Returns the full path of <paramref name="name"/>, or fails or skips the test as described above.</summary>
    /// <param name="name">The executable, e.g. <c>soxi</c>.</param>
    /// <param name="package">The Debian package that provides it, for the message.</param>
    public static string Require(string name, string package)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var uninstallable = (Environment.GetEnvironmentVariable(UninstallableVariable) ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (uninstallable.Contains(package, StringComparer.Ordinal))
        {
            Assert.Skip($"{name} is missing (Debian package {package}) and the test command could not install it on this machine.");
        }

        throw new InvalidOperationException(
            $"{name} is not on PATH. Run ./test.sh, which installs it, or 'apt-get install {package}'.");
    }

    /// <summary>Returns the full path of an executable on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
