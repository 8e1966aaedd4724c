using Cairn.Agent.Backends;

namespace Cairn.Agent.Backup;

/// <summary>
/// <c>backup --stdin</c> (NPBackup's <c>--stdin</c>): the agent's own standard input, piped by the caller
/// (<c>pg_dump db | &lt;short_name&gt; backup --stdin --stdin-filename db.sql</c>), saved as one file.
/// </summary>
public sealed class StandardInputSource(string fileName, Func<Stream> openStandardInput) : IBackupSource
{
    /// <summary>NPBackup's default name for a stream without <c>--stdin-filename</c>.</summary>
    public const string DefaultFileName = "stdin.data";

    public string Kind => "stdin";

    public SourcePlan Plan(SourceEnvironment environment) =>
        new([], null, new StreamInput(fileName, async (destination, cancellationToken) =>
        {
            await using var input = openStandardInput();
            await input.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }), [], null);
}
