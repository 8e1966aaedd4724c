using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup;

/// <summary>What one pre or post command did (in the JSON output as <c>pre_exec</c> / <c>post_exec</c> items).</summary>
public sealed record HookReport(string Command, int? ExitCode, bool TimedOut, IReadOnlyList<string> Output)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A one-line description of a failure.</summary>
    public string Describe(string kind) => TimedOut
        ? $"{kind} command timed out and was killed: {Command}"
        : ExitCode is { } code
            ? $"{kind} command failed with exit code {code}: {Command}"
            : $"{kind} command could not be started: {Command}";
}

/// <summary>
/// Runs pre or post commands one after the other through the process runner, each in the platform shell with its
/// own timeout (killed with its whole process tree when it runs over). A fatal failure stops the list.
/// </summary>
public sealed class HookRunner(IProcessRunner runner, bool isWindows)
{
    /// <summary>Output lines kept per command (the last ones).</summary>
    public const int MaxOutputLines = 50;

    public async Task<IReadOnlyList<HookReport>> RunAsync(
        HookSettings hooks, IReadOnlyDictionary<string, string?> environment, SecretMasker masker, CancellationToken cancellationToken)
    {
        var reports = new List<HookReport>();
        foreach (var command in hooks.Commands)
        {
            var report = await RunOneAsync(command, hooks.Timeout, environment, masker, cancellationToken).ConfigureAwait(false);
            reports.Add(report);
            if (!report.Succeeded && hooks.FailureIsFatal)
            {
                break;
            }
        }
        return reports;
    }

    public async Task<HookReport> RunOneAsync(
        string command, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, SecretMasker masker, CancellationToken cancellationToken)
    {
        var output = new Queue<string>();
        void Keep(string line)
        {
            lock (output)
            {
                output.Enqueue(masker.Apply(line));
                if (output.Count > MaxOutputLines)
                {
                    output.Dequeue();
                }
            }
        }
        var (fileName, arguments) = ShellCommand.For(command, isWindows);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var request = new ProcessRequest(fileName, arguments, environment, Keep, Keep) { KillTreeOnCancel = true };
        int? exitCode;
        var timedOut = false;
        try
        {
            exitCode = await runner.RunAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            exitCode = null;
            timedOut = true;
        }
        catch (ProgramNotFoundException)
        {
            exitCode = null;
        }
        List<string> lines;
        lock (output)
        {
            lines = [.. output];
        }
        return new HookReport(masker.Apply(command), exitCode, timedOut, lines);
    }
}
