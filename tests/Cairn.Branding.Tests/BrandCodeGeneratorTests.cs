using Cairn.Branding.Loading;
using Cairn.Branding.Templates;

namespace Cairn.Branding.Tests;

/// <summary>The real templates of branding/templates/csharp, rendered and compiled as the build does.</summary>
public class BrandCodeGeneratorTests
{
    private static string CSharpTemplates => Path.Combine(RepositoryLayout.Root, "branding", "templates", "csharp");

    [Fact]
    public void Hostile_brand_generates_code_that_compiles_to_the_exact_values()
    {
        using var temp = TemporaryBrand.Hostile();
        var brand = BrandLoader.Load(temp.Directory);
        var output = Directory.CreateTempSubdirectory("cairn-generated").FullName;

        var files = BrandCodeGenerator.Generate(brand, CSharpTemplates, output);

        var sources = files.Where(f => f.EndsWith(".g.cs", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        var logo = File.ReadAllBytes(Path.Combine(output, "embedded", "logo.png"));
        var assembly = CSharpCompilationHelper.Compile(sources, [("brand/logo.png", logo), ("brand/icon.ico", File.ReadAllBytes(brand.IconFile))]);
        Assert.Equal(brand.ProductName, CSharpCompilationHelper.ConstantOf(assembly, "Cairn.Generated.BrandInfo", "ProductName"));
        Assert.Equal(brand.Company, CSharpCompilationHelper.ConstantOf(assembly, "Cairn.Generated.BrandInfo", "Company"));
        Assert.Equal("zoe-backup", CSharpCompilationHelper.ConstantOf(assembly, "Cairn.Generated.BrandInfo", "ShortName"));
        Assert.Equal(brand.Colors.Accent, CSharpCompilationHelper.ConstantOf(assembly, "Cairn.Generated.BrandInfo+Colors", "Accent"));
        var readLogo = assembly.GetType("Cairn.Generated.BrandInfo")!.GetMethod("ReadLogoPng")!;
        Assert.Equal(File.ReadAllBytes(brand.LogoFile), (byte[])readLogo.Invoke(null, null)!);
        var product = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyProductAttribute), false);
        Assert.Equal(brand.ProductName, ((System.Reflection.AssemblyProductAttribute)Assert.Single(product)).Product);
    }

    [Fact]
    public void Unchanged_output_keeps_its_timestamp()
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);
        var output = Directory.CreateTempSubdirectory("cairn-generated").FullName;
        var first = BrandCodeGenerator.Generate(brand, CSharpTemplates, output).First(f => f.EndsWith(".g.cs", StringComparison.Ordinal));
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, stamp);

        BrandCodeGenerator.Generate(brand, CSharpTemplates, output);

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(first));
    }

    [Fact]
    public void Empty_template_folder_is_an_error()
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);
        var empty = Directory.CreateTempSubdirectory("cairn-no-templates").FullName;

        Assert.Throws<TemplateRenderException>(() => BrandCodeGenerator.Generate(brand, empty, Path.Combine(empty, "out")));
    }
}
