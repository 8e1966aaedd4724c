using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Kvm;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>restore-vm --domain NAME [--snapshot ID] [--target DIR] [--define] [--connection URI]</c>: a VM snapshot's images
/// and XML restored into a folder, disk paths rewritten to it; with <c>--define</c> the domain is defined (under a new
/// name when the old one exists).
/// </summary>
internal sealed class RestoreVmCommand : IRepoCommand<RestoreVmCommand.Options>
{
    public sealed record Options(string Domain, string Snapshot, string? Target, bool Define, string? Connection);

    private readonly Option<string> _domain = new("--domain") { Description = "The domain whose snapshot to restore", Required = true, HelpName = "NAME" };

    private readonly Option<string> _snapshot = new("--snapshot", "--snapshot-id")
    {
        Description = "Snapshot id (default: the domain's latest)",
        HelpName = "ID",
        DefaultValueFactory = _ => "latest",
    };

    private readonly Option<string> _target = new("--target")
    {
        Description = "Folder for the images and the XML (default: ./<domain>-<snapshot id>)",
        HelpName = "DIR",
    };

    private readonly Option<bool> _define = new("--define") { Description = "Define the restored domain (under a new name if the name is taken)" };

    private readonly Option<string> _connection = new("--connection")
    {
        Description = "libvirt URI for --define (default: the repo's backup_opts.kvm.connection, else qemu:///system)",
        HelpName = "URI",
    };

    public string Name => "restore-vm";

    public string Description => "Restore a virtual machine's images and XML from its snapshot";

    public bool SingleRepo => true;

    public void Configure(Command command)
    {
        command.Options.Add(_domain);
        command.Options.Add(_snapshot);
        command.Options.Add(_target);
        command.Options.Add(_define);
        command.Options.Add(_connection);
    }

    public Options Bind(ParseResult parse) => new(
        parse.GetValue(_domain) ?? "",
        parse.GetValue(_snapshot) ?? "latest",
        parse.GetValue(_target) is { Length: > 0 } target ? Path.GetFullPath(target) : null,
        parse.GetValue(_define),
        parse.GetValue(_connection));

    public string? Validate(Options options) =>
        options.Domain.Length == 0 ? "--domain needs a name"
        : options.Snapshot != "latest" && !options.Snapshot.All(char.IsAsciiHexDigit) ? $"not a snapshot id: '{options.Snapshot}'"
        : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var connection = options.Connection
            ?? (run.Repo.Resolved.Find("backup_opts.kvm.connection") as Config.ConfigScalar)?.Value
            ?? KvmSettings.DefaultConnection;
        var target = options.Target ?? Path.GetFullPath($"{OverlayFiles.Safe(options.Domain)}-{(options.Snapshot == "latest" ? "latest" : options.Snapshot)}");
        var restorer = new VmRestorer(run.Backend, run.Connection, new KvmTools(run.Context.ProcessRunner));
        try
        {
            var (result, error) = await restorer.RestoreAsync(new VmRestoreRequest(options.Domain, options.Snapshot, target, options.Define, connection),
                cancellationToken).ConfigureAwait(false);
            return result is not null
                ? new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success, result, [], [], null)
                : new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.OperationFailed, null, [error!], [], error);
        }
        catch (Exception ex) when (ex is KvmToolMissingException or FormatException or IOException or UnauthorizedAccessException)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.OperationFailed, null, [ex.Message], [], ex.Message);
        }
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome)
    {
        if (outcome is not { Result: true, Output: VmRestoreResult restored })
        {
            yield break;
        }
        yield return $"{outcome.Repo}: domain {restored.Domain} restored from snapshot {restored.SnapshotId} into {restored.Target}";
        foreach (var disk in restored.Disks)
        {
            yield return $"  {disk.Target}: {disk.Path}";
        }
        yield return $"  XML: {restored.XmlFile}";
        if (restored.DefinedAs is { } name)
        {
            yield return $"  defined as domain {name}";
        }
        if (restored.TpmState is { } tpm)
        {
            yield return $"  TPM state: {tpm} (copy it to libvirt's swtpm folder of the domain's new UUID)";
        }
    }
}
