using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What <c>rpmbuild -bb</c> needs: the spec, a private top directory, and the macros the spec reads.</summary>
/// <param name="TopDirectory">rpmbuild's _topdir (BUILD, BUILDROOT, RPMS...); a path without spaces, as rpm's own scripts are unquoted.</param>
/// <param name="TargetArchitecture">The rpm architecture, e.g. <c>x86_64</c>.</param>
/// <param name="Defines">Extra macros, name to value.</param>
public sealed record RpmbuildSettings(
    string SpecFile,
    string TopDirectory,
    string TargetArchitecture,
    IReadOnlyDictionary<string, string> Defines)
{
    public string ToolPath { get; init; } = ToolLocator.Find("rpmbuild", "CAIRN_RPMBUILD");
}

/// <summary>rpmbuild's argv, built purely so tests can read it.</summary>
public static class RpmbuildArguments
{
    public static IReadOnlyList<string> BuildBinary(RpmbuildSettings settings)
    {
        var arguments = new List<string> { "-bb", "--quiet", "--target", settings.TargetArchitecture, "--define", "_topdir " + settings.TopDirectory };
        foreach (var (name, value) in settings.Defines.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--define", name + " " + value]);
        }
        arguments.Add(settings.SpecFile);
        return arguments;
    }
}

/// <summary>Runs rpmbuild.</summary>
public sealed class RpmbuildRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">rpmbuild failed; the message holds its output.</exception>
    public void BuildBinary(RpmbuildSettings settings)
    {
        var request = new ProcessRequest(settings.ToolPath, RpmbuildArguments.BuildBinary(settings));
        var result = runner.Run(request);
        if (result.ExitCode != 0)
        {
            throw new InstallerException($"{request} failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Transcript}");
        }
    }
}
