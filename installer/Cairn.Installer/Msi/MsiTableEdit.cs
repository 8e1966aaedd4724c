namespace Cairn.Installer.Msi;

/// <summary>One change made to the .msi after wixl, with the reason it exists (shown by <c>msi --explain</c> and kept in tests).</summary>
/// <param name="Reason">What wixl lacks and what the statements add instead.</param>
/// <param name="Statements">msibuild SQL, run in order.</param>
public sealed record MsiTableEdit(string Reason, IReadOnlyList<string> Statements);
