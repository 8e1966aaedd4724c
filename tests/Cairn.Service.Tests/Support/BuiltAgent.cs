using System.Diagnostics;

namespace Cairn.Service.Tests.Support;

/// <summary>
/// The real agent executable, built once per test run from src/Cairn.Cli into its own artifacts folder (the checkout's
/// obj/ and bin/ are not touched), named after the default brand.
/// </summary>
public sealed class BuiltAgent : IDisposable
{
    public const string ShortName = "svc-test-agent";
    private readonly string _work = Directory.CreateTempSubdirectory("cairn-service-agent-").FullName;

    public BuiltAgent()
    {
        var artifacts = Path.Combine(_work, "artifacts");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "build", Path.Combine(RepositoryRoot, "src", "Cairn.Cli", "Cairn.Cli.csproj"), "-c", "Release", "-nologo", "-v:q",
                     "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={artifacts}", $"-p:CairnExecutableName={ShortName}",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("building the agent took more than 10 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the agent failed:\n{output.Result}\n{error.Result}");
        }
        Executable = Path.Combine(artifacts, "bin", "Cairn.Cli", "release", ShortName);
    }

    public string Executable { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cairn.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("no Cairn.slnx above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltAgentCollection : ICollectionFixture<BuiltAgent>
{
    public const string Name = "built agent";
}
