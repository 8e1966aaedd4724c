using Cairn.Branding.Loading;
using Cairn.Branding.Templates;

namespace Cairn.Branding.Cli;

/// <summary>
/// The branding commands the build runs. Exit codes: 0 ok, 2 invalid brand, 3 template error, 64 usage.
/// </summary>
public static class BrandingCommandLine
{
    public const int Ok = 0;
    public const int InvalidBrand = 2;
    public const int TemplateError = 3;
    public const int Usage = 64;

    private const string UsageText = """
        usage:
          validate      --brand DIR
          get           --brand DIR KEY...         (one line per KEY: product_name, short_name, company, upgrade_code, ...)
          generate-code --brand DIR --templates DIR --out DIR
          render        --brand DIR --template FILE --out FILE [--set NAME=VALUE]...
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ParsedArguments parsed;
        try
        {
            parsed = ParsedArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine(UsageText);
            return Usage;
        }
        try
        {
            return parsed.Command switch
            {
                "validate" => Validate(parsed, output),
                "get" => Get(parsed, output, error),
                "generate-code" => GenerateCode(parsed, output),
                "render" => Render(parsed, output),
                _ => UsageError(error, $"unknown command '{parsed.Command}'"),
            };
        }
        catch (ArgumentException e)
        {
            return UsageError(error, e.Message);
        }
        catch (BrandValidationException e)
        {
            error.WriteLine(e.Message);
            return InvalidBrand;
        }
        catch (TemplateRenderException e)
        {
            error.WriteLine(e.Message);
            return TemplateError;
        }
    }

    private static int Validate(ParsedArguments args, TextWriter output)
    {
        var brand = BrandLoader.Load(args.Required("brand"));
        output.WriteLine($"brand ok: {brand.ProductName} ({brand.ShortName})");
        return Ok;
    }

    private static int Get(ParsedArguments args, TextWriter output, TextWriter error)
    {
        var brand = BrandLoader.Load(args.Required("brand"));
        if (args.Positional.Count == 0)
        {
            throw new ArgumentException("get takes one or more KEYs");
        }
        var values = new List<string>();
        foreach (var key in args.Positional)
        {
            var value = ValueOf(brand, key);
            if (value is null)
            {
                return UsageError(error, $"unknown key '{key}'");
            }
            values.Add(value);
        }
        values.ForEach(output.WriteLine);
        return Ok;
    }

    private static string? ValueOf(Brand brand, string key) => key switch
    {
        "product_name" => brand.ProductName,
        "short_name" => brand.ShortName,
        "company" => brand.Company,
        "copyright" => brand.Copyright,
        "description" => brand.Description,
        "homepage" => brand.Homepage.AbsoluteUri,
        "upgrade_code" => brand.UpgradeCode.ToString("D"),
        "encrypted_value_marker" => brand.EncryptedValueMarker,
        "license_file" => brand.LicenseFile,
        "icon" => brand.IconFile,
        "logo" => brand.LogoFile,
        _ => null,
    };

    private static int GenerateCode(ParsedArguments args, TextWriter output)
    {
        var brand = BrandLoader.Load(args.Required("brand"));
        var files = BrandCodeGenerator.Generate(brand, args.Required("templates"), args.Required("out"));
        output.WriteLine($"generated {files.Count} files for brand '{brand.ShortName}' in {args.Required("out")}");
        return Ok;
    }

    private static int Render(ParsedArguments args, TextWriter output)
    {
        var brand = BrandLoader.Load(args.Required("brand"));
        var variables = args.Settings.ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
        var text = TemplateRenderer.RenderFile(args.Required("template"), brand, variables);
        var target = args.Required("out");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        File.WriteAllText(target, text);
        output.WriteLine($"rendered {target}");
        return Ok;
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine(UsageText);
        return Usage;
    }
}
