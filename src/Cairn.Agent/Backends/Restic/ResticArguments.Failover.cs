namespace Cairn.Agent.Backends.Restic;

/// <summary>Arguments and environment for fallback repositories: the probe, init with another's chunker parameters, copy.</summary>
public static partial class ResticArguments
{
    /// <summary>The cheapest call that proves an endpoint answers and holds a readable repository: <c>cat config</c>, no lock.</summary>
    public static IReadOnlyList<string> Probe(ResticSettings settings) => [.. Global(settings), "cat", "config", "--no-lock"];

    /// <summary><c>init --copy-chunker-params</c>: the source repository comes through <see cref="FromEnvironment"/>.</summary>
    public static IReadOnlyList<string> InitCopyingChunkerParameters(ResticSettings settings) =>
        [.. Global(settings), "init", "--copy-chunker-params"];

    /// <summary>
    /// <c>copy</c> of every snapshot the destination does not hold yet (restic skips those already copied); the source
    /// comes through <see cref="FromEnvironment"/>.
    /// </summary>
    public static IReadOnlyList<string> Copy(ResticSettings settings) => [.. Global(settings), "copy"];

    /// <summary>The environment of <paramref name="repository"/> plus <paramref name="from"/> as restic's source repository.</summary>
    public static IReadOnlyDictionary<string, string?> FromEnvironment(RepositoryConnection repository, RepositoryConnection from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var env = new Dictionary<string, string?>(Environment(repository), StringComparer.Ordinal)
        {
            ["RESTIC_FROM_REPOSITORY"] = from.Uri,
            ["RESTIC_FROM_REPOSITORY_FILE"] = null,
            ["RESTIC_FROM_PASSWORD_FILE"] = null,
            ["RESTIC_FROM_PASSWORD"] = string.IsNullOrEmpty(from.Password) ? null : from.Password,
            ["RESTIC_FROM_PASSWORD_COMMAND"] = string.IsNullOrEmpty(from.Password) ? from.PasswordCommand : null,
        };
        return env;
    }
}
