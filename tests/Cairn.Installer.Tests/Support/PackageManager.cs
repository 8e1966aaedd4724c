namespace Cairn.Installer.Tests.Support;

public enum PackageFormat
{
    Deb,
    Rpm,
}

/// <summary>
/// dpkg or rpm inside a <see cref="SystemdContainer"/>, for one package format. The container is Debian: rpm gets
/// its own empty database there and installs with --nodeps, as the packages' dependencies (restic, a shell) are
/// known to dpkg only.
/// </summary>
internal sealed class PackageManager(SystemdContainer container, PackageFormat format)
{
    public PackageFormat Format => format;

    public void Install(string package)
    {
        if (format == PackageFormat.Rpm)
        {
            container.Check("rpm", "--initdb");
        }
        Run("-i", CopyIn(package));
    }

    public void Upgrade(string package) => Run(format == PackageFormat.Deb ? "-i" : "-U", CopyIn(package));

    public void Remove(string name) => Run(format == PackageFormat.Deb ? "-r" : "-e", name);

    public string InstalledVersion(string name) => format == PackageFormat.Deb
        ? container.Check("dpkg-query", "-W", "-f=${Version}", name)
        : container.Check("rpm", "-q", "--qf", "%{VERSION}", name);

    private void Run(string action, string argument)
    {
        if (format == PackageFormat.Deb)
        {
            container.Check("env", "DEBIAN_FRONTEND=noninteractive", "dpkg", action, argument);
        }
        else
        {
            container.Check("rpm", action, "--nodeps", argument);
        }
    }

    /// <summary>The package's path inside the container, where it is copied first.</summary>
    private string CopyIn(string package)
    {
        var inside = "/root/" + System.IO.Path.GetFileName(package);
        File.Copy(package, container.HostPath(inside), overwrite: true);
        return inside;
    }
}
