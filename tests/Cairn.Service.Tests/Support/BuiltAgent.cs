using System.Diagnostics;

namespace Cairn.Service.Tests.Support;

/// <summary>
/// The real agent executable, built once per test run from src/Cairn.Cli into its own artifacts folder (the checkout's
/// obj/ and bin/ are not touched), named after the default brand.
/// </summary>
public sealed class BuiltAgent : IDisposable
{
    public const string ShortName = "svc-test-agent";
    private readonly TemporaryDirectory _work = new("cairn-service-agent-");

    public BuiltAgent()
    {
        var artifacts = _work.Combine("artifacts");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "build", Path.Combine(RepositoryLayout.Root, "src", "Cairn.Cli", "Cairn.Cli.csproj"), "-c", "Release", "-nologo", "-v:q",
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
        ProductShortName = Cairn.Branding.Loading.BrandLoader.Load(RepositoryLayout.DefaultBrand).ShortName;
    }

    public string Executable { get; }

    /// <summary>The brand's short name, which names the agent's environment variables (e.g. <c>&lt;SHORT_NAME&gt;_LOCK_DIR</c>).</summary>
    public string ProductShortName { get; }

    public void Dispose() => _work.Dispose();
}

[CollectionDefinition(Name)]
public sealed class BuiltAgentCollection : ICollectionFixture<BuiltAgent>
{
    public const string Name = "built agent";
}
