namespace Cairn.Installer;

/// <summary>The kinds of installer the build can produce; each has one <see cref="IInstallerBuilder"/>.</summary>
public enum InstallerFormat
{
    /// <summary>A self-extracting POSIX sh script with a tar.gz payload.</summary>
    LinuxScript,

    /// <summary>A Debian package built with dpkg-deb.</summary>
    Deb,

    /// <summary>An RPM package built with rpmbuild.</summary>
    Rpm,

    /// <summary>A Windows Installer package built with wixl and msibuild.</summary>
    Msi,

    /// <summary>A Windows installer executable built with makensis.</summary>
    Nsis,
}
