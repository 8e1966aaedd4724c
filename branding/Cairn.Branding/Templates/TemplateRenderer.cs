using Scriban;
using Scriban.Syntax;

namespace Cairn.Branding.Templates;

/// <summary>Renders Scriban templates against a brand. Undefined names are errors, never empty output.</summary>
public static class TemplateRenderer
{
    /// <summary>Renders template text; <paramref name="templatePath"/> names it in error messages.</summary>
    /// <exception cref="TemplateRenderException">The template does not parse, or names something undefined.</exception>
    public static string Render(string templateText, string templatePath, Brand brand, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var template = Template.Parse(templateText, templatePath);
        if (template.HasErrors)
        {
            throw new TemplateRenderException(
                $"Template {templatePath} does not parse:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", template.Messages));
        }
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            MemberRenamer = member => member.Name,
            LoopLimit = 10_000,
        };
        context.PushGlobal(BrandTemplateModel.Create(brand, variables ?? new Dictionary<string, object?>()));
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateRenderException($"Template {templatePath} failed: {e.Message}", e);
        }
    }

    /// <summary>Renders a template file.</summary>
    public static string RenderFile(string templatePath, Brand brand, IReadOnlyDictionary<string, object?>? variables = null) =>
        Render(File.ReadAllText(templatePath), templatePath, brand, variables);
}
