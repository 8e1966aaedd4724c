// Runs the repository's own command-line tools (branding, installer) and reads the version.
// Their logic lives in C# projects with unit tests; these helpers only pass arguments.

var builtTools = new HashSet<string>();

// Builds the tool project once per build, then runs its dll directly (dotnet run would rebuild-check every call).
string RunRepositoryTool(FilePath project, string configuration, params string[] arguments)
{
    var name = project.GetFilenameWithoutExtension().FullPath;
    if (builtTools.Add(name))
    {
        DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = configuration, Verbosity = DotNetVerbosity.Quiet, NoLogo = true });
    }
    var dll = project.GetDirectory().CombineWithFilePath($"bin/{configuration}/net10.0/{name}.dll");
    var settings = new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[] { "exec", dll.FullPath }.Concat(arguments)),
        RedirectStandardOutput = true,
    };
    var exitCode = StartProcess("dotnet", settings, out var output);
    var text = string.Join("\n", output);
    if (exitCode != 0)
    {
        throw new CakeException(exitCode, $"{name} {string.Join(" ", arguments)} failed with exit code {exitCode}:\n{text}");
    }
    return text.Trim();
}

// -restore: on a fresh clone the Nerdbank.GitVersioning targets exist only once the package is restored.
BuildVersion ReadBuildVersion(FilePath project)
{
    var settings = new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[]
        {
            "msbuild", project.FullPath, "-nologo", "-restore", "-t:GetBuildVersion",
            "-getProperty:NuGetPackageVersion", "-getProperty:AssemblyInformationalVersion", "-getProperty:GitCommitId",
        }),
        RedirectStandardOutput = true,
    };
    if (StartProcess("dotnet", settings, out var output) != 0)
    {
        throw new CakeException("Cannot read the version from Nerdbank.GitVersioning: " + string.Join("\n", output));
    }
    var properties = System.Text.Json.JsonDocument.Parse(string.Join("\n", output)).RootElement.GetProperty("Properties");
    return new BuildVersion(
        properties.GetProperty("NuGetPackageVersion").GetString()!,
        properties.GetProperty("AssemblyInformationalVersion").GetString()!,
        properties.GetProperty("GitCommitId").GetString()!);
}

DotNetMSBuildSettings BrandedMSBuildSettings(BuildParameters parameters, BrandFacts brand) =>
    new DotNetMSBuildSettings()
        .WithProperty("CairnBrandDir", parameters.BrandDirectory.FullPath + "/")
        .WithProperty("CairnExecutableName", brand.ShortName);

// The restic engine matrix of the tests: build/restic-engines.sh fetches restic 0.18 (Debian 13's package, with apt's
// own tools into artifacts/engines) beside the system's restic and prints the list for CAIRN_TEST_RESTIC (a list already
// in the environment wins). Without it
// (no network) the tests of that engine are skipped with the reason; under CI=true that is an error.
string ProvideResticEngines(DirectoryPath output)
{
    var given = EnvironmentVariable("CAIRN_TEST_RESTIC");
    if (!string.IsNullOrWhiteSpace(given))
    {
        Information("restic engines for the tests (CAIRN_TEST_RESTIC): {0}", given);
        return given;
    }
    var settings = new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[] { output.FullPath }),
        RedirectStandardOutput = true,
    };
    var exitCode = StartProcess(MakeAbsolute(File("build/restic-engines.sh")), settings, out var lines);
    var list = string.Join("", lines).Trim();
    if (exitCode == 0 && list.Length > 0)
    {
        Information("restic engines for the tests: {0}", list);
        return list;
    }
    if (string.Equals(EnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
    {
        throw new CakeException($"build/restic-engines.sh failed with exit code {exitCode}: the tests need every restic engine under CI");
    }
    Warning("build/restic-engines.sh failed with exit code {0}: the tests of restic 0.18 will be skipped", exitCode);
    return null;
}
