using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>dump SNAPSHOT PATH [--output FILE]</c>: writes one file of a snapshot, byte for byte, to stdout or to FILE
/// (written beside it first, then renamed, so a failed dump leaves no half file). Works on one repo. With
/// <c>--json</c>, <c>--output</c> is required (stdout carries the JSON document).
/// </summary>
internal sealed class DumpCommand : IRepoCommand<DumpCommand.Options>
{
    public sealed record Options(string Snapshot, string Path, string? Output, bool Json);

    /// <summary>The <c>output</c> of dump.</summary>
    public sealed record DumpOutput(string Snapshot, string Path, string? OutputFile, long Bytes);

    private readonly Argument<string> _snapshot = new("snapshot") { Description = "Snapshot id or 'latest'" };

    private readonly Argument<string> _path = new("path") { Description = "Path of the file in the snapshot" };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "Write to this file instead of stdout", HelpName = "FILE" };

    private readonly Option<bool> _json;

    public DumpCommand(Option<bool> json)
    {
        _json = json;
    }

    public string Name => "dump";

    public string Description => "Write a file of a snapshot to stdout or to a file";

    public bool SingleRepo => true;

    public void Configure(Command command)
    {
        command.Arguments.Add(_snapshot);
        command.Arguments.Add(_path);
        command.Options.Add(_output);
    }

    public Options Bind(ParseResult parse) => new(
        parse.GetValue(_snapshot) ?? "", parse.GetValue(_path) ?? "",
        parse.GetValue(_output) is { Length: > 0 } output ? System.IO.Path.GetFullPath(output) : null,
        parse.GetValue(_json));

    public string? Validate(Options options) =>
        !OperationOutcome.IsSnapshotId(options.Snapshot) ? $"not a snapshot id: '{options.Snapshot}'"
        : options is { Json: true, Output: null } ? "dump with --json needs --output FILE (stdout carries the JSON document)"
        : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var request = new DumpRequest(run.Connection, options.Snapshot, options.Path);
        if (options.Output is null)
        {
            var stdout = run.Context.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                var result = await run.Backend.DumpAsync(request, stdout, cancellationToken).ConfigureAwait(false);
                return OperationOutcome.From(run, result, result.Value is { } v ? new DumpOutput(v.Snapshot, v.Path, null, v.Bytes) : null);
            }
        }

        var partial = options.Output + ".partial";
        BackendResult<DumpResult> written;
        var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (file.ConfigureAwait(false))
        {
            written = await run.Backend.DumpAsync(request, file, cancellationToken).ConfigureAwait(false);
        }
        if (!written.Succeeded)
        {
            File.Delete(partial);
            return OperationOutcome.From(run, written, null);
        }
        File.Move(partial, options.Output, overwrite: true);
        return OperationOutcome.From(run, written, new DumpOutput(options.Snapshot, options.Path, options.Output, written.Value?.Bytes ?? 0));
    }

    /// <summary>Nothing on stdout in human mode: it carries the file (or says where it went).</summary>
    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is DumpOutput { OutputFile: { } file } output ? [$"{outcome.Repo}: {output.Path} written to {file} ({output.Bytes} bytes)"] : [];
}
