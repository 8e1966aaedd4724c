namespace Cairn.Installer;

/// <summary>One installer that ships: the platform it is for, the .NET runtime id it packs, and its format.</summary>
/// <param name="Os">Operating system as used in artifact names, e.g. <c>linux</c>.</param>
/// <param name="Arch">Architecture as used in artifact names, e.g. <c>x64</c>.</param>
/// <param name="Rid">The .NET runtime identifier whose publish folder goes in, e.g. <c>linux-x64</c>.</param>
/// <param name="Format">Which builder makes it.</param>
public sealed record PackageTarget(string Os, string Arch, string Rid, InstallerFormat Format);
