using System.Security.Cryptography;

namespace Cairn.Installer.Windows;

/// <summary>A restic executable for Windows whose SHA-256 was checked, ready to ship beside the agent.</summary>
public sealed record BundledEngine(string Path, string Sha256)
{
    /// <summary>
    /// The environment variables an integrator may set instead of arguments, per runtime:
    /// <c>RESTIC_WIN_X64</c> (the file) and <c>RESTIC_WIN_X64_SHA256</c> (its expected hash).
    /// </summary>
    public static (string Path, string Sha256) EnvironmentVariables(string rid)
    {
        var stem = "RESTIC_" + rid.ToUpperInvariant().Replace('-', '_');
        return (stem, stem + "_SHA256");
    }

    /// <summary>
    /// The engine to bundle: the given path (else the environment variable's) checked against the given SHA-256
    /// (else the environment variable's). Null when no path is given: the installer then ships without an engine.
    /// </summary>
    /// <exception cref="InstallerException">The file is missing, no hash is given, or the hash differs.</exception>
    public static BundledEngine? Resolve(string? path, string? sha256, string rid, Func<string, string?> environment)
    {
        var variables = EnvironmentVariables(rid);
        path = NullIfEmpty(path) ?? NullIfEmpty(environment(variables.Path));
        sha256 = NullIfEmpty(sha256) ?? NullIfEmpty(environment(variables.Sha256));
        if (path is null)
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new InstallerException($"the restic executable {path} does not exist");
        }
        if (sha256 is null)
        {
            throw new InstallerException($"no SHA-256 given for {path}: pass --restic-sha256 or set {variables.Sha256}, so a wrong file never ships");
        }
        string actual;
        using (var stream = File.OpenRead(path))
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        if (!string.Equals(actual, sha256.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new InstallerException($"the restic executable {path} has SHA-256 {actual}, not the expected {sha256.Trim()}");
        }
        return new BundledEngine(System.IO.Path.GetFullPath(path), actual);
    }

    /// <summary>The loud warning printed when an installer is built without an engine.</summary>
    public static string MissingWarning(string rid)
    {
        var variables = EnvironmentVariables(rid);
        return $"WARNING: this {rid} installer has NO backup engine (restic.exe): the agent will look for restic on PATH. "
            + $"Bundle one with --restic FILE --restic-sha256 HEX or {variables.Path} and {variables.Sha256}.";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
