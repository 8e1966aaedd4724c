using Cairn.Installer.CommandLine;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

public sealed class InstallerCommandLineTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer cli-");
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    [Fact]
    public void Linux_script_writes_the_script_and_prints_its_path()
    {
        var publish = directory.Combine("publish");
        FakePublishFolder.Create(publish, "cairn", "1.2.3");

        var exit = Run("linux-script", "--brand", RepositoryPaths.DefaultBrand, "--version", "1.2.3", "--publish", publish, "--out", directory.Combine("installers"));

        Assert.True(exit == InstallerCommandLine.Ok, error.ToString());
        Assert.Equal(directory.Combine("installers", "cairn-1.2.3-linux-x64.sh") + Environment.NewLine, output.ToString());
        Assert.True(File.Exists(directory.Combine("installers", "cairn-1.2.3-linux-x64.sh")));
        Assert.Empty(Directory.GetFiles(directory.Combine("installers"), "*.tmp"));
    }

    [Fact]
    public void Invalid_brand_exits_2_with_located_errors()
    {
        Directory.CreateDirectory(directory.Combine("brand"));
        File.WriteAllText(directory.Combine("brand", "brand.yaml"), "product_name: X\n");

        var exit = Run("linux-script", "--brand", directory.Combine("brand"), "--version", "1", "--publish", directory.Path, "--out", directory.Path);

        Assert.Equal(InstallerCommandLine.InvalidBrand, exit);
        Assert.Contains("short_name", error.ToString());
    }

    [Fact]
    public void Publish_folder_without_the_executable_exits_1_naming_it()
    {
        var exit = Run("linux-script", "--brand", RepositoryPaths.DefaultBrand, "--version", "1.2.3", "--publish", directory.Path, "--out", directory.Combine("out"));

        Assert.Equal(InstallerCommandLine.Failure, exit);
        Assert.Contains("no executable named 'cairn'", error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("linux-script", "--brand")]
    [InlineData("linux-script", "positional")]
    [InlineData("linux-script", "--version", "1.0")]
    [InlineData("linux-script", "--brand", "b", "--version", "1.0 ; rm", "--publish", "p", "--out", "o")]
    public void Usage_errors_exit_64_with_the_usage(params string[] args)
    {
        var exit = Run(args);

        Assert.Equal(InstallerCommandLine.Usage, exit);
        Assert.Contains("linux-script --brand DIR", error.ToString());
    }

    [Fact]
    public void Targets_lists_what_ships()
    {
        Assert.Equal(InstallerCommandLine.Ok, Run("targets"));
        // The Linux installers first; the Windows ones follow.
        Assert.StartsWith(
            string.Concat(new[] { "LinuxScript", "Deb", "Rpm" }.Select(format => $"linux x64 linux-x64 {format}" + Environment.NewLine)),
            output.ToString());
    }

    [Fact]
    public void Deb_with_a_version_dpkg_cannot_take_exits_64()
    {
        var publish = directory.Combine("publish");
        FakePublishFolder.Create(publish, "cairn", "1.2.3");

        var exit = Run("deb", "--brand", RepositoryPaths.DefaultBrand, "--version", "v1.2.3", "--publish", publish, "--out", directory.Combine("installers"));

        Assert.Equal(InstallerCommandLine.Usage, exit);
        Assert.Contains("must start with a digit", error.ToString());
    }

    private int Run(params string[] args) => InstallerCommandLine.Run(args, output, error);

    public void Dispose() => directory.Dispose();
}
