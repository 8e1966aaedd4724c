using Cairn.Branding.Loading;

namespace Cairn.Build.Tests;

/// <summary>Nothing brand-specific is written anywhere but the brand directory.</summary>
public class BrandConfinementTests
{
    private static readonly string[] CodeFolders = ["src", "branding", "installer", "build"];
    private static readonly string[] CodeExtensions = [".cs", ".cake", ".csproj", ".props", ".targets", ".scriban", ".sh", ".json", ".yaml", ".xml", ".wxs", ".nsi", ".service"];

    [Fact]
    public void Default_brand_values_appear_only_in_resources()
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);
        string[] brandValues =
        [
            brand.ProductName, brand.Company, brand.Copyright, brand.Description, brand.Homepage.Host,
            brand.UpgradeCode.ToString("D"), brand.EncryptedValueMarker,
        ];

        var offenders =
            from folder in CodeFolders
            from file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, folder), "*", SearchOption.AllDirectories)
            where CodeExtensions.Contains(Path.GetExtension(file)) && !IsBuildOutput(file)
            let text = File.ReadAllText(file)
            from value in brandValues
            where text.Contains(value, StringComparison.OrdinalIgnoreCase)
            select $"{Path.GetRelativePath(RepositoryLayout.Root, file)} contains '{value}'";

        Assert.Empty(offenders);
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
