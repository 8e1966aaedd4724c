using System.Text;
using Cairn.Agent;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Jobs;

/// <summary>
/// Runs a job through the agent's own entry point, in-process: <see cref="AgentApplication.RunAsync(string[], ProductIdentity, AgentContext, CancellationToken)"/>
/// with the job's command line (<see cref="JobCommandLine"/>) and the real environment and process runner, stdout and
/// stderr captured. Same config loading, backend, metrics and exit code as the CLI; cancellation interrupts restic with
/// SIGINT (the agent's process runner), so restic removes its lock.
/// </summary>
public sealed class AgentJobExecutor(
    ProductIdentity product,
    AgentContext baseContext,
    Func<string> configFile,
    string? cacheDirectory,
    ILogger logger) : IJobExecutor
{
    public async Task<JobCompletion> RunAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var stderr = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var context = baseContext with { Out = stdout, Error = stderr, IsOutputTerminal = false };
        var args = JobCommandLine.Arguments(configFile(), request, cacheDirectory);
        var exitCode = await AgentApplication.RunAsync(args, product, context, cancellationToken).ConfigureAwait(false);
        var completion = JobOutputReader.Read(exitCode, stdout.ToString(), stderr.ToString());
        if (completion.Result is not (JobResult.Success or JobResult.Warning) && completion.LogExcerpt is { } excerpt)
        {
            logger.LogWarning("{Job} ({Trigger}): {Excerpt}", request.Key, request.Trigger, excerpt);
        }
        return completion;
    }
}
