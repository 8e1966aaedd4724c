// Typed build parameters and the paths every task uses. Read once, at the top of build.cake.

public sealed record BuildParameters(
    string Target,
    string Configuration,
    DirectoryPath BrandDirectory,
    IReadOnlyList<string> Runtimes,
    string ResticWinX64,
    string ResticWinX64Sha256)
{
    public static BuildParameters From(ICakeContext context)
    {
        var runtimes = context.Argument("runtime", "linux-x64,win-x64")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BuildParameters(
            context.Argument("target", "Default"),
            context.Argument("configuration", "Release"),
            context.MakeAbsolute(context.Directory(context.Argument("brand", "resources"))),
            runtimes,
            // The restic.exe the Windows installers bundle, checked against its SHA-256 (or RESTIC_WIN_X64[_SHA256]).
            context.Argument("restic-win-x64", ""),
            context.Argument("restic-win-x64-sha256", ""));
    }

    /// <summary>The installer tool's engine arguments: none when not given, so RESTIC_WIN_X64[_SHA256] still apply.</summary>
    public string[] EngineArguments() =>
        ResticWinX64.Length == 0 ? [] : ["--restic", ResticWinX64, "--restic-sha256", ResticWinX64Sha256];
}

public sealed record BuildPaths(DirectoryPath Root)
{
    public FilePath Solution => Root.CombineWithFilePath("Cairn.slnx");
    public FilePath AgentProject => Root.CombineWithFilePath("src/Cairn.Cli/Cairn.Cli.csproj");
    public FilePath BrandingCli => Root.CombineWithFilePath("branding/Cairn.Branding.Cli/Cairn.Branding.Cli.csproj");
    public FilePath InstallerCli => Root.CombineWithFilePath("installer/Cairn.Installer.Cli/Cairn.Installer.Cli.csproj");
    public DirectoryPath Artifacts => Root.Combine("artifacts");
    public DirectoryPath Publish => Artifacts.Combine("publish");
    public DirectoryPath Installers => Artifacts.Combine("installers");
    public DirectoryPath WixSource => Artifacts.Combine("wix");
    public DirectoryPath TestResults => Artifacts.Combine("test-results");
    public FilePath Checksums => Artifacts.CombineWithFilePath("SHA256SUMS");
    public DirectoryPath PublishFor(string runtime) => Publish.Combine(runtime);
}

/// <summary>What the Brand task learns, for the tasks after it.</summary>
public sealed record BrandFacts(string ProductName, string ShortName);

/// <summary>The one version of this build, from Nerdbank.GitVersioning (version.json + git height).</summary>
public sealed record BuildVersion(string Version, string InformationalVersion, string Commit);
