using System.Globalization;
using Cairn.Agent;
using Cairn.Agent.Config;

namespace Cairn.Service.Scheduling;

/// <summary>What the service runs, read from a loaded config: the jobs of every repo and the global job limit.</summary>
public sealed record ServicePlan(AgentConfig Config, IReadOnlyList<JobDefinition> Jobs, int MaxConcurrentJobs)
{
    public const int DefaultMaxConcurrentJobs = 1;

    public string ConfigFile => Config.FileName;
}

/// <summary>Result of reading a plan: a plan, or located errors (never both).</summary>
public sealed record ServicePlanResult(ServicePlan? Plan, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// Builds the <see cref="ServicePlan"/> from a config: the agent's loader checks the file, then each
/// <c>schedule.*</c> value (repo or inherited from the group) and <c>global_options.max_concurrent_jobs</c> is parsed;
/// every problem is reported with file, line, column and key.
/// </summary>
public static class ServicePlanLoader
{
    public static ServicePlanResult Load(string path, ProductIdentity product, string hostName, TimeZoneInfo timeZone)
    {
        var loaded = ConfigLoader.LoadFile(path, product.EncryptedValueMarker, hostName);
        return loaded.Config is { } config ? FromConfig(config, timeZone) : new ServicePlanResult(null, loaded.Errors);
    }

    public static ServicePlanResult FromConfig(AgentConfig config, TimeZoneInfo timeZone)
    {
        var errors = new List<ConfigError>();
        var jobs = new List<JobDefinition>();
        foreach (var repo in config.Repos)
        {
            var prefix = $"repos.{repo.Name}.schedule";
            ConfigError Error(string key, string message) => new(ConfigErrorKind.InvalidValue,
                repo.Resolved.Find($"schedule.{key}")?.Location ?? new SourceLocation(config.FileName, 0, 0), $"{prefix}.{key}", message);

            var jitter = TimeSpan.Zero;
            if (repo.Schedule.Jitter is { } jitterText)
            {
                var (duration, error) = ScheduleParser.ParseDuration(jitterText);
                if (error is not null)
                {
                    errors.Add(Error("jitter", error));
                }
                jitter = duration ?? TimeSpan.Zero;
            }
            var missed = MissedRunPolicy.RunOnce;
            if (repo.Schedule.MissedRun is { } missedText)
            {
                var (policy, error) = ScheduleParser.ParseMissedRun(missedText);
                if (error is not null)
                {
                    errors.Add(Error("missed_run", error));
                }
                missed = policy ?? MissedRunPolicy.RunOnce;
            }
            foreach (var (operation, text) in new[]
                     {
                         (JobOperation.Backup, repo.Schedule.Backup), (JobOperation.Housekeeping, repo.Schedule.Housekeeping),
                     })
            {
                if (text is null)
                {
                    continue;
                }
                var (schedule, error) = ScheduleParser.ParseSchedule(text, timeZone);
                if (schedule is null)
                {
                    errors.Add(Error(operation.Verb(), error!));
                    continue;
                }
                jobs.Add(new JobDefinition(repo.Name, operation, schedule, jitter, missed));
            }
        }

        var maxJobs = ServicePlan.DefaultMaxConcurrentJobs;
        if (config.Root.Find("global_options.max_concurrent_jobs") is ConfigScalar { Value: { } limitText } limitNode)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out maxJobs) || maxJobs < 1 || maxJobs > 64)
            {
                errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, limitNode.Location, "global_options.max_concurrent_jobs",
                    $"expected a number of jobs from 1 to 64, got '{limitText}'"));
            }
        }
        return errors.Count > 0
            ? new ServicePlanResult(null, errors)
            : new ServicePlanResult(new ServicePlan(config, jobs, maxJobs), []);
    }
}
