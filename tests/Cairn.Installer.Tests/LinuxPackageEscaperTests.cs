using Cairn.Installer.Linux.Packages.Debian;
using Cairn.Installer.Linux.Packages.Rpm;

namespace Cairn.Installer.Tests;

public sealed class LinuxPackageEscaperTests
{
    [Fact]
    public void Control_single_line_values_lose_line_breaks_and_keep_everything_else()
    {
        Assert.Equal("Zoë's \"B\" & <C> $HOME", DebianControlEscaper.SingleLine("  Zoë's \"B\"\n& <C> $HOME\r"));
    }

    [Fact]
    public void Control_continuation_lines_are_indented_blank_lines_are_dots_and_leading_dots_are_protected()
    {
        var lines = DebianControlEscaper.ContinuationLines("first\n\n.dotted\n   \nlast");

        Assert.Equal([" first", " .", "  .dotted", " .", " last"], lines);
    }

    [Fact]
    public void Control_continuation_lines_wrap_at_80_columns()
    {
        var lines = DebianControlEscaper.ContinuationLines(string.Join(' ', Enumerable.Repeat("word", 40))).ToList();

        Assert.True(lines.Count > 1);
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        Assert.Equal(string.Join(' ', Enumerable.Repeat("word", 40)), string.Join(' ', lines.Select(l => l.Trim())));
    }

    [Fact]
    public void Empty_values_are_refused()
    {
        Assert.Throws<InstallerException>(() => DebianControlEscaper.SingleLine(" \n "));
        Assert.Throws<InstallerException>(() => RpmSpecEscaper.Tag("\t"));
    }

    [Fact]
    public void Rpm_values_double_percent_signs_so_macros_are_not_expanded()
    {
        Assert.Equal("100%% %%{name} %%(id)", RpmSpecEscaper.Tag("100% %{name}\n%(id)".Replace("\n", " ")));
        Assert.Equal("%%description\nline", RpmSpecEscaper.Body("%description\r\nline\n"));
    }

    [Fact]
    public void Maintainer_is_quoted_when_the_company_holds_angle_brackets_or_quotes()
    {
        var brand = Cairn.Branding.Loading.BrandLoader.Load(Support.RepositoryPaths.DefaultBrand);

        Assert.Equal("Cairn Project <cairn@cairn-backup.example.org>", DebianControlFile.Maintainer(brand));
        Assert.Equal("\"A <\\\"B\\\"> C\" <cairn@cairn-backup.example.org>", DebianControlFile.Maintainer(brand with { Company = "A <\"B\"> C" }));
    }

    [Fact]
    public void Homepage_url_is_ascii_with_the_host_in_punycode()
    {
        var brand = Cairn.Branding.Loading.BrandLoader.Load(Support.RepositoryPaths.DefaultBrand) with { Homepage = new Uri("https://zoë.example.org/ä?a=1&b='2'") };

        Assert.Equal("https://xn--zo-ija.example.org/%C3%A4?a=1&b='2'", Cairn.Installer.Linux.Packages.LinuxPackageLayout.Debian(brand).HomepageUrl);
    }
}
