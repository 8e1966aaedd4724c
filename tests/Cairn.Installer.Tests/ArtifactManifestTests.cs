using System.Text.Json;
using Cairn.Branding.Loading;
using Cairn.Installer.Artifacts;
using Cairn.Installer.CommandLine;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>manifest.json for the upgrade server, and SHA256SUMS checked by sha256sum -c itself.</summary>
public sealed class ArtifactManifestTests : IDisposable
{
    private readonly TemporaryDirectory artifacts = new("cairn-installer artifacts-");

    public ArtifactManifestTests()
    {
        Write("installers/cairn-1.2.3-linux-x64.deb", "deb");
        Write("installers/cairn-1.2.3-linux-x64.rpm", "rpm payload");
        Write("installers/cairn-1.2.3-linux-x64.sh", "#!/bin/sh\n");
        Write("installers/cairn-1.2.3-win-x64.msi", "msi");
        Write("installers/cairn-1.2.2-linux-x64.deb", "an older version");
        Write("installers/cairn-1.2.3-rc-linux-x64.deb", "another version that starts alike");
        Write("installers/notes.txt", "not an installer");
        Write("publish/linux-x64/cairn", "#!/bin/sh\n");
        Write("publish/linux-x64/lib/Cairn Agent.dll", "dll");
    }

    [Fact]
    public void Manifest_lists_each_installer_of_the_version_with_format_rid_size_and_hash()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = InstallerCommandLine.Run(["manifest", "--artifacts", artifacts.Path, "--brand", RepositoryPaths.DefaultBrand, "--version", "1.2.3"], output, error);

        Assert.True(exit == InstallerCommandLine.Ok, error.ToString());
        var path = artifacts.Combine("installers", "manifest.json");
        Assert.Equal(path + Environment.NewLine, output.ToString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("Cairn Backup", manifest.RootElement.GetProperty("product_name").GetString());
        Assert.Equal("cairn", manifest.RootElement.GetProperty("short_name").GetString());
        Assert.Equal("1.2.3", manifest.RootElement.GetProperty("version").GetString());
        var listed = manifest.RootElement.GetProperty("artifacts").EnumerateArray().ToList();
        Assert.Equal(
            ["cairn-1.2.3-linux-x64.deb deb linux-x64", "cairn-1.2.3-linux-x64.rpm rpm linux-x64", "cairn-1.2.3-linux-x64.sh linux-script linux-x64", "cairn-1.2.3-win-x64.msi msi win-x64"],
            listed.Select(a => $"{a.GetProperty("file").GetString()} {a.GetProperty("format").GetString()} {a.GetProperty("rid").GetString()}"));
        var rpm = listed[1];
        Assert.Equal("rpm payload".Length, rpm.GetProperty("size").GetInt64());
        Assert.Equal(Sha256Sum(artifacts.Combine("installers", "cairn-1.2.3-linux-x64.rpm")), rpm.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Manifest_keeps_hostile_names_exact_in_valid_json()
    {
        using var hostile = new HostileBrand();
        var brand = BrandLoader.Load(hostile.Directory);

        var json = ArtifactManifest.Render(brand, "1.0", [new InstallerArtifact("zoe-backup-1.0-linux-x64.deb", "deb", "linux-x64", 1, "00")]);

        using var manifest = JsonDocument.Parse(json);
        Assert.Equal(HostileBrand.ProductName, manifest.RootElement.GetProperty("product_name").GetString());
    }

    [Fact]
    public void Manifest_without_installers_of_the_version_fails()
    {
        Assert.Throws<InstallerException>(() => ArtifactManifest.Write(artifacts.Combine("installers"), BrandLoader.Load(RepositoryPaths.DefaultBrand), "9.9.9"));
    }

    [Fact]
    public void Checksums_cover_publish_and_installers_and_pass_sha256sum_check()
    {
        var output = new StringWriter();
        var exit = InstallerCommandLine.Run(["checksums", "--artifacts", artifacts.Path], output, new StringWriter());

        Assert.Equal(InstallerCommandLine.Ok, exit);
        var lines = File.ReadAllLines(artifacts.Combine("SHA256SUMS"));
        Assert.Equal(9, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("  installers/cairn-1.2.3-linux-x64.deb", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("  publish/linux-x64/lib/Cairn Agent.dll", StringComparison.Ordinal));
        var paths = lines.Select(l => l[66..]).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        var check = Shell.RunProgram("sh", ["-c", "cd \"$1\" && sha256sum -c --strict SHA256SUMS", "sh", artifacts.Path]);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    private void Write(string relative, string content)
    {
        var path = artifacts.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Sha256Sum(string path) => Shell.RunProgram("sha256sum", [path]).Output.Split(' ')[0];

    public void Dispose() => artifacts.Dispose();
}
