using System.Text.RegularExpressions;
using Cairn.Web.Hosting;

namespace Cairn.Web.Pages;

/// <summary>The brand's colours as CSS variables (values checked to be #RGB / #RRGGBB, so nothing else reaches CSS).</summary>
public static partial class BrandCss
{
    public static string Variables(BrandColors colors) =>
        $":root{{--primary:{Safe(colors.Primary)};--secondary:{Safe(colors.Secondary)};--accent:{Safe(colors.Accent)};" +
        $"--background:{Safe(colors.Background)};--text:{Safe(colors.Text)}}}";

    private static string Safe(string color) => HexColor().IsMatch(color) ? color : "#808080";

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
