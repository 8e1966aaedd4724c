namespace Cairn.Branding.Templates;

/// <summary>A template that does not parse or render; the message names the template file, line and column.</summary>
public sealed class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner);
