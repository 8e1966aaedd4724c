namespace Cairn.Agent;

/// <summary>
/// The product's own environment variables are named after the brand's short name: upper-cased, '-' as '_', then
/// '_' and what the variable is for (<c>cairn</c> → <c>CAIRN_STATE_DIR</c>). One rule, so a brand's variables agree.
/// </summary>
public static class ProductEnvironmentVariable
{
    /// <summary>The variables' common start, e.g. <c>CAIRN</c>.</summary>
    public static string Prefix(string shortName)
    {
        ArgumentNullException.ThrowIfNull(shortName);
        return shortName.ToUpperInvariant().Replace('-', '_');
    }

    /// <summary>The variable for <paramref name="purpose"/>, e.g. <c>Name("cairn", "STATE_DIR")</c> is <c>CAIRN_STATE_DIR</c>.</summary>
    public static string Name(string shortName, string purpose) => Prefix(shortName) + "_" + purpose;
}
