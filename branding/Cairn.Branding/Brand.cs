namespace Cairn.Branding;

/// <summary>
/// A validated brand, as loaded from a brand directory's <c>brand.yaml</c>.
/// Every product-specific string the build emits (code, installers, unit files) comes from here.
/// </summary>
public sealed record Brand
{
    /// <summary>Display name shown to users, e.g. "Acme Backup". Any Unicode text.</summary>
    public required string ProductName { get; init; }

    /// <summary>Lower-case identifier for the executable, service, directory and config file names.</summary>
    public required string ShortName { get; init; }

    public required string Company { get; init; }
    public required string Copyright { get; init; }
    public required string Description { get; init; }
    public required Uri Homepage { get; init; }

    /// <summary>Absolute path of the end-user license text shipped with installers.</summary>
    public required string LicenseFile { get; init; }

    /// <summary>Absolute path of the Windows icon (.ico).</summary>
    public required string IconFile { get; init; }

    /// <summary>Absolute path of the logo (.png) shown by the GUI and installers.</summary>
    public required string LogoFile { get; init; }

    public required BrandColors Colors { get; init; }

    /// <summary>The MSI UpgradeCode: fixed for the life of a brand so major upgrades find older versions.</summary>
    public required Guid UpgradeCode { get; init; }

    /// <summary>Marker around encrypted values in config files, e.g. <c>__ACME__</c>.</summary>
    public required string EncryptedValueMarker { get; init; }

    /// <summary>The brand directory this brand was loaded from (absolute).</summary>
    public required string Directory { get; init; }
}

/// <summary>Interface colours as <c>#RRGGBB</c>.</summary>
public sealed record BrandColors(string Primary, string Secondary, string Accent, string Background, string Text);
