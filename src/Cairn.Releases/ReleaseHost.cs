namespace Cairn.Releases;

/// <summary>The machine a release is checked for: what is installed, and how.</summary>
/// <param name="ShortName">The brand's short name; a manifest of another product is refused.</param>
/// <param name="InstalledVersion">The running version.</param>
/// <param name="Os">linux or win (the runtime id's first part).</param>
/// <param name="Arch">x64, arm64, ...</param>
/// <param name="InstallKind">deb, rpm, sh, msi or nsis.</param>
public sealed record ReleaseHost(string ShortName, SemanticVersion InstalledVersion, string Os, string Arch, string InstallKind);
