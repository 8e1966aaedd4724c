using System.Diagnostics;
using Cairn.Agent;
using Cairn.Agent.Backends.Restic;

namespace Cairn.Service.Tests.Support;

public static class TestProduct
{
    public static readonly ProductIdentity Identity = new("Test Backup", "test-backup", "1.2.3+abc", "0123456789abcdef", "__TESTBACKUP__");
}

/// <summary>A fact that needs the real restic binary; skipped with the reason when it is missing.</summary>
public sealed class ResticFactAttribute : FactAttribute
{
    public ResticFactAttribute()
    {
        if (Restic.Binary is null)
        {
            Skip = "restic is not installed (not found on PATH)";
        }
    }
}

/// <summary>Runs the real restic against a test repository (cache inside the test's temp dir).</summary>
public static class Restic
{
    public static readonly string? Binary = ResticBinaryLocator.Locate(
        null, null, Environment.GetEnvironmentVariable("PATH"), OperatingSystem.IsWindows(), File.Exists);

    public static (int ExitCode, string Output, string Error) Run(string repository, string password, string cacheDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Binary ?? "restic")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(cacheDirectory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["RESTIC_REPOSITORY"] = repository;
        start.Environment["RESTIC_PASSWORD"] = password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public static IReadOnlyList<string> Locks(string repository, string password, string cacheDirectory)
    {
        var (code, output, error) = Run(repository, password, cacheDirectory, "list", "locks", "--no-lock");
        Assert.True(code == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public static int SnapshotCount(string repository, string password, string cacheDirectory)
    {
        var (code, output, error) = Run(repository, password, cacheDirectory, "snapshots", "--json", "--no-lock");
        Assert.True(code == 0, error);
        return System.Text.Json.JsonDocument.Parse(output).RootElement.GetArrayLength();
    }
}
