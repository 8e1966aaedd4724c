using Cairn.Agent.Config;

namespace Cairn.Agent.Permissions;

/// <summary>
/// Asks for the manager password once (<c>&lt;SHORT_NAME&gt;_MANAGER_PASSWORD</c>, else the terminal) and checks it
/// against each protected repo. NPBackup's rule: a wrong password is exit 74.
/// </summary>
internal static class ManagerPasswordCheck
{
    /// <summary>Null when every protected repo accepts the password; else the refusal.</summary>
    public static string? Verify(IReadOnlyList<RepoConfig> protectedRepos, string shortName, AgentContext context)
    {
        if (protectedRepos.Count == 0)
        {
            return null;
        }
        var variable = ProductEnvironmentVariable.Name(shortName, "MANAGER_PASSWORD");
        var candidate = context.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : context.ReadSecret("manager password: ");
        if (string.IsNullOrEmpty(candidate))
        {
            return $"the manager password is needed: set {variable} or run on a terminal";
        }
        return protectedRepos.FirstOrDefault(r => !ManagerPassword.Verify(r.ManagerPassword!, candidate)) is { } wrong
            ? $"wrong manager password for repo '{wrong.Name}'"
            : null;
    }
}
