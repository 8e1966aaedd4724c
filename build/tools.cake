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
