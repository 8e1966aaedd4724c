using System.Collections.Frozen;
using System.Reflection;
using System.Text.Encodings.Web;
using Cairn.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Pages;

/// <summary>
/// The application page (a single page whose views load from the JSON API), its script and styles (embedded in this
/// assembly), and the brand's logo and icon. All behind a session.
/// </summary>
public static class PageEndpoints
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (WebBrand brand) => Results.Content(RenderIndex(brand), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        endpoints.MapGet("/assets/{file}", (string file) =>
            {
                var extension = Path.GetExtension(file);
                return ContentTypes.TryGetValue(extension, out var type) && ReadEmbedded(file) is { } bytes
                    ? Results.Bytes(bytes, type)
                    : Results.NotFound();
            })
            .ExcludeFromDescription();
        endpoints.MapGet("/brand/logo.png", (WebBrand brand) => Results.Bytes(brand.LogoPng, "image/png")).ExcludeFromDescription();
        endpoints.MapGet("/favicon.ico", (WebBrand brand) => Results.Bytes(brand.IconIco, "image/x-icon")).ExcludeFromDescription();
    }

    public static string RenderIndex(WebBrand brand)
    {
        var template = System.Text.Encoding.UTF8.GetString(ReadEmbedded("index.html") ?? throw new InvalidOperationException("index.html is not embedded"));
        var h = HtmlEncoder.Default;
        return template
            .Replace("{{brand_css}}", BrandCss.Variables(brand.Colors), StringComparison.Ordinal)
            .Replace("{{product_name}}", h.Encode(brand.Product.ProductName), StringComparison.Ordinal)
            .Replace("{{short_name}}", h.Encode(brand.Product.ShortName), StringComparison.Ordinal)
            .Replace("{{version}}", h.Encode(brand.Product.Version.Split('+')[0]), StringComparison.Ordinal);
    }

    private static byte[]? ReadEmbedded(string file)
    {
        if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || file.StartsWith('.'))
        {
            return null;
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + file);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
