namespace Cairn.Installer.Linux.Packages.Rpm;

/// <summary>rpm's name for a target architecture.</summary>
public static class RpmArchitecture
{
    public static string Of(PackageTarget target) => target.Arch switch
    {
        "x64" => "x86_64",
        "arm64" => "aarch64",
        _ => throw new InstallerException($"no rpm architecture for '{target.Arch}'"),
    };
}
