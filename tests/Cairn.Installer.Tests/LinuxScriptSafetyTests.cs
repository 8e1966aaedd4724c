using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>The script refuses, with a clear message, whatever would damage a machine or install something broken.</summary>
public sealed class LinuxScriptSafetyTests : IDisposable
{
    // Every program the script runs except tar, so a PATH of links to them is a machine without tar.
    private static readonly string[] ToolsBesidesTar =
        ["id", "tail", "sha256sum", "awk", "gzip", "mkdir", "mktemp", "mv", "rm", "ln", "cp", "chmod", "dirname", "ls", "readlink", "pwd"];

    private readonly BuiltInstaller installer = new(RepositoryPaths.DefaultBrand, "1.2.3");
    private readonly StagingRoot root = new("cairn");
    private readonly TemporaryDirectory scratch = new("cairn-installer scratch-");

    [Fact]
    public void Corrupted_payload_is_refused_before_anything_is_installed()
    {
        var corrupted = scratch.Combine("corrupted.sh");
        var bytes = File.ReadAllBytes(installer.ScriptPath);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(corrupted, bytes);

        var result = Shell.Run(corrupted, ["--root", root.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the installer is damaged", result.Error);
        Assert.False(Directory.Exists(root.ProgramDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(root.Combine("opt")));
    }

    [Fact]
    public void Installing_into_slash_without_root_says_to_use_sudo_or_root()
    {
        var fakeBin = scratch.Combine("fake-bin");
        Directory.CreateDirectory(fakeBin);
        var id = Path.Combine(fakeBin, "id");
        File.WriteAllText(id, "#!/bin/sh\necho 1000\n");
        File.SetUnixFileMode(id, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = Shell.Run(installer.ScriptPath, [], new Dictionary<string, string>
        {
            ["PATH"] = fakeBin + ":" + Environment.GetEnvironmentVariable("PATH"),
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("installing into / needs root: run it with sudo, or pass --root DIR", result.Error);
    }

    [Fact]
    public void Missing_tar_is_named()
    {
        var tools = scratch.Combine("tools");
        Directory.CreateDirectory(tools);
        foreach (var tool in ToolsBesidesTar)
        {
            File.CreateSymbolicLink(Path.Combine(tools, tool), Shell.FindProgram(tool) ?? throw new InvalidOperationException(tool + " is not installed"));
        }

        var result = Shell.Run(installer.ScriptPath, ["--root", root.Path], new Dictionary<string, string> { ["PATH"] = tools });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'tar' is required", result.Error);
    }

    [Fact]
    public void A_program_folder_it_did_not_install_is_neither_replaced_nor_removed()
    {
        Directory.CreateDirectory(root.ProgramDirectory);
        File.WriteAllText(Path.Combine(root.ProgramDirectory, "someone-elses-file"), "");

        var install = installer.RunIn(root.Path);
        var uninstall = installer.RunIn(root.Path, "--uninstall");

        Assert.Equal(1, install.ExitCode);
        Assert.Contains("was not installed by this installer", install.Error);
        Assert.Equal(1, uninstall.ExitCode);
        Assert.True(File.Exists(Path.Combine(root.ProgramDirectory, "someone-elses-file")));
    }

    [Fact]
    public void A_regular_file_where_the_command_goes_is_not_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(root.Command)!);
        File.WriteAllText(root.Command, "mine");

        var result = installer.RunIn(root.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a symlink", result.Error);
        Assert.Equal("mine", File.ReadAllText(root.Command));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--prefix")]
    [InlineData("--prefix", "relative/dir")]
    [InlineData("--prefix", "/")]
    public void Bad_options_are_refused(params string[] args)
    {
        var result = installer.RunIn(root.Path, args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cairn installer: error: ", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    public void Dispose()
    {
        scratch.Dispose();
        root.Dispose();
        installer.Dispose();
    }
}
