using Cairn.Installer.Msi;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests.Windows;

/// <summary>The argv each Windows tool gets, read from the pure argument builders.</summary>
public sealed class WindowsToolArgumentsTests
{
    [Fact]
    public void Wixl_builds_for_x64() =>
        Assert.Equal(["-a", "x64", "-o", "out.msi", "in.wxs"], WixlArguments.Build(new WixlSettings("in.wxs", "out.msi")));

    [Fact]
    public void Msibuild_runs_one_query() =>
        Assert.Equal(["x.msi", "-q", "SELECT"], MsiBuildArguments.Build(new MsiBuildSettings("x.msi", "SELECT")));

    [Fact]
    public void Makensis_treats_warnings_as_errors() =>
        Assert.Contains("-WX", MakensisArguments.Build(new MakensisSettings("x.nsi")));

    [Fact]
    public void Osslsigncode_reads_the_password_from_a_file_never_from_argv()
    {
        var args = OsslSigncodeArguments.Sign(new OsslSigncodeSignSettings("key.p12", "/tmp/pass", "in.exe", "out.exe", "Zoë & Co", "https://x/"));

        Assert.Equal(["sign", "-pkcs12", "key.p12", "-readpass", "/tmp/pass", "-h", "sha256", "-n", "Zoë & Co", "-i", "https://x/", "-in", "in.exe", "-out", "out.exe"], args);
        Assert.DoesNotContain("-pass", args);
    }

    [Fact]
    public void Msi_sql_refuses_quotes_it_cannot_escape() =>
        Assert.Throws<InstallerException>(() => MsiSql.Insert("Property", ("Property", "X"), ("Value", "it's")));

    [Fact]
    public void Msi_sql_leaves_null_columns_out() =>
        Assert.Equal("INSERT INTO `T` (`A`) VALUES (1)", MsiSql.Insert("T", ("A", 1), ("B", null)));

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("0.1.14+ce1728c543", "0.1.14")]
    [InlineData("2.5-beta", "2.5.0")]
    public void Msi_product_versions_keep_major_minor_build(string version, string expected) =>
        Assert.Equal(expected, MsiProductVersion.From(version));
}
