// Cairn's build: brand → generate → compile → test → publish → package.
//   ./build.sh                      everything for the default brand (resources/)
//   ./build.sh --target=Test        all tests
//   ./build.sh --target=Fuzz --minutes=N   generated hostile inputs, N minutes per surface
//   ./build.sh --brand=DIR          another brand; --runtime=linux-x64 to narrow; --configuration=Debug
#load "build/parameters.cake"
#load "build/tools.cake"
#load "build/test-summary.cake"

var parameters = BuildParameters.From(Context);
var paths = new BuildPaths(MakeAbsolute(Directory(".")));
BrandFacts brand = null!;
BuildVersion version = null!;

Setup(context =>
{
    Information("Brand directory: {0}", parameters.BrandDirectory);
    Information("Runtimes: {0}; configuration: {1}", string.Join(", ", parameters.Runtimes), parameters.Configuration);
});

Task("Clean")
    .Description("Removes artifacts/ and every project's build output.")
    .Does(() =>
{
    CleanDirectory(paths.Artifacts);
    CleanDirectories(GetDirectories("./{branding,installer,src,tests}/*/{bin,obj}"));
});

Task("Brand")
    .Description("Validates the brand directory; its code is generated into obj/ by every build.")
    .Does(() =>
{
    // "get" validates the whole brand first: an invalid brand stops here with every problem located.
    var facts = RunRepositoryTool(paths.BrandingCli, parameters.Configuration,
        "get", "--brand", parameters.BrandDirectory.FullPath, "product_name", "short_name").Split('\n');
    brand = new BrandFacts(facts[0], facts[1]);
    version = ReadBuildVersion(paths.AgentProject);
    Information("Product: {0} ({1}) {2}, commit {3}", brand.ProductName, brand.ShortName, version.Version, version.Commit);
});

Task("Build")
    .Description("Compiles every project against the brand.")
    .IsDependentOn("Brand")
    .Does(() =>
{
    DotNetBuild(paths.Solution.FullPath, new DotNetBuildSettings
    {
        Configuration = parameters.Configuration,
        MSBuildSettings = BrandedMSBuildSettings(parameters, brand),
    });
});

Task("Test")
    .Description("Runs every test project; prints the failed tests (artifacts/test-results/failed.txt) and one totals line (summary.txt).")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(paths.TestResults);
    var engines = ProvideResticEngines(paths.Artifacts.Combine("engines"));
    Exception failure = null; // cake scripts compile without nullable annotations
    try
    {
        DotNetTest(paths.Solution.FullPath, new DotNetTestSettings
        {
            Configuration = parameters.Configuration,
            NoBuild = true,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            ResultsDirectory = paths.TestResults,
            MSBuildSettings = BrandedMSBuildSettings(parameters, brand),
            EnvironmentVariables = engines is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["CAIRN_TEST_RESTIC"] = engines },
        });
    }
    catch (Exception e)
    {
        failure = e;
    }
    var failedTests = FailedTestNames(paths.TestResults);
    System.IO.File.WriteAllLines(paths.TestResults.CombineWithFilePath("failed.txt").FullPath, failedTests);
    foreach (var name in failedTests)
    {
        Error("failed: {0}", name);
    }
    var summary = SummarizeTestResults(paths.TestResults);
    System.IO.File.WriteAllText(paths.TestResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failure is not null)
    {
        throw new CakeException("Tests failed: " + summary);
    }
});

Task("Fuzz")
    .Description("Generated hostile inputs for longer: every surface's test (Category=Fuzz) for --minutes=N (default 10) each, all at once, from a fresh seed; figures in artifacts/fuzz.txt. A failure prints the seed that replays it (CAIRN_FUZZ_SEED).")
    .IsDependentOn("Build")
    .Does(() =>
{
    var minutes = Argument("minutes", 10.0);
    var report = paths.Artifacts.CombineWithFilePath("fuzz.txt").FullPath;
    if (System.IO.File.Exists(report))
    {
        System.IO.File.Delete(report);
    }
    DotNetTest(paths.Solution.FullPath, new DotNetTestSettings
    {
        Configuration = parameters.Configuration,
        NoBuild = true,
        Filter = "Category=Fuzz",
        Loggers = new[] { "console;verbosity=normal" },
        MSBuildSettings = BrandedMSBuildSettings(parameters, brand),
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["CAIRN_FUZZ_MINUTES"] = minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CAIRN_FUZZ_REPORT"] = report,
        },
    });
    if (System.IO.File.Exists(report))
    {
        Information(System.IO.File.ReadAllText(report));
    }
});

