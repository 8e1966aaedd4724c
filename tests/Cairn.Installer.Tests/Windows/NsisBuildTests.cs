using Cairn.Branding.Loading;
using Cairn.Installer.Nsis;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Windows;

/// <summary>The NSIS installer is built by makensis for amd64, from a UTF-8-with-BOM script, for any brand.</summary>
public sealed class NsisBuildTests : IDisposable
{
    private readonly HostileBrand hostile = new();

    [Fact]
    public void Default_brand_installer_is_an_amd64_executable()
    {
        using var built = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.2.3", InstallerFormat.Nsis);

        Assert.Equal("cairn-1.2.3-win-x64.exe", Path.GetFileName(built.Path));
        Assert.Equal(PeMachine.Amd64, PeMachine.Of(built.Path));
    }

    [Fact]
    public void Hostile_brand_script_compiles_and_carries_every_brand_value_escaped()
    {
        using var built = new BuiltWindowsInstaller(hostile.Directory, "2.0.0", InstallerFormat.Nsis);
        var brand = BrandLoader.Load(hostile.Directory);
        var script = NsisScript.Render(brand,
            new NsisScriptInputs("2.0.0", [new PayloadFile("zoe-backup.exe", brand.IconFile)], "/out.exe", "/example.conf", false, null),
            InstallerTemplates.DefaultDirectory);

        Assert.Equal(PeMachine.Amd64, PeMachine.Of(built.Path));
        Assert.Contains("!define PRODUCT_NAME " + Cairn.Branding.Escaping.NsisEscaper.QuotedString(HostileBrand.ProductName), script, StringComparison.Ordinal);
        Assert.DoesNotContain("$HOME", script.Replace("$$HOME", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Unicode true", script, StringComparison.Ordinal);
        Assert.Contains("Target amd64-unicode", script, StringComparison.Ordinal);
    }

    public void Dispose() => hostile.Dispose();
}

/// <summary>The machine field of a PE executable's COFF header.</summary>
internal static class PeMachine
{
    public const ushort Amd64 = 0x8664;

    public static ushort Of(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Position = 0x3C;
        var peOffset = reader.ReadInt32();
        reader.BaseStream.Position = peOffset;
        Assert.Equal(0x00004550u, reader.ReadUInt32()); // "PE\0\0"
        return reader.ReadUInt16();
    }
}
