namespace Cairn.Installer.Tests.Support;

/// <summary>A staging root for <c>--root</c>, with the paths an installation of <c>short_name</c> puts there.</summary>
internal sealed class StagingRoot(string shortName) : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer root-");

    public string Path => directory.Path;

    public string ProgramDirectory => directory.Combine("opt", shortName);

    public string Program => directory.Combine("opt", shortName, shortName);

    public string ConfigDirectory => directory.Combine("etc", shortName);

    public string Config => directory.Combine("etc", shortName, shortName + ".conf");

    public string ConfigExample => Config + ".example";

    public string Command => directory.Combine("usr", "local", "bin", shortName);

    public string Combine(params string[] parts) => directory.Combine(parts);

    public void Dispose() => directory.Dispose();
}
