namespace Cairn.Branding.Loading;

/// <summary>One problem found in a brand directory, located precisely enough to fix without guessing.</summary>
/// <param name="File">The file at fault (brand.yaml, or an image or license it names).</param>
/// <param name="Line">1-based line in brand.yaml, or 0 when the problem has no line (a missing file).</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Key">The brand.yaml key, dotted for nested keys (e.g. <c>colors.primary</c>).</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record BrandError(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Key}: {Message}" : $"{File}: {Key}: {Message}";
}
