using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>Human output of operations whose backend prints text (check, prune, unlock, repair).</summary>
internal static class TextOutput
{
    /// <summary>The backend's lines (progress lines dropped), under a title line.</summary>
    public static IReadOnlyList<string> Format(string repo, string operation, TextResult result) =>
    [
        $"{repo}: {operation} done",
        .. result.Lines.Where(l => l.Trim().Length > 0 && !l.StartsWith('[')).Select(l => "  " + l.TrimEnd()),
    ];
}
