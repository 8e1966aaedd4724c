using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What <c>dpkg-deb --build</c> needs: a staging tree with its DEBIAN/ folder, and the .deb to write.</summary>
/// <param name="Compression">dpkg-deb's -Z value: xz (smallest, the default) or gzip/none (faster, for tests).</param>
public sealed record DpkgDebSettings(string StagingDirectory, string OutputFile, string Compression = "xz")
{
    public string ToolPath { get; init; } = ToolLocator.Find("dpkg-deb", "CAIRN_DPKG_DEB");
}

/// <summary>dpkg-deb's argv, built purely so tests can read it.</summary>
public static class DpkgDebArguments
{
    /// <summary>Every file is owned by root:root in the archive whoever builds it (no fakeroot needed).</summary>
    public static IReadOnlyList<string> Build(DpkgDebSettings settings) =>
        ["--root-owner-group", "-Z" + settings.Compression, "--build", settings.StagingDirectory, settings.OutputFile];
}

/// <summary>Runs dpkg-deb.</summary>
public sealed class DpkgDebRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">dpkg-deb failed; the message holds its output.</exception>
    public void Build(DpkgDebSettings settings)
    {
        var request = new ProcessRequest(settings.ToolPath, DpkgDebArguments.Build(settings));
        var result = runner.Run(request);
        if (result.ExitCode != 0)
        {
            throw new InstallerException($"{request} failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Transcript}");
        }
    }
}
