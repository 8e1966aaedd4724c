namespace Cairn.Build.Tests;

/// <summary>
/// The integrator's promise: copy resources/, change the names, build, and get a product under the new
/// name. The build runs in its own artifacts folder so it never touches the checkout's obj/ and bin/.
/// </summary>
public class SecondBrandBuildTests
{
    private const string ProductName = "Zoë's \"Bäckup\" & <Co> $HOME `id` {{ x }} \\ 100% ☃";
    private const string ShortName = "zoe-backup";

    [Fact]
    public void Agent_built_from_a_second_brand_carries_its_exact_name()
    {
        var work = Directory.CreateTempSubdirectory("cairn-second-brand").FullName;
        try
        {
            var brand = CopyBrand(work);
            var artifacts = Path.Combine(work, "artifacts");

            var build = ProcessRunner.Run("dotnet",
            [
                "build", Path.Combine(RepositoryLayout.Root, "src", "Cairn.Cli", "Cairn.Cli.csproj"),
                "-c", "Release", "-nologo", "-v:q",
                "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={artifacts}",
                $"-p:CairnBrandDir={brand}/", $"-p:CairnExecutableName={ShortName}",
            ], timeout: TimeSpan.FromMinutes(8));
            Assert.True(build.ExitCode == 0, build.Output + build.Error);

            var executable = Path.Combine(artifacts, "bin", "Cairn.Cli", "release", ShortName);
            Assert.True(File.Exists(executable), $"no executable named after the brand at {executable}");
            var version = ProcessRunner.Run(executable, ["--version"]);
            Assert.Equal(0, version.ExitCode);
            Assert.StartsWith(ProductName + " ", version.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string CopyBrand(string work)
    {
        var brand = Path.Combine(work, "brand");
        Directory.CreateDirectory(brand);
        foreach (var file in Directory.GetFiles(RepositoryLayout.DefaultBrand))
        {
            File.Copy(file, Path.Combine(brand, Path.GetFileName(file)));
        }
        var yaml = File.ReadAllLines(Path.Combine(brand, "brand.yaml")).Select(line => line switch
        {
            _ when line.StartsWith("product_name:", StringComparison.Ordinal) => "product_name: " + YamlQuoted(ProductName),
            _ when line.StartsWith("short_name:", StringComparison.Ordinal) => "short_name: " + ShortName,
            _ when line.StartsWith("company:", StringComparison.Ordinal) => "company: 'Ærø & Søn'",
            _ when line.StartsWith("upgrade_code:", StringComparison.Ordinal) => "upgrade_code: 0b7c1d2e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
            _ => line,
        });
        File.WriteAllLines(Path.Combine(brand, "brand.yaml"), yaml);
        return brand;
    }

    private static string YamlQuoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
