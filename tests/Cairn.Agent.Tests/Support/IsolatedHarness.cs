namespace Cairn.Agent.Tests.Support;

public static class IsolatedHarness
{
    /// <summary>
    /// An agent harness whose per-repo locks live in the test's own folder, so tests using the same repo names
    /// (<c>default</c>) in parallel do not wait for each other's locks.
    /// </summary>
    public static AgentHarness Harness(TemporaryDirectory temp) =>
        new AgentHarness().WithEnvironment("TEST_BACKUP_LOCK_DIR", temp.Combine("locks"));
}
