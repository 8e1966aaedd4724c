namespace Cairn.Releases;

/// <summary>One installer a release manifest lists.</summary>
/// <param name="File">Its file name (letters, digits, '.', '_', '+', '-'; never a path).</param>
/// <param name="Format">The install kind: see <see cref="InstallKinds"/>.</param>
/// <param name="Rid">The runtime id it installs, <c>&lt;os&gt;-&lt;arch&gt;</c>, e.g. <c>linux-x64</c>.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex.</param>
public sealed record ReleaseArtifact(string File, string Format, string Rid, long Size, string Sha256);
