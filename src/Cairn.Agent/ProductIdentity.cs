namespace Cairn.Agent;

/// <summary>
/// Who the running product is: handed in by the executable, which compiles the code generated from the brand.
/// The agent library itself never names a product.
/// </summary>
/// <param name="ProductName">Display name, e.g. "Acme Backup".</param>
/// <param name="ShortName">Lower-case id used for executable, config and directory names.</param>
/// <param name="Version">Informational version from Nerdbank.GitVersioning, e.g. "0.1.12+a1b2c3d4e5".</param>
/// <param name="Commit">Full git commit id the build came from.</param>
/// <param name="EncryptedValueMarker">Marker around encrypted config values, e.g. "__ACME__".</param>
public sealed record ProductIdentity(
    string ProductName,
    string ShortName,
    string Version,
    string Commit,
    string EncryptedValueMarker);
