using System.CommandLine;
using System.CommandLine.Invocation;

namespace Cairn.Agent.Commands;

/// <summary>The command table: every verb of the agent, its help text and its handler, in one place.</summary>
internal static class CommandTable
{
    public static RootCommand Build(ProductIdentity product, AgentContext context, IReadOnlyList<ICommandContributor>? extraCommands = null)
    {
        var global = new GlobalOptions();
        var host = new CommandHost(product, context, global);
        var root = new RootCommand($"{product.ProductName}: backups with restic, configured like NPBackup v3.");
        global.AddTo(root);
        root.Options.Add(ConfigCommands.ConfigCommandTable.KeyFileOption());
        root.Subcommands.Add(ConfigCommands.ConfigCommandTable.Build(product, context, global));

        Add(root, host, new InitCommand());
        Add(root, host, new BackupCommand(product));
        Add(root, host, new SnapshotsCommand());
        Add(root, host, new RestoreCommand());
        Add(root, host, new RestoreVmCommand());
        Add(root, host, new LsCommand());
        Add(root, host, new FindCommand());
        Add(root, host, new ForgetCommand());
        Add(root, host, new PruneCommand());
        Add(root, host, new CheckCommand());
        Add(root, host, new HousekeepingCommand(product));
        Add(root, host, new UnlockCommand());
        Add(root, host, new RepairCommand());
        Add(root, host, new DumpCommand(global.Json));
        Add(root, host, new RestoreDatabaseCommand(product));
        Add(root, host, new StatsCommand());
        Add(root, host, new RawCommand());
        Add(root, host, new HasRecentSnapshotCommand());
        Add(root, host, new ListCommand());
        Add(root, host, new RecoverCommand());
        var keys = new Command("keys", "Manage the repository's keys");
        Add(keys, host, new KeysListCommand(), "list");
        Add(keys, host, new KeysAddCommand(), "add");
        Add(keys, host, new KeysRemoveCommand(), "remove");
        Add(keys, host, new KeysReplaceCommand(product, generated: false), "passwd");
        Add(keys, host, new KeysReplaceCommand(product, generated: true), "rotate");
        root.Subcommands.Add(keys);

        // verbs of other libraries (e.g. `service`), composed by the executable
        foreach (var contributor in extraCommands ?? [])
        {
            contributor.Contribute(new CommandContribution(root, product, context, global.Bind));
        }

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersionAction(product);
        }
        root.SetAction(async (parse, _) =>
        {
            await context.Error.WriteLineAsync("error: no command given; run with --help for usage").ConfigureAwait(false);
            return (int)AgentExitCode.BadArgument;
        });
        return root;
    }

    private static void Add<TOptions>(Command parent, CommandHost host, IRepoCommand<TOptions> definition, string? verb = null)
    {
        var command = new Command(verb ?? definition.Name, definition.Description);
        definition.Configure(command);
        command.SetAction((parse, cancellationToken) => host.ExecuteAsync(definition, parse, cancellationToken));
        parent.Subcommands.Add(command);
    }

    /// <summary><c>--version</c>: <c>&lt;ProductName&gt; &lt;Version&gt; (commit &lt;Commit&gt;)</c>.</summary>
    private sealed class PrintVersionAction(ProductIdentity product) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(FormatVersion(product));
            return 0;
        }
    }

    public static string FormatVersion(ProductIdentity product) =>
        $"{product.ProductName} {product.Version} (commit {product.Commit})";
}
