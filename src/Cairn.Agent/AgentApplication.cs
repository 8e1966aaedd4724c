using System.CommandLine;
using Cairn.Agent.Commands;

namespace Cairn.Agent;

/// <summary>Entry point of the agent: parses the command line and runs one command.</summary>
public static class AgentApplication
{
    /// <summary>Runs with the real console, environment and processes; Ctrl+C interrupts cleanly (exit 200).</summary>
    public static Task<int> RunAsync(string[] args, ProductIdentity product, CancellationToken cancellationToken = default) =>
        RunAsync(args, product, extraCommands: [], cancellationToken);

    /// <summary>As above, with verbs contributed by other libraries (the executable composes them).</summary>
    public static async Task<int> RunAsync(
        string[] args, ProductIdentity product, IReadOnlyList<ICommandContributor> extraCommands, CancellationToken cancellationToken = default)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            interrupt.Cancel();
        }
        Console.CancelKeyPress += OnCancelKeyPress;
        // SIGTERM (systemctl stop, kill) stops like Ctrl+C: restic removes its lock, VMs are put back on their disks
        using var terminate = OperatingSystem.IsWindows() ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                interrupt.Cancel();
            });
        try
        {
            return await RunAsync(args, product, AgentContext.FromSystem(), extraCommands, interrupt.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    /// <summary>Runs against the given surroundings (tests, other hosts).</summary>
    public static Task<int> RunAsync(string[] args, ProductIdentity product, AgentContext context, CancellationToken cancellationToken) =>
        RunAsync(args, product, context, extraCommands: [], cancellationToken);

    /// <summary>Runs against the given surroundings, with contributed verbs.</summary>
    public static async Task<int> RunAsync(
        string[] args, ProductIdentity product, AgentContext context, IReadOnlyList<ICommandContributor> extraCommands,
        CancellationToken cancellationToken)
    {
        string? logFile = null;
        try
        {
            var root = CommandTable.Build(product, context, extraCommands);
            var verbs = root.Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            if (Commands.NpBackupSyntax.NpBackupCommandLine.IsNpBackupSyntax(args, verbs))
            {
                // NPBackup's flags become the agent's own command line, run by the same command table
                switch (Commands.NpBackupSyntax.NpBackupCommandLine.Translate(args))
                {
                    case Commands.NpBackupSyntax.NativeCommandLine native:
                        args = [.. native.Arguments];
                        break;
                    case Commands.NpBackupSyntax.VersionRequest version:
                        return await Commands.NpBackupSyntax.NpBackupImmediateRequests.VersionAsync(version, product, context).ConfigureAwait(false);
                    case Commands.NpBackupSyntax.LicenseRequest license:
                        return await Commands.NpBackupSyntax.NpBackupImmediateRequests.LicenseAsync(license, context).ConfigureAwait(false);
                    case Commands.NpBackupSyntax.RefusedCommandLine refused:
                        return await Commands.NpBackupSyntax.NpBackupImmediateRequests.RefuseAsync(refused, context).ConfigureAwait(false);
                    case Commands.NpBackupSyntax.ListSelectedReposRequest list:
                        return await Commands.NpBackupSyntax.NpBackupImmediateRequests.ListSelectedReposAsync(list,
                            root.Parse([.. list.GlobalArguments, "snapshots"]), product, context).ConfigureAwait(false);
                }
            }
            var parseResult = root.Parse(args);
            logFile = parseResult.Errors.Count == 0 ? parseResult.GetValue<string?>("--log-file") : null;
            if (parseResult.Errors.Count > 0)
            {
                foreach (var error in parseResult.Errors)
                {
                    await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                }
                await context.Error.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
                return (int)AgentExitCode.BadArgument;
            }
            var invocation = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("interrupted").ConfigureAwait(false);
            return (int)AgentExitCode.Interrupted;
        }
#pragma warning disable CA1031 // the last line of defence: any exception becomes exit 201, its trace in the log file
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync(Logging.CrashReport.Write(product, context, logFile, ex)).ConfigureAwait(false);
            return (int)AgentExitCode.UnhandledException;
        }
    }
}
