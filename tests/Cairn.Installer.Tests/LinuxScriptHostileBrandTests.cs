using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>A brand full of quotes, $, backticks, braces and non-ASCII letters must come out exactly, never expanded.</summary>
public sealed class LinuxScriptHostileBrandTests : IDisposable
{
    private readonly HostileBrand brand = new();
    private readonly BuiltInstaller installer;
    private readonly StagingRoot root = new(HostileBrand.ShortName);

    public LinuxScriptHostileBrandTests() => installer = new BuiltInstaller(brand.Directory, "0.1.5-beta+g1a2b3c");

    [Fact]
    public void Version_prints_the_exact_product_name()
    {
        var result = installer.Run("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(HostileBrand.ProductName + " 0.1.5-beta+g1a2b3c\n", result.Output);
    }

    [Fact]
    public void Help_prints_the_exact_product_name()
    {
        Assert.StartsWith(HostileBrand.ProductName + " 0.1.5-beta+g1a2b3c installer", installer.Run("--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_and_uninstall_work_and_say_the_exact_product_name()
    {
        var install = installer.RunIn(root.Path);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains($"Installed {HostileBrand.ProductName} 0.1.5-beta+g1a2b3c in ", install.Output);
        Assert.Equal("/opt/zoe-backup/zoe-backup", new FileInfo(root.Command).LinkTarget);
        Assert.Equal(HostileBrand.ProductName + " 0.1.5-beta+g1a2b3c\n", File.ReadAllText(root.Combine("opt", "zoe-backup", ".zoe-backup-installed")));
        Assert.Contains("repo_uri: /var/lib/zoe-backup/repo", File.ReadAllText(root.Config));

        var uninstall = installer.RunIn(root.Path, "--uninstall");

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Contains($"Removed {HostileBrand.ProductName} from ", uninstall.Output);
        Assert.False(Directory.Exists(root.ProgramDirectory));
        Assert.True(File.Exists(root.Config));
    }

    [Fact]
    public void Header_passes_sh_syntax_check_and_quotes_the_product_name()
    {
        var header = Path.Combine(root.Path, "header.sh");
        File.WriteAllText(header, installer.Header);

        Assert.Equal(0, Shell.CheckSyntax(header).ExitCode);
        Assert.Contains("PRODUCT_NAME='Zoë'\\''s \"Bäckup\" & <Co> $HOME `id` {{ x }} \\ 100% ☃'\n", installer.Header);
    }

    public void Dispose()
    {
        root.Dispose();
        installer.Dispose();
        brand.Dispose();
    }
}
