using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Testing;

/// <summary>
/// The restic binaries integration tests run against. <c>CAIRN_TEST_RESTIC</c> lists them (paths or names on PATH,
/// separated by the platform's path separator); unset, the matrix is Debian's restic on PATH (0.14 on Debian 12) and
/// restic 0.18 fetched by <c>build/restic-engines.sh</c> into <c>artifacts/engines/restic-0.18/restic</c>.
/// Each binary's version is read once per test process.
/// </summary>
public static partial class ResticEngines
{
    public const string EnvironmentVariable = "CAIRN_TEST_RESTIC";

    /// <summary>The engine build/restic-engines.sh provides beside the system's.</summary>
    public const string FetchedLabel = "0.18";

    private static readonly Lazy<IReadOnlyList<ResticEngine>> Engines = new(Discover);

    /// <summary>Every engine of the matrix, missing ones included (they skip, or fail under CI).</summary>
    public static IReadOnlyList<ResticEngine> All => Engines.Value;

    /// <summary>The engines present.</summary>
    public static IEnumerable<ResticEngine> Present => All.Where(e => !e.IsMissing);

    /// <summary>The newest engine present, or null.</summary>
    public static ResticEngine? Newest => Present.OrderByDescending(e => e.Version).FirstOrDefault();

    /// <summary>Under <c>CI=true</c> a missing tool fails its tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where build/restic-engines.sh puts restic 0.18.</summary>
    public static string FetchedBinary => Path.Combine(RepositoryLayout.Root, "artifacts", "engines", "restic-" + FetchedLabel, "restic");

    private static IReadOnlyList<ResticEngine> Discover()
    {
        var listed = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var engines = new List<ResticEngine>();
        if (!string.IsNullOrWhiteSpace(listed))
        {
            foreach (var entry in listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                engines.Add(Probe(entry, entry, $"{entry} (from {EnvironmentVariable}) cannot be run"));
            }
        }
        else
        {
            engines.Add(Probe("restic", "system", "restic is not installed (not found on PATH)"));
            engines.Add(Probe(FetchedBinary, FetchedLabel,
                $"restic {FetchedLabel} is not at {FetchedBinary}: run build/restic-engines.sh"));
        }
        // one row per version: two paths to the same version would only run the same tests twice
        return [.. engines.GroupBy(e => e.Label).Select(g => g.First())];
    }

    private static ResticEngine Probe(string binary, string labelWhenMissing, string reasonWhenMissing)
    {
        var path = Resolve(binary);
        var version = path is null ? null : ReadVersion(path);
        return version is null
            ? new ResticEngine(labelWhenMissing, null, null, reasonWhenMissing)
            : new ResticEngine($"{version.Major}.{version.Minor}", path, version, null);
    }

    private static string? Resolve(string binary)
    {
        if (binary.Contains(Path.DirectorySeparatorChar) || binary.Contains('/'))
        {
            return File.Exists(binary) ? Path.GetFullPath(binary) : null;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, binary))
            .FirstOrDefault(File.Exists);
    }

    /// <summary><c>restic version</c>'s first line, e.g. <c>restic 0.18.0 compiled with go1.24.4 on linux/amd64</c>.</summary>
    private static Version? ReadVersion(string binary)
    {
        try
        {
            var start = new ProcessStartInfo(binary, ["version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0)
            {
                return null;
            }
            var match = VersionLine().Match(output);
            return match.Success
                ? new Version(Number(match.Groups[1]), Number(match.Groups[2]), Number(match.Groups[3]))
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^restic (\d+)\.(\d+)\.(\d+)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
