namespace Cairn.Installer.Artifacts;

/// <summary>One installer file as the manifest lists it.</summary>
/// <param name="FileName">The file's name in artifacts/installers/.</param>
/// <param name="Format">deb, rpm, linux-script, msi or nsis.</param>
/// <param name="Rid">The .NET runtime id it installs, e.g. <c>linux-x64</c>.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex.</param>
public sealed record InstallerArtifact(string FileName, string Format, string Rid, long Size, string Sha256);
