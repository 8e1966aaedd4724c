using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>
/// The .deb installed on this machine for real with dpkg: install, upgrade, remove, purge. The brand's short name
/// is unique per run, so nothing collides with a real installation; everything is purged and the account deleted
/// at the end, whatever happened.
/// </summary>
public sealed class DebPackageInstallTests : IDisposable
{
    private readonly UniqueBrand brand = new();

    [RootFact("dpkg", "dpkg-deb", "useradd")]
    public void Install_upgrade_remove_and_purge_keep_the_config_until_purge()
    {
        var name = brand.ShortName;
        using var first = new BuiltLinuxPackages(brand.Directory, "1.0.0", rpm: false);
        using var second = new BuiltLinuxPackages(brand.Directory, "1.1.0-beta.1", rpm: false);
        var config = $"/etc/{name}/{name}.conf";
        try
        {
            // Install.
            var install = Dpkg("-i", first.DebPath);
            Assert.Contains($"Edit {config}, then start the backup service: systemctl enable --now {name}.service", install.Output);
            Assert.Equal($"{name} 1.0.0\n", Shell.RunProgram(name, []).Output);
            Assert.Equal($"/opt/{name}/{name}", new FileInfo($"/usr/bin/{name}").LinkTarget);
            Assert.True(File.Exists($"/opt/{name}/LICENSE.txt"));
            Assert.True(File.Exists($"/opt/{name}/lib/Cairn.Agent.dll"));
            Assert.Contains($"ExecStart=/opt/{name}/{name} service run", File.ReadAllText($"/lib/systemd/system/{name}.service"));
            Assert.True(File.Exists($"/usr/share/doc/{name}/copyright"));

            var account = Shell.RunProgram("getent", ["passwd", name]).Output.Trim().Split(':');
            Assert.Equal(name, account[0]);
            Assert.Equal($"/var/lib/{name}", account[5]);
            Assert.EndsWith("nologin", account[6]);
            Assert.True(int.Parse(account[2]) < 1000, "a system account has a uid below 1000");
            AssertOwnedBy($"/var/lib/{name}", name, name, "750");
            AssertOwnedBy($"/var/log/{name}", name, name, "750");
            AssertOwnedBy(config, "root", name, "640");

            // Upgrade after editing the config: the edit stays, and so do its owner and mode.
            File.WriteAllText(config, "# edited by the administrator\n");
            Dpkg("-i", second.DebPath);
            Assert.Equal($"{name} 1.1.0-beta.1\n", Shell.RunProgram($"/usr/bin/{name}", []).Output);
            Assert.Equal("# edited by the administrator\n", File.ReadAllText(config));
            AssertOwnedBy(config, "root", name, "640");
            Assert.Equal("1.1.0~beta.1", Shell.RunProgram("dpkg-query", ["-W", "-f=${Version}", name]).Output);

            // Remove: the program goes, the config, state and account stay.
            Dpkg("-r", name);
            Assert.False(Directory.Exists($"/opt/{name}"));
            Assert.False(File.Exists($"/usr/bin/{name}") || new FileInfo($"/usr/bin/{name}").LinkTarget is not null);
            Assert.False(File.Exists($"/lib/systemd/system/{name}.service"));
            Assert.Equal("# edited by the administrator\n", File.ReadAllText(config));
            Assert.True(Directory.Exists($"/var/lib/{name}"));

            // Purge: the config and logs go; the state folder (it may hold a repository) and the account stay.
            var purge = Dpkg("-P", name);
            Assert.False(Directory.Exists($"/etc/{name}"));
            Assert.False(Directory.Exists($"/var/log/{name}"));
            Assert.True(Directory.Exists($"/var/lib/{name}"));
            Assert.Contains($"Kept /var/lib/{name}", purge.Output);
            Assert.Equal(0, Shell.RunProgram("getent", ["passwd", name]).ExitCode);
            Assert.Equal("", Shell.RunProgram("dpkg-statoverride", ["--list", config]).Output);
        }
        finally
        {
            CleanUp(name);
        }
    }

    private static ShellResult Dpkg(params string[] args)
    {
        var result = Shell.RunProgram("dpkg", args, new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        Assert.True(result.ExitCode == 0, $"dpkg {string.Join(' ', args)}: {result}");
        return result;
    }

    private static void AssertOwnedBy(string path, string user, string group, string mode) =>
        Assert.Equal($"{user}:{group} {mode}", Shell.RunProgram("stat", ["-c", "%U:%G %a", path]).Output.Trim());

    private static void CleanUp(string name)
    {
        Shell.RunProgram("dpkg", ["-P", name]);
        Shell.RunProgram("userdel", [name]);
        Shell.RunProgram("groupdel", [name]);
        foreach (var directory in new[] { "/var/lib/", "/var/log/", "/var/cache/", "/etc/" })
        {
            if (Directory.Exists(directory + name))
            {
                Directory.Delete(directory + name, recursive: true);
            }
        }
    }

    public void Dispose() => brand.Dispose();
}
