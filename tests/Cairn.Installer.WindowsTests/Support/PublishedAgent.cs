using Cairn.Installer.Processes;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.WindowsTests.Support;

/// <summary>
/// The real win-x64 agent for the default brand, published once per test run (folder form: the single-file form
/// does not start under Wine 8) into a temp folder named after the source tree's commit, so later runs reuse it.
/// </summary>
public static class PublishedAgent
{
    private static readonly Lazy<string> Directory = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Directory.Value;

    private static string Publish()
    {
        var head = ProcessRunner.Instance.Run(new ProcessRequest("git", ["-C", RepositoryPaths.Root, "rev-parse", "HEAD"])).Output.Trim();
        var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cairn-windows-tests-agent-" + head);
        if (File.Exists(System.IO.Path.Combine(output, "cairn.exe")))
        {
            return output;
        }
        var staging = output + ".partial-" + Guid.NewGuid().ToString("N");
        var result = ProcessRunner.Instance.Run(new ProcessRequest("dotnet",
            ["publish", System.IO.Path.Combine(RepositoryPaths.Root, "src", "Cairn.Cli"), "-c", "Release", "-r", "win-x64", "--self-contained",
                "-p:CairnExecutableName=cairn", "-o", staging],
            Timeout: TimeSpan.FromMinutes(10)));
        Assert.True(result.ExitCode == 0, result.Transcript);
        System.IO.Directory.Move(staging, output);
        return output;
    }
}
