using Cairn.Branding.Loading;

namespace Cairn.Branding.Tests;

public class BrandLoaderTests
{
    [Fact]
    public void Default_brand_loads_with_every_value()
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);

        Assert.False(string.IsNullOrWhiteSpace(brand.ProductName));
        Assert.Matches("^[a-z][a-z0-9-]+$", brand.ShortName);
        Assert.NotEqual(Guid.Empty, brand.UpgradeCode);
        Assert.True(File.Exists(brand.LicenseFile));
        Assert.True(File.Exists(brand.IconFile));
        Assert.True(File.Exists(brand.LogoFile));
        Assert.Matches("^#[0-9A-Fa-f]{6}$", brand.Colors.Primary);
    }

    [Fact]
    public void Hostile_display_texts_load_unchanged()
    {
        using var temp = TemporaryBrand.Hostile();

        var brand = BrandLoader.Load(temp.Directory);

        Assert.Equal(TemporaryBrand.HostileProductName, brand.ProductName);
        Assert.Equal("zoe-backup", brand.ShortName);
    }

    [Fact]
    public void Missing_key_names_file_and_key()
    {
        using var temp = new TemporaryBrand(("company", null));

        var error = Assert.Single(LoadErrors(temp));

        Assert.Equal(temp.YamlPath, error.File);
        Assert.Equal("company", error.Key);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_guid_is_located_on_its_line()
    {
        using var temp = new TemporaryBrand(("upgrade_code", "upgrade_code: not-a-guid"));

        var error = Assert.Single(LoadErrors(temp));

        Assert.Equal(("upgrade_code", temp.LineOf("upgrade_code")), (error.Key, error.Line));
        Assert.Contains("GUID", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cairn")]
    [InlineData("cairn backup")]
    [InlineData("../etc")]
    [InlineData("x")]
    [InlineData("cairn-")]
    [InlineData("9cairn")]
    [InlineData("con")]
    [InlineData("caïrn")]
    [InlineData("a-very-long-short-name-that-goes-on")]
    public void Unsafe_short_name_is_refused(string shortName)
    {
        using var temp = new TemporaryBrand(("short_name", $"short_name: \"{shortName}\""));

        var error = Assert.Single(LoadErrors(temp));

        Assert.Equal(("short_name", temp.LineOf("short_name")), (error.Key, error.Line));
    }

    [Fact]
    public void Missing_image_names_the_file()
    {
        using var temp = new TemporaryBrand(("logo", "logo: nowhere.png"));

        var error = Assert.Single(LoadErrors(temp));

        Assert.Equal(("logo", temp.LineOf("logo")), (error.Key, error.Line));
        Assert.Contains("nowhere.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_of_the_wrong_kind_is_refused()
    {
        using var temp = new TemporaryBrand(("logo", "logo: LICENSE.txt"));

        var error = Assert.Single(LoadErrors(temp));

        Assert.Equal("logo", error.Key);
        Assert.Contains("not a PNG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_outside_the_brand_directory_is_refused()
    {
        using var temp = new TemporaryBrand(("license_file", "license_file: ../../etc/passwd"));

        Assert.Equal("license_file", Assert.Single(LoadErrors(temp)).Key);
    }

    [Fact]
    public void Unknown_key_and_bad_colour_are_both_reported()
    {
        using var temp = new TemporaryBrand(("product_nam", "product_nam: typo"));
        File.WriteAllText(temp.YamlPath, File.ReadAllText(temp.YamlPath).Replace("\"#2E5E4E\"", "green", StringComparison.Ordinal));

        var errors = LoadErrors(temp);

        Assert.Contains(errors, e => e.Key == "product_nam" && e.Message.Contains("unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Key == "colors.primary" && e.Line > 0);
    }

    [Fact]
    public void Yaml_syntax_error_has_a_line()
    {
        using var temp = new TemporaryBrand();
        File.AppendAllText(temp.YamlPath, "colors: [unclosed\n");

        var error = Assert.Single(LoadErrors(temp));

        Assert.True(error.Line > 1);
        Assert.Contains(temp.YamlPath, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_brand_file_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("cairn-empty-brand").FullName;

        var exception = Assert.Throws<BrandValidationException>(() => BrandLoader.Load(empty));

        Assert.Contains("brand.yaml", exception.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<BrandError> LoadErrors(TemporaryBrand brand) =>
        Assert.Throws<BrandValidationException>(() => BrandLoader.Load(brand.Directory)).Errors;
}
