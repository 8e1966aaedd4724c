using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>
/// The .rpm installed, upgraded and erased with rpm in an alternate root (<c>rpm --root DIR --initdb</c>), with
/// --nodeps (the root has no restic) and --noscripts (the scriptlets would run in a chroot that has no shell).
/// The scriptlets are checked apart: parsed by sh, and calling the functions the .deb runs for real.
/// </summary>
public sealed class RpmPackageInstallTests : IDisposable
{
    private readonly UniqueBrand brand = new();
    private readonly TemporaryDirectory root = new("cairn-installer rpm-root-");

    [RootFact("rpm", "rpmbuild")]
    public void Install_upgrade_and_erase_in_an_alternate_root_keep_an_edited_config()
    {
        var name = brand.ShortName;
        using var first = new BuiltLinuxPackages(brand.Directory, "1.0.0", deb: false);
        using var second = new BuiltLinuxPackages(brand.Directory, "1.1.0", deb: false);
        var config = root.Combine("etc", name, name + ".conf");
        Rpm("--initdb");

        Rpm("-i", "--nodeps", "--noscripts", first.RpmPath);
        Assert.Equal($"{name} 1.0.0\n", Shell.RunProgram(root.Combine("opt", name, name), []).Output);
        Assert.Equal($"/opt/{name}/{name}", new FileInfo(root.Combine("usr", "bin", name)).LinkTarget);
        Assert.Contains($"ExecStart=/opt/{name}/{name} service run", File.ReadAllText(root.Combine("usr", "lib", "systemd", "system", name + ".service")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(config));
        Assert.Equal($"/etc/{name}/{name}.conf", Rpm("-qc", name).Output.Trim());
        Assert.Equal("restic", Rpm("-qR", name).Output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("restic", StringComparison.Ordinal)));

        File.WriteAllText(config, "# edited by the administrator\n");
        Rpm("-U", "--nodeps", "--noscripts", second.RpmPath);
        Assert.Equal($"{name} 1.1.0\n", Shell.RunProgram(root.Combine("opt", name, name), []).Output);
        Assert.Equal("# edited by the administrator\n", File.ReadAllText(config));
        Assert.Equal("1.1.0-1", Rpm("-q", "--qf", "%{VERSION}-%{RELEASE}", name).Output);

        Rpm("-e", "--noscripts", name);
        Assert.False(Directory.Exists(root.Combine("opt", name)));
        Assert.False(File.Exists(root.Combine("usr", "bin", name)));
        // rpm has no purge: an edited config survives erase as .rpmsave.
        Assert.Equal("# edited by the administrator\n", File.ReadAllText(config + ".rpmsave"));
    }

    [RootFact("rpm", "rpmbuild")]
    public void Scriptlets_parse_and_create_the_account_stop_the_service_and_restart_it_after_upgrades()
    {
        using var package = new BuiltLinuxPackages(brand.Directory, "1.0.0", deb: false);
        var scripts = Shell.RunProgram("rpm", ["-qp", "--scripts", package.RpmPath]).Output;

        var sections = Scriptlets(scripts);
        Assert.Equal(["postinstall", "postuninstall", "preinstall", "preuninstall"], sections.Keys.Order());
        Assert.All(sections, section => AssertParses(section.Key, section.Value));
        Assert.EndsWith("create_service_account", sections["preinstall"].TrimEnd());
        Assert.Contains("create_state_dirs", sections["postinstall"]);
        Assert.Contains("if [ \"$1\" -eq 0 ]; then\n  stop_and_disable_service", sections["preuninstall"]);
        Assert.Contains("restart_service_if_running", sections["postuninstall"]);
        // % was doubled for the spec and comes out single.
        Assert.DoesNotContain("%%", scripts);
    }

    /// <summary>rpm -q --scripts prints "preinstall scriptlet (using /bin/sh):" before each body.</summary>
    private static Dictionary<string, string> Scriptlets(string output)
    {
        var sections = new Dictionary<string, string>();
        string? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.EndsWith("(using /bin/sh):", StringComparison.Ordinal))
            {
                current = line.Split(' ')[0];
                sections[current] = "";
            }
            else if (current is not null)
            {
                sections[current] += line + "\n";
            }
        }
        return sections;
    }

    private void AssertParses(string name, string script)
    {
        var path = root.Combine(name + ".sh");
        File.WriteAllText(path, script);
        var result = Shell.CheckSyntax(path);
        Assert.True(result.ExitCode == 0, $"{name}: {result}");
    }

    private ShellResult Rpm(params string[] args)
    {
        var result = Shell.RunProgram("rpm", ["--root", root.Path, .. args]);
        Assert.True(result.ExitCode == 0, $"rpm {string.Join(' ', args)}: {result}");
        return result;
    }

    public void Dispose()
    {
        root.Dispose();
        brand.Dispose();
    }
}
