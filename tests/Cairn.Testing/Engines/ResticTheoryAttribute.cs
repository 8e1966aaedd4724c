using Xunit;
using Xunit.Sdk;

namespace Cairn.Testing;

/// <summary>
/// A test run once per restic engine of the matrix (<see cref="ResticEngines"/>): the method takes one
/// <see cref="ResticEngine"/> parameter. A missing engine's case is skipped with the reason, or fails under
/// <c>CI=true</c>. Each engine is its own test case, so both count in the summary.
/// </summary>
[XunitTestCaseDiscoverer("Cairn.Testing.ResticTheoryDiscoverer", "Cairn.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResticTheoryAttribute : FactAttribute
{
    /// <summary>Only engines of at least this version (<c>"0.17"</c>): for features older engines lack.</summary>
    public string? MinimumVersion { get; set; }
}
