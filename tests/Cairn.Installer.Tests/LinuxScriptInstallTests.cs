using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>The default brand's script, run for real with --root into a temp staging root.</summary>
public sealed class LinuxScriptInstallTests : IDisposable
{
    private readonly BuiltInstaller installer = new(RepositoryPaths.DefaultBrand, "1.2.3");
    private readonly StagingRoot root = new("cairn");

    [Fact]
    public void Install_puts_the_program_the_license_the_config_and_the_command_in_place()
    {
        var result = installer.RunIn(root.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(root.Combine("opt", "cairn", "lib", "Cairn.Agent.dll")));
        Assert.True(File.Exists(root.Combine("opt", "cairn", "appsettings.json")));
        Assert.True(File.Exists(root.Combine("opt", "cairn", "cairn-gui")));
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.DefaultBrand, "LICENSE.txt")), File.ReadAllText(root.Combine("opt", "cairn", "LICENSE.txt")));
        Assert.Equal("/opt/cairn/cairn", new FileInfo(root.Command).LinkTarget);
        Assert.Contains("repo_uri: /var/lib/cairn/repo", File.ReadAllText(root.Config));
        Assert.False(File.Exists(root.ConfigExample));
    }

    [Fact]
    public void Install_makes_the_programs_executable_and_the_config_private()
    {
        Assert.Equal(0, installer.RunIn(root.Path).ExitCode);

        const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        Assert.Equal(executable, File.GetUnixFileMode(root.Program) & executable);
        Assert.Equal(executable, File.GetUnixFileMode(root.Combine("opt", "cairn", "cairn-gui")) & executable);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.Config));
        Assert.Equal("cairn 1.2.3\n", Shell.RunProgram(root.Program, []).Output);
    }

    [Fact]
    public void Installing_again_upgrades_in_place_and_keeps_the_edited_config()
    {
        Assert.Equal(0, installer.RunIn(root.Path).ExitCode);
        File.WriteAllText(root.Config, "# edited by the user\n");
        File.WriteAllText(root.Combine("opt", "cairn", "stale-file-of-1.2.3"), "");
        using var newer = new BuiltInstaller(RepositoryPaths.DefaultBrand, "2.0.0");

        var result = newer.RunIn(root.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Upgraded Cairn Backup 2.0.0", result.Output);
        Assert.Equal("cairn 2.0.0\n", Shell.RunProgram(root.Program, []).Output);
        Assert.False(File.Exists(root.Combine("opt", "cairn", "stale-file-of-1.2.3")));
        Assert.Equal("# edited by the user\n", File.ReadAllText(root.Config));
        Assert.Contains("repo_uri: /var/lib/cairn/repo", File.ReadAllText(root.ConfigExample));
        Assert.Equal("/opt/cairn/cairn", new FileInfo(root.Command).LinkTarget);
        // The temp folder beside the program folder is gone.
        Assert.Equal(["cairn"], Directory.GetFileSystemEntries(root.Combine("opt")).Select(Path.GetFileName));
    }

    [Fact]
    public void Uninstall_removes_program_and_command_but_keeps_the_config_and_can_run_twice()
    {
        Assert.Equal(0, installer.RunIn(root.Path).ExitCode);
        File.WriteAllText(root.Config, "# edited by the user\n");

        var first = installer.RunIn(root.Path, "--uninstall");
        var second = installer.RunIn(root.Path, "--uninstall");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(Directory.Exists(root.ProgramDirectory));
        Assert.False(File.Exists(root.Command) || new FileInfo(root.Command).LinkTarget is not null);
        Assert.Equal("# edited by the user\n", File.ReadAllText(root.Config));
    }

    [Fact]
    public void Prefix_config_dir_and_bin_dir_can_be_moved()
    {
        var result = installer.RunIn(root.Path, "--prefix", "/srv/apps/cairn/", "--config-dir=/srv/conf", "--bin-dir", "/srv/bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(root.Combine("srv", "apps", "cairn", "cairn")));
        Assert.True(File.Exists(root.Combine("srv", "conf", "cairn.conf")));
        Assert.Equal("/srv/apps/cairn/cairn", new FileInfo(root.Combine("srv", "bin", "cairn")).LinkTarget);
    }

    [Fact]
    public void Version_and_help_print_the_product()
    {
        Assert.Equal("Cairn Backup 1.2.3\n", installer.Run("--version").Output);
        var help = installer.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Cairn Backup 1.2.3 installer for Linux", help.Output, StringComparison.Ordinal);
        Assert.Contains("--uninstall", help.Output);
    }

    [Fact]
    public void Header_passes_sh_syntax_check()
    {
        var header = Path.Combine(root.Path, "header.sh");
        File.WriteAllText(header, installer.Header);

        var result = Shell.CheckSyntax(header);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Script_file_is_executable_and_named_after_brand_version_and_platform()
    {
        Assert.Equal("cairn-1.2.3-linux-x64.sh", Path.GetFileName(installer.ScriptPath));
        Assert.True((File.GetUnixFileMode(installer.ScriptPath) & UnixFileMode.UserExecute) != 0);
    }

    public void Dispose()
    {
        root.Dispose();
        installer.Dispose();
    }
}
