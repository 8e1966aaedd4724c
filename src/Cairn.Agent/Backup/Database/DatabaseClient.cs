using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup.Database;

/// <summary>What a database client program did: exit code (null when killed or not found), its output, its errors.</summary>
public sealed record ClientRun(int? ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors, string? Problem)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>One line for an error message: the problem or the exit code, then the program's last error lines.</summary>
    public string Describe() =>
        (Problem ?? $"exit code {ExitCode}") + (Errors.Count > 0 ? ": " + string.Join(" | ", Errors.TakeLast(5)) : "");
}

/// <summary>Runs a database client (listing, creating, restoring) through the process-runner seam, with a timeout.</summary>
public sealed class DatabaseClient(IProcessRunner runner, SecretMasker masker, TimeSpan timeout)
{
    public async Task<ClientRun> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken, Func<Stream, CancellationToken, Task>? standardInput = null)
    {
        var output = new List<string>();
        var errors = new List<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero)
        {
            deadline.CancelAfter(timeout);
        }
        var request = new ProcessRequest(program, arguments, environment,
            OnStandardOutput: line =>
            {
                lock (output)
                {
                    output.Add(line);
                }
            },
            OnStandardError: line =>
            {
                lock (errors)
                {
                    errors.Add(masker.Apply(line));
                }
            })
        {
            StandardInput = standardInput,
            KillTreeOnCancel = true,
        };
        try
        {
            var code = await runner.RunAsync(request, deadline.Token).ConfigureAwait(false);
            return new ClientRun(code, output, errors, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ClientRun(null, output, errors, $"ran over its timeout of {timeout.TotalSeconds:0} s and was killed");
        }
        catch (ProgramNotFoundException)
        {
            return new ClientRun(null, output, errors, $"cannot run '{program}'");
        }
    }
}
