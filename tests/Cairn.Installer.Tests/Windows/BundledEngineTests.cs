using System.Security.Cryptography;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Windows;

public sealed class BundledEngineTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer engine-");

    private string StandIn()
    {
        var path = directory.Combine("restic.exe");
        StandInExecutable.CopyTo(path);
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Without_a_path_there_is_no_engine_and_the_warning_is_loud()
    {
        Assert.Null(BundledEngine.Resolve(null, null, "win-x64", _ => null));
        Assert.StartsWith("WARNING", BundledEngine.MissingWarning("win-x64"), StringComparison.Ordinal);
        Assert.Contains("RESTIC_WIN_X64", BundledEngine.MissingWarning("win-x64"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_the_given_hash_is_bundled()
    {
        var path = StandIn();

        var engine = BundledEngine.Resolve(path, Sha256(path).ToUpperInvariant(), "win-x64", _ => null);

        Assert.Equal(path, engine!.Path);
    }

    [Fact]
    public void The_environment_variables_name_the_file_and_its_hash()
    {
        var path = StandIn();
        var environment = new Dictionary<string, string> { ["RESTIC_WIN_X64"] = path, ["RESTIC_WIN_X64_SHA256"] = Sha256(path) };

        Assert.NotNull(BundledEngine.Resolve(null, null, "win-x64", environment.GetValueOrDefault));
    }

    [Fact]
    public void A_wrong_hash_stops_the_build()
    {
        var error = Assert.Throws<InstallerException>(() => BundledEngine.Resolve(StandIn(), new string('0', 64), "win-x64", _ => null));
        Assert.Contains("not the expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_hash_stops_the_build() =>
        Assert.Throws<InstallerException>(() => BundledEngine.Resolve(StandIn(), null, "win-x64", _ => null));

    public void Dispose() => directory.Dispose();
}
