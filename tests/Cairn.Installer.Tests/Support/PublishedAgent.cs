using Cairn.Branding.Loading;
using Cairn.Installer.Processes;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// The real self-contained agent of the default brand, published once per runtime and source commit (folder form:
/// the single-file form does not start under Wine 8) into a temp folder named after both, so later runs reuse it.
/// </summary>
public static class PublishedAgent
{
    private static readonly Dictionary<string, Lazy<string>> Published = new(StringComparer.Ordinal);

    /// <summary>The publish folder for <paramref name="runtime"/> (<c>linux-x64</c>, <c>win-x64</c>).</summary>
    public static string For(string runtime)
    {
        Lazy<string> publish;
        lock (Published)
        {
            if (!Published.TryGetValue(runtime, out publish!))
            {
                publish = new Lazy<string>(() => Publish(runtime), LazyThreadSafetyMode.ExecutionAndPublication);
                Published.Add(runtime, publish);
            }
        }
        return publish.Value;
    }

    private static string Publish(string runtime)
    {
        var shortName = BrandLoader.Load(RepositoryPaths.DefaultBrand).ShortName;
        var head = ProcessRunner.Instance.Run(new ProcessRequest("git", ["-C", RepositoryPaths.Root, "rev-parse", "HEAD"])).Output.Trim();
        var output = Path.Combine(Path.GetTempPath(), $"cairn-tests-agent-{runtime}-{head}");
        var executable = Path.Combine(output, runtime.StartsWith("win", StringComparison.Ordinal) ? shortName + ".exe" : shortName);
        if (File.Exists(executable))
        {
            return output;
        }
        var staging = output + ".partial-" + Guid.NewGuid().ToString("N");
        // Its own obj/ and bin/ (artifacts output): publishes for other runtimes may run at the same time, and the
        // checkout's build outputs stay as the build left them.
        var result = ProcessRunner.Instance.Run(new ProcessRequest("dotnet",
            ["publish", Path.Combine(RepositoryPaths.Root, "src", "Cairn.Cli"), "-c", "Release", "-r", runtime, "--self-contained",
                "-p:CairnExecutableName=" + shortName, "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + staging + ".build", "-o", staging],
            Timeout: TimeSpan.FromMinutes(10)));
        Assert.True(result.ExitCode == 0, result.Transcript);
        Directory.Delete(staging + ".build", recursive: true);
        RemoveStalePublishes(runtime);
        try
        {
            Directory.Move(staging, output);
        }
        catch (IOException) when (File.Exists(executable))
        {
            Directory.Delete(staging, recursive: true); // another test run published the same commit meanwhile
        }
        return output;
    }

    /// <summary>Publishes of older commits (about 150 MB each) go once they are a day old.</summary>
    private static void RemoveStalePublishes(string runtime)
    {
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), $"cairn-tests-agent-{runtime}-*")
                     .Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddDays(-1)))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException)
            {
                // in use or already gone: harmless
            }
        }
    }
}