Task("Publish")
    .Description("Self-contained agent and GUI per runtime at artifacts/publish/<rid>/<short_name> and <short_name>-gui.")
    .IsDependentOn("Brand")
    .DoesForEach(() => parameters.Runtimes, runtime =>
{
    var output = paths.PublishFor(runtime);
    CleanDirectory(output);
    DotNetPublish(paths.AgentProject.FullPath, new DotNetPublishSettings
    {
        Configuration = parameters.Configuration,
        Runtime = runtime,
        SelfContained = true,
        OutputDirectory = output,
        MSBuildSettings = BrandedMSBuildSettings(parameters, brand),
    });
    var executable = output.CombineWithFilePath(runtime.StartsWith("win") ? brand.ShortName + ".exe" : brand.ShortName);
    if (!FileExists(executable))
    {
        throw new CakeException($"Publish for {runtime} did not produce {executable}");
    }
    Information("Agent for {0}: {1}", runtime, executable);
    // the GUI launcher (<short_name>-gui) beside the agent, sharing its folder
    DotNetPublish("src/Cairn.Gui/Cairn.Gui.csproj", new DotNetPublishSettings
    {
        Configuration = parameters.Configuration, Runtime = runtime, SelfContained = true, OutputDirectory = output,
        MSBuildSettings = BrandedMSBuildSettings(parameters, brand),
    });
    var gui = output.CombineWithFilePath(brand.ShortName + (runtime.StartsWith("win") ? "-gui.exe" : "-gui"));
    if (!FileExists(gui))
    {
        throw new CakeException($"Publish for {runtime} did not produce {gui}");
    }
});

Task("Installers")
    .Description("Branded installers in artifacts/installers/: the Linux script, .deb and .rpm.")
    .IsDependentOn("Publish")
    .WithCriteria(() => parameters.Runtimes.Contains("linux-x64"), "the Linux installers need --runtime to include linux-x64")
    .Does(() =>
{
    EnsureDirectoryExists(paths.Installers);
    foreach (var format in new[] { "linux-script", "deb", "rpm" })
    {
        var artifact = RunRepositoryTool(paths.InstallerCli, parameters.Configuration,
            format,
            "--brand", parameters.BrandDirectory.FullPath,
            "--version", version.Version,
            "--publish", paths.PublishFor("linux-x64").FullPath,
            "--out", paths.Installers.FullPath);
        Information("Linux installer ({0}): {1}", format, artifact);
    }
});

Task("WindowsInstallers")
    .Description("MSI and NSIS installer for win-x64 in artifacts/installers/; signed when SIGNING_PKCS12 is set, with restic when --restic-win-x64 (or RESTIC_WIN_X64) is.")
    .IsDependentOn("Publish")
    .WithCriteria(() => parameters.Runtimes.Contains("win-x64"), "the Windows installers need --runtime to include win-x64")
    .Does(() =>
{
    EnsureDirectoryExists(paths.Installers);
    var publish = paths.PublishFor("win-x64").FullPath;
    RunRepositoryTool(paths.InstallerCli, parameters.Configuration, "sign", "--brand", parameters.BrandDirectory.FullPath, "--path", publish);
    foreach (var format in new[] { "msi", "nsis" })
    {
        var artifact = RunRepositoryTool(paths.InstallerCli, parameters.Configuration, [
            format, "--brand", parameters.BrandDirectory.FullPath, "--version", version.Version, "--publish", publish, "--out", paths.Installers.FullPath,
            .. parameters.EngineArguments()]);
        RunRepositoryTool(paths.InstallerCli, parameters.Configuration, "sign", "--brand", parameters.BrandDirectory.FullPath, "--path", artifact);
        Information("Windows installer ({0}): {1}", format, artifact);
    }
});

Task("WixSource")
    .Description("The MSI's whole WiX v3 source in artifacts/wix/, for the WiX toolset on Windows (not part of Default).")
    .IsDependentOn("Publish")
    .WithCriteria(() => parameters.Runtimes.Contains("win-x64"), "the WiX source needs --runtime to include win-x64")
    .Does(() =>
{
    Information("WiX source: {0}", RunRepositoryTool(paths.InstallerCli, parameters.Configuration, [
        "wxs", "--brand", parameters.BrandDirectory.FullPath, "--version", version.Version,
        "--publish", paths.PublishFor("win-x64").FullPath, "--out", paths.WixSource.FullPath, .. parameters.EngineArguments()]));
});

Task("Checksums")
    .Description("artifacts/installers/manifest.json (read by the upgrade server), artifacts/SHA256SUMS (sha256sum -c format) and, when SIGNING_PKCS12 is set, its signature SHA256SUMS.p7s.")
    .IsDependentOn("Brand")
    .Does(() =>
{
    // Only this build's installers go in the manifest: none (e.g. --target=Checksums alone) means no manifest.
    if (GetFiles($"{paths.Installers.FullPath}/{brand.ShortName}-{version.Version}-*").Any())
    {
        Information("Manifest: {0}", RunRepositoryTool(paths.InstallerCli, parameters.Configuration,
            "manifest", "--artifacts", paths.Artifacts.FullPath, "--brand", parameters.BrandDirectory.FullPath, "--version", version.Version));
    }
    Information("Checksums: {0}", RunRepositoryTool(paths.InstallerCli, parameters.Configuration, "checksums", "--artifacts", paths.Artifacts.FullPath));
});

Task("Default")
    .Description("Everything: brand, build, publish, installers, checksums.")
    .IsDependentOn("Build")
    .IsDependentOn("Installers")
    .IsDependentOn("WindowsInstallers")
    .IsDependentOn("Checksums");

RunTarget(parameters.Target);
