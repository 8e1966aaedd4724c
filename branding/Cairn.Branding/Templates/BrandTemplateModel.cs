using Cairn.Branding.Escaping;
using Scriban.Runtime;

namespace Cairn.Branding.Templates;

/// <summary>
/// What a template sees: <c>brand.*</c> (snake_case names of <see cref="Brand"/>), any extra variables the caller
/// passes, and one escaping function per target language. Values are raw: a template applies the filter of the
/// language it writes, e.g. <c>{{ brand.product_name | cs }}</c> or <c>{{ brand.product_name | nsis }}</c>.
/// </summary>
internal static class BrandTemplateModel
{
    public static ScriptObject Create(Brand brand, IReadOnlyDictionary<string, object?> variables)
    {
        var root = new ScriptObject();
        root.Add("brand", BrandObject(brand));
        foreach (var (name, value) in variables)
        {
            root.Add(name, value);
        }
        root.Import("cs", new Func<object?, string>(value => CSharpEscaper.StringLiteral(AsText(value))));
        root.Import("cs_comment", new Func<object?, string>(value => CSharpEscaper.LineComment(AsText(value))));
        root.Import("xml", new Func<object?, string>(value => XmlEscaper.Escape(AsText(value))));
        root.Import("sh", new Func<object?, string>(value => ShellEscaper.SingleQuoted(AsText(value))));
        root.Import("nsis", new Func<object?, string>(value => NsisEscaper.QuotedString(AsText(value))));
        root.Import("systemd", new Func<object?, string>(value => SystemdEscaper.Text(AsText(value))));
        return root;
    }

    private static ScriptObject BrandObject(Brand brand)
    {
        var colors = new ScriptObject
        {
            ["primary"] = brand.Colors.Primary,
            ["secondary"] = brand.Colors.Secondary,
            ["accent"] = brand.Colors.Accent,
            ["background"] = brand.Colors.Background,
            ["text"] = brand.Colors.Text,
        };
        return new ScriptObject
        {
            ["product_name"] = brand.ProductName,
            ["short_name"] = brand.ShortName,
            ["company"] = brand.Company,
            ["copyright"] = brand.Copyright,
            ["description"] = brand.Description,
            ["homepage"] = brand.Homepage.AbsoluteUri,
            ["upgrade_code"] = brand.UpgradeCode.ToString("D").ToUpperInvariant(),
            ["encrypted_value_marker"] = brand.EncryptedValueMarker,
            ["license_file_name"] = Path.GetFileName(brand.LicenseFile),
            ["icon_file_name"] = Path.GetFileName(brand.IconFile),
            ["logo_file_name"] = Path.GetFileName(brand.LogoFile),
            ["colors"] = colors,
        };
    }

    private static string AsText(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
