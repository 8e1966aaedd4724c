namespace Cairn.Installer;

/// <summary>Builds installers of one <see cref="InstallerFormat"/>.</summary>
public interface IInstallerBuilder
{
    InstallerFormat Format { get; }

    /// <summary>Builds the installer and returns the full path of the file written.</summary>
    /// <exception cref="ArgumentException">The version is not acceptable.</exception>
    /// <exception cref="InstallerException">The inputs cannot make an installer (e.g. the publish folder lacks the executable).</exception>
    string Build(InstallerContext context);
}
