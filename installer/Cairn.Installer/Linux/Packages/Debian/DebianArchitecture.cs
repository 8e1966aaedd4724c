namespace Cairn.Installer.Linux.Packages.Debian;

/// <summary>Debian's name for a target architecture.</summary>
public static class DebianArchitecture
{
    public static string Of(PackageTarget target) => target.Arch switch
    {
        "x64" => "amd64",
        "arm64" => "arm64",
        _ => throw new InstallerException($"no Debian architecture for '{target.Arch}'"),
    };
}
