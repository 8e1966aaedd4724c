using Cairn.Branding.Loading;
using Cairn.Branding.Templates;

namespace Cairn.Branding.Tests;

public class TemplateRendererTests
{
    private static readonly Brand DefaultBrand = BrandLoader.Load(RepositoryLayout.DefaultBrand);

    [Fact]
    public void Filters_escape_for_each_target()
    {
        using var temp = TemporaryBrand.Hostile();
        var brand = BrandLoader.Load(temp.Directory);

        var text = TemplateRenderer.Render("{{ brand.product_name | sh }}|{{ brand.company | xml }}", "inline.scriban", brand);

        Assert.Equal(
            Escaping.ShellEscaper.SingleQuoted(brand.ProductName) + "|" + Escaping.XmlEscaper.Escape(brand.Company),
            text);
    }

    [Fact]
    public void Brand_values_are_never_parsed_as_template_code()
    {
        using var temp = TemporaryBrand.Hostile();
        var brand = BrandLoader.Load(temp.Directory);

        var text = TemplateRenderer.Render("{{ brand.product_name }}", "inline.scriban", brand);

        Assert.Equal(TemporaryBrand.HostileProductName, text);
    }

    [Fact]
    public void Undefined_name_is_an_error_naming_the_template()
    {
        var exception = Assert.Throws<TemplateRenderException>(
            () => TemplateRenderer.Render("line one\n{{ brand.produkt_name }}", "templates/x.scriban", DefaultBrand));

        Assert.Contains("templates/x.scriban", exception.Message, StringComparison.Ordinal);
        Assert.Contains("produkt_name", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_names_template_and_line()
    {
        var exception = Assert.Throws<TemplateRenderException>(
            () => TemplateRenderer.Render("ok\n{{ if }", "templates/broken.scriban", DefaultBrand));

        Assert.Contains("templates/broken.scriban(2,", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_variables_are_visible()
    {
        var variables = new Dictionary<string, object?> { ["version"] = "1.2.3" };

        Assert.Equal("cairn-1.2.3", TemplateRenderer.Render("{{ brand.short_name }}-{{ version }}", "t", DefaultBrand with { ShortName = "cairn" }, variables));
    }
}
