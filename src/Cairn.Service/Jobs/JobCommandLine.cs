using Cairn.Service.Scheduling;

namespace Cairn.Service.Jobs;

/// <summary>
/// The agent command line of a job (pure): exactly what a user would type, e.g.
/// <c>--config FILE --repo NAME --json backup</c>, so a scheduled job takes the CLI's own path.
/// </summary>
public static class JobCommandLine
{
    public static string[] Arguments(string configFile, JobRequest request, string? cacheDirectory)
    {
        var args = new List<string> { "--config", configFile, "--repo", request.Repo, "--json" };
        if (cacheDirectory is not null)
        {
            args.AddRange(["--cache-dir", cacheDirectory]);
        }
        args.Add(request.Operation.Verb());
        return [.. args];
    }
}
