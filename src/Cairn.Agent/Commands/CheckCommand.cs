using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>check [--quick | --full]</c>: checks the repository. By default the structure, plus the data subset
/// <c>repo_opts.read_data_subset</c> when set; <c>--quick</c>: structure only; <c>--full</c>: all data.
/// </summary>
internal sealed class CheckCommand : IRepoCommand<CheckCommand.Options>
{
    public sealed record Options(bool Quick, bool Full);

    /// <summary>The <c>output</c> of check: the mode, the subset read, restic's lines.</summary>
    public sealed record CheckOutput(string Mode, string? ReadDataSubset, IReadOnlyList<string> Lines);

    private readonly Option<bool> _quick = new("--quick") { Description = "Structure only: read no file data" };

    private readonly Option<bool> _full = new("--full") { Description = "Read all data (restic --read-data)" };

    public string Name => "check";

    public string Description => "Check the repository (structure, and a subset or all of the data)";

    public void Configure(Command command)
    {
        command.Options.Add(_quick);
        command.Options.Add(_full);
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_quick), parse.GetValue(_full));

    public string? Validate(Options options) => options is { Quick: true, Full: true } ? "--quick and --full exclude each other" : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        if (options.Quick)
        {
            return await RunAsync(run, new CheckRequest(run.Connection, CheckMode.Quick), cancellationToken).ConfigureAwait(false);
        }
        var (settings, errors) = RepoOperationOptions.From(run.Repo);
        if (errors.Count > 0)
        {
            return OperationOutcome.BadSetting(run, errors);
        }
        return await RunAsync(run, ReadingData(run, settings, options.Full), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A check that reads data: the <c>read_data_subset</c> when set (NPBackup's full check honours it), else all data
    /// for <paramref name="full"/>, else the structure only.
    /// </summary>
    public static CheckRequest ReadingData(RepoRun run, RepoOperationOptions settings, bool full) => settings.ReadDataSubset is { } subset
        ? new CheckRequest(run.Connection, CheckMode.Subset, subset)
        : new CheckRequest(run.Connection, full ? CheckMode.Full : CheckMode.Quick);

    public static async Task<RepoOutcome> RunAsync(RepoRun run, CheckRequest request, CancellationToken cancellationToken)
    {
        var result = await run.Backend.CheckAsync(request, cancellationToken).ConfigureAwait(false);
        var mode = request.Mode.ToString().ToLowerInvariant();
        return OperationOutcome.From(run, result, new CheckOutput(mode, request.ReadDataSubset, result.Value?.Lines ?? []));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome is { Result: true, Output: CheckOutput output }
            ? TextOutput.Format(outcome.Repo, output.ReadDataSubset is { } s ? $"check ({output.Mode}, {s})" : $"check ({output.Mode})",
                new TextResult(output.Lines))
            : [];
}
