using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cairn.Branding.Loading;

/// <summary>
/// Loads <c>brand.yaml</c> from a brand directory and validates it completely: every problem is
/// reported with file, line, column and key, so an integrator fixes a brand in one pass.
/// </summary>
public static class BrandLoader
{
    public const string FileName = "brand.yaml";

    private static readonly string[] ColorKeys = ["primary", "secondary", "accent", "background", "text"];

    private static readonly string[] TopLevelKeys =
    [
        "product_name", "short_name", "company", "copyright", "description", "homepage",
        "license_file", "icon", "logo", "colors", "upgrade_code", "encrypted_value_marker",
    ];

    /// <summary>Loads and validates the brand in <paramref name="brandDirectory"/>.</summary>
    /// <exception cref="BrandValidationException">The brand has one or more problems.</exception>
    public static Brand Load(string brandDirectory)
    {
        var directory = Path.GetFullPath(brandDirectory);
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            throw new BrandValidationException([new BrandError(file, 0, 0, "(file)", $"no {FileName} in the brand directory {directory}")]);
        }
        return Parse(File.ReadAllText(file), file, directory);
    }

    /// <summary>Validates brand text; <paramref name="directory"/> resolves the image and license paths it names.</summary>
    public static Brand Parse(string yaml, string file, string directory)
    {
        var reader = new Reader(file, directory);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                throw new BrandValidationException([new BrandError(file, 1, 1, "(document)", "must be a YAML mapping of brand keys")]);
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            throw new BrandValidationException([new BrandError(file, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", e.InnerException?.Message ?? e.Message)]);
        }
        return reader.Read(root);
    }

    /// <summary>Collects errors while reading; a value that fails still yields a placeholder so reading goes on.</summary>
    private sealed class Reader(string file, string directory)
    {
        private readonly List<BrandError> errors = [];

        public Brand Read(YamlMappingNode root)
        {
            ReportUnknownKeys(root, TopLevelKeys, prefix: "");
            var upgradeCodeNode = Scalar(root, "upgrade_code");
            var upgradeCode = Guid.Empty;
            if (upgradeCodeNode is not null)
            {
                Check(upgradeCodeNode, "upgrade_code", BrandRules.CheckUpgradeCode(upgradeCodeNode.Value ?? "", out upgradeCode));
            }

            var brand = new Brand
            {
                ProductName = Text(root, "product_name", BrandRules.CheckDisplayText),
                ShortName = Text(root, "short_name", BrandRules.CheckShortName),
                Company = Text(root, "company", BrandRules.CheckDisplayText),
                Copyright = Text(root, "copyright", BrandRules.CheckDisplayText),
                Description = Text(root, "description", BrandRules.CheckDisplayText),
                Homepage = HomepageOf(root),
                LicenseFile = FileOf(root, "license_file", expected: null),
                IconFile = FileOf(root, "icon", expected: ImageKind.Ico),
                LogoFile = FileOf(root, "logo", expected: ImageKind.Png),
                Colors = ColorsOf(root),
                UpgradeCode = upgradeCode,
                EncryptedValueMarker = Text(root, "encrypted_value_marker", BrandRules.CheckMarker),
                Directory = directory,
            };
            if (errors.Count > 0)
            {
                throw new BrandValidationException(errors);
            }
            return brand;
        }

        private enum ImageKind { Png, Ico }

        private Uri HomepageOf(YamlMappingNode root)
        {
            var value = Text(root, "homepage", BrandRules.CheckHomepage);
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : new Uri("http://invalid.invalid/");
        }

        private BrandColors ColorsOf(YamlMappingNode root)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("colors"), out var node))
            {
                AddError(root, "colors", $"is missing (a mapping with {string.Join(", ", ColorKeys)})");
                return new BrandColors("", "", "", "", "");
            }
            if (node is not YamlMappingNode colors)
            {
                AddError(node, "colors", $"must be a mapping with {string.Join(", ", ColorKeys)}");
                return new BrandColors("", "", "", "", "");
            }
            ReportUnknownKeys(colors, ColorKeys, prefix: "colors.");
            var values = ColorKeys.Select(key => Text(colors, key, BrandRules.CheckColor, prefix: "colors.")).ToArray();
            return new BrandColors(values[0], values[1], values[2], values[3], values[4]);
        }

        private string FileOf(YamlMappingNode root, string key, ImageKind? expected)
        {
            var node = Scalar(root, key);
            if (node is null)
            {
                return "";
            }
            var relative = node.Value ?? "";
            if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative))
            {
                AddError(node, key, "must be a file path relative to the brand directory");
                return "";
            }
            var full = Path.GetFullPath(Path.Combine(directory, relative));
            if (!full.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                AddError(node, key, $"'{relative}' points outside the brand directory");
                return "";
            }
            if (!File.Exists(full))
            {
                AddError(node, key, $"file '{relative}' does not exist in {directory}");
                return full;
            }
            var header = BrandFile.ReadHeader(full);
            if (expected == ImageKind.Png && !BrandFile.IsPng(header))
            {
                AddError(node, key, $"'{relative}' is not a PNG image");
            }
            else if (expected == ImageKind.Ico && !BrandFile.IsIco(header))
            {
                AddError(node, key, $"'{relative}' is not a Windows icon (.ico)");
            }
            return full;
        }

        private string Text(YamlMappingNode mapping, string key, Func<string, string?> rule, string prefix = "")
        {
            var node = Scalar(mapping, key, prefix);
            if (node is null)
            {
                return "";
            }
            var value = node.Value ?? "";
            Check(node, prefix + key, rule(value));
            return value;
        }

        private YamlScalarNode? Scalar(YamlMappingNode mapping, string key, string prefix = "")
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                AddError(mapping, prefix + key, "is missing");
                return null;
            }
            if (node is not YamlScalarNode scalar)
            {
                AddError(node, prefix + key, "must be a single value, not a list or mapping");
                return null;
            }
            return scalar;
        }

        private void ReportUnknownKeys(YamlMappingNode mapping, IReadOnlyCollection<string> known, string prefix)
        {
            foreach (var key in mapping.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!known.Contains(name))
                {
                    AddError(key, prefix + name, $"unknown key (expected one of: {string.Join(", ", known)})");
                }
            }
        }

        private void Check(YamlNode node, string key, string? problem)
        {
            if (problem is not null)
            {
                AddError(node, key, problem);
            }
        }

        private void AddError(YamlNode node, string key, string message) =>
            errors.Add(new BrandError(file, (int)node.Start.Line, (int)node.Start.Column, key, message));
    }
}
