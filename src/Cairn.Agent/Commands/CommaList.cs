namespace Cairn.Agent.Commands;

/// <summary>Option values that may hold comma-separated lists, as NPBackup takes them (<c>--forget id1,id2</c>): split and trimmed.</summary>
internal static class CommaList
{
    public static List<string> Split(IEnumerable<string>? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
}
