namespace Cairn.Installer.Processes;

/// <summary>A program and its argv, never a shell string, so no argument is ever split or expanded.</summary>
/// <param name="Program">A path, or a name looked up on PATH.</param>
/// <param name="Arguments">The arguments, one element per argv entry.</param>
/// <param name="Environment">Variables set for the child on top of this process's environment.</param>
/// <param name="Timeout">How long before the program is killed and the run fails.</param>
public sealed record ProcessRequest(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string>? Environment = null,
    TimeSpan? Timeout = null)
{
    public override string ToString() => Program + " " + string.Join(' ', Arguments.Select(a => a.Contains(' ') ? $"'{a}'" : a));
}
