using System.CommandLine;
using Cairn.Agent;
using Cairn.Agent.Commands;
using Cairn.Agent.Config;
using Cairn.Service.Hosting;
using Cairn.Service.Platform;
using Cairn.Service.Scheduling;
using Cairn.Service.State;

namespace Cairn.Service.Commands;

/// <summary>
/// The <c>service</c> verbs, contributed to the agent's command table: <c>run</c> (the daemon), <c>status</c>,
/// <c>reload</c>, <c>run-now</c>, <c>cancel</c> (through the control channel) and <c>install</c>, <c>uninstall</c>,
/// <c>start</c>, <c>stop</c> (the platform's service manager).
/// </summary>
public sealed class ServiceCommands : ICommandContributor
{
    private readonly Option<string?> _stateDir = new("--state-dir")
    {
        Description = "State directory: job history, control socket and token (default /var/lib/<short_name>, %ProgramData%\\<short_name>)",
        HelpName = "DIR",
        Recursive = true,
    };

    public void Contribute(CommandContribution contribution)
    {
        var product = contribution.Product;
        var context = contribution.Context;
        var service = new Command("service", "Run as a service with its own scheduler, and manage that service");
        service.Options.Add(_stateDir);

        string StateDir(ParseResult parse) =>
            StateDirectory.Resolve(parse.GetValue(_stateDir), product.ShortName, context.GetEnvironmentVariable, context.ProgramDataDirectory);
        ServiceCommandRunner Runner(ParseResult parse) =>
            new(product, context, contribution.BindGlobalOptions(parse), StateDir(parse), Configurator(context));

        var run = new Command("run", "Run the scheduler in the foreground (what the systemd unit and the Windows service start)");
        run.SetAction((parse, token) => Runner(parse).RunAsync(token));
        service.Subcommands.Add(run);

        var status = new Command("status", "Show the service's jobs, what runs now and the recent job history (--json for one document)");
        var limit = new Option<int>("--last") { Description = "History rows to show", DefaultValueFactory = _ => 20, HelpName = "N" };
        status.Options.Add(limit);
        status.SetAction((parse, token) => Runner(parse).StatusAsync(parse.GetValue(limit), token));
        service.Subcommands.Add(status);

        var reload = new Command("reload", "Ask the running service to read its config again (an invalid one is rejected, the old one kept)");
        reload.SetAction((parse, token) => Runner(parse).ControlAsync("reload", null, null, token));
        service.Subcommands.Add(reload);

        var runNow = new Command("run-now", "Ask the running service to run a job of the repo given with --repo now");
        var operation = new Option<string>("--operation")
        {
            Description = "backup or housekeeping", DefaultValueFactory = _ => "backup", HelpName = "OPERATION",
        };
        runNow.Options.Add(operation);
        runNow.SetAction((parse, token) => Runner(parse).RunNowAsync(parse.GetValue(operation)!, token));
        service.Subcommands.Add(runNow);

        var cancel = new Command("cancel", "Ask the running service to cancel the jobs of the repos given with --repo (all jobs without --repo)");
        cancel.SetAction((parse, token) => Runner(parse).CancelAsync(token));
        service.Subcommands.Add(cancel);

        var install = new Command("install", "Install the Windows service (delayed start, restart on failure); on Linux the packages install the unit");
        var user = new Option<string?>("--user")
        {
            Description = "Account the service runs as (e.g. 'NT AUTHORITY\\LocalService', 'NT SERVICE\\<name>', a gMSA 'DOMAIN\\name$'); default LocalSystem",
            HelpName = "ACCOUNT",
        };
        install.Options.Add(user);
        install.SetAction((parse, token) => Runner(parse).InstallAsync(parse.GetValue(user), token));
        service.Subcommands.Add(install);

        foreach (var (name, description) in new[]
                 {
                     ("uninstall", "Stop and remove the Windows service"),
                     ("start", "Start the installed service (sc.exe start / systemctl start)"),
                     ("stop", "Stop the installed service (sc.exe stop / systemctl stop)"),
                 })
        {
            var verb = new Command(name, description);
            verb.SetAction((parse, token) => Runner(parse).ManageAsync(name, token));
            service.Subcommands.Add(verb);
        }
        contribution.Root.Subcommands.Add(service);
    }

    private static IServiceConfigurator Configurator(AgentContext context) => context.IsWindows
        ? new WindowsServiceConfigurator(context.ProcessRunner)
        : new SystemdServiceConfigurator(context.ProcessRunner);

    /// <summary>Loads and checks the config and its schedules: a plan, or the exit code after printing each located error.</summary>
    internal static (ServicePlan? Plan, AgentExitCode Code) LoadPlan(string configFile, ProductIdentity product, AgentContext context, TextWriter error)
    {
        if (!context.FileExists(configFile))
        {
            error.WriteLine($"error: config file not found: {configFile}");
            return (null, AgentExitCode.NoConfigFile);
        }
        var result = ServicePlanLoader.Load(configFile, product, context.HostName, TimeZoneInfo.Local);
        if (result.Plan is { } plan)
        {
            return (plan, AgentExitCode.Success);
        }
        foreach (var problem in result.Errors)
        {
            error.WriteLine(problem.ToString());
        }
        error.WriteLine($"error: cannot load config file {configFile}");
        return (null, result.Errors.Any(e => e.Kind == ConfigErrorKind.EncryptedValue) ? AgentExitCode.DecryptionFailed : AgentExitCode.ConfigNotLoadable);
    }
}
