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
        try
        {
            var root = CommandTable.Build(product, context, extraCommands);
            var parseResult = root.Parse(args);
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
#pragma warning disable CA1031 // the last line of defence: any exception becomes exit 201
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"unhandled exception: {ex}").ConfigureAwait(false);
            return (int)AgentExitCode.UnhandledException;
        }
    }
}
