namespace Cairn.Branding.Loading;

/// <summary>Thrown when a brand directory cannot be used; lists every problem, not only the first.</summary>
public sealed class BrandValidationException : Exception
{
    public BrandValidationException(IReadOnlyList<BrandError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<BrandError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<BrandError> errors) =>
        $"The brand is not valid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):"
        + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
