namespace SoundBoxSim.Testing;

/// <summary>Locates the repository's files from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds <c>SoundBoxSim.sln</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Combines <paramref name="parts"/> under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A fresh, empty folder under the repository's artifacts folder, for files a test writes.</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Combine("artifacts", "test-output", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoundBoxSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SoundBoxSim.sln above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
