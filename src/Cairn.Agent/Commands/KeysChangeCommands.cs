using System.CommandLine;
using System.Security.Cryptography;
using Cairn.Agent.Backends;
using Cairn.Agent.Keys;
using Cairn.Agent.State;

namespace Cairn.Agent.Commands;

/// <summary>The <c>--new-password-file</c> / <c>--new-password-env</c> options of the commands that set a password.</summary>
internal static class NewPasswordOptions
{
    public static readonly Option<string?> File = new("--new-password-file") { Description = "Read the new password from this file (first line)" };
    public static readonly Option<string?> Environment = new("--new-password-env") { Description = "Read the new password from this environment variable" };

    public static void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Environment);
    }

    public static NewPasswordSource Bind(ParseResult parse) => new(parse.GetValue(File), parse.GetValue(Environment));
}

/// <summary><c>keys add [--host H] [--user U]</c>: adds a key with a new password (file, variable or prompt; never an argument).</summary>
internal sealed class KeysAddCommand : IRepoCommand<KeysAddCommand.Options>
{
    private static readonly Option<string?> HostOption = new("--host") { Description = "Host name recorded on the key" };
    private static readonly Option<string?> UserOption = new("--user") { Description = "User name recorded on the key" };

    public sealed record Options(NewPasswordSource Source, string? Host, string? User);

    public string Name => "keys add";

    public string Description => "Add a key (password) to the repository";

    public bool TakesRepoLock => true;

    public void Configure(Command command)
    {
        NewPasswordOptions.AddTo(command);
        command.Options.Add(HostOption);
        command.Options.Add(UserOption);
    }

    public Options Bind(ParseResult parse) => new(NewPasswordOptions.Bind(parse), parse.GetValue(HostOption), parse.GetValue(UserOption));

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var (password, error) = options.Source.Read(run.Context);
        if (password is null)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.BadArgument, error!);
        }
        var result = await run.Backend.AddKeyAsync(new KeyAddRequest(run.Connection, password, options.Host, options.User), cancellationToken)
            .ConfigureAwait(false);
        return OperationOutcome.From(run, result);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is KeyChange change ? [$"{outcome.Repo}: added key {change.KeyId}"] : [];
}

/// <summary><c>keys remove ID</c>: removes a key; refuses the last key and the key the config's password opens.</summary>
internal sealed class KeysRemoveCommand : IRepoCommand<KeysRemoveCommand.Options>
{
    private static readonly Argument<string> IdArgument = new("id") { Description = "The key's id (or the start of it)" };

    public sealed record Options(string Id);

    public string Name => "keys remove";

    public string Description => "Remove a key (never the last one, nor the one the config's password opens)";

    public bool TakesRepoLock => true;

    public void Configure(Command command) => command.Arguments.Add(IdArgument);

    public Options Bind(ParseResult parse) => new(parse.GetValue(IdArgument) ?? "");

    public string? Validate(Options options) =>
        Backends.Restic.ResticArguments.IsKeyId(options.Id) ? null : $"not a key id: '{options.Id}' (hexadecimal digits)";

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var keys = await run.Backend.ListKeysAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        if (keys.Value is not { } list)
        {
            return OperationOutcome.From(run, keys, null);
        }
        var matches = list.Where(k => KeyReplacement.SameKey(k.Id, options.Id)).ToList();
        if (matches.Count != 1)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed,
                matches.Count == 0 ? $"no key with id {options.Id}" : $"{matches.Count} keys start with {options.Id}: give more digits");
        }
        var key = matches[0];
        if (list.Count == 1)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed, $"key {key.Id} is the repository's last key: add another first");
        }
        if (key.Current)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed,
                $"key {key.Id} is the one the config's password opens: use 'keys rotate' or 'keys passwd' to replace it");
        }
        var removed = await run.Backend.RemoveKeyAsync(run.Connection, key.Id, cancellationToken).ConfigureAwait(false);
        return OperationOutcome.From(run, removed, removed.Succeeded ? new KeyChange(key.Id) : null);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is KeyChange change ? [$"{outcome.Repo}: removed key {change.KeyId}"] : [];
}

/// <summary>
/// <c>keys rotate</c> (a generated password) and <c>keys passwd</c> (the user's): replace the key the config's password
/// opens, storing the new password in the config; crash-safe and resumable (<see cref="KeyReplacement"/>).
/// </summary>
internal sealed class KeysReplaceCommand(ProductIdentity product, bool generated) : IRepoCommand<KeysReplaceCommand.Options>
{
    public sealed record Options(NewPasswordSource? Source);

    public string Name => generated ? "keys rotate" : "keys passwd";

    public string Description => generated
        ? "Replace the repository key the config uses by one with a generated password, stored in the config"
        : "Replace the repository key the config uses by one with a new password (file, variable or prompt), stored in the config";

    public bool TakesRepoLock => true;

    public void Configure(Command command)
    {
        if (!generated)
        {
            NewPasswordOptions.AddTo(command);
        }
    }

    public Options Bind(ParseResult parse) => new(generated ? null : NewPasswordOptions.Bind(parse));

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        string password;
        if (options.Source is { } source)
        {
            var (typed, error) = source.Read(run.Context);
            if (typed is null)
            {
                return RepoOutcome.Failed(run.Repo, AgentExitCode.BadArgument, error!);
            }
            password = typed;
        }
        else
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        if (run.DryRun)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success, null, [], ["dry run: nothing changed"]);
        }
        var stateDirectory = StateDirectory.Resolve(product.ShortName, run.Context.GetEnvironmentVariable,
            run.Context.ProgramDataDirectory, Environment.IsPrivilegedProcess);
        var (result, failure, refusal) = await new KeyReplacement(run, product, stateDirectory)
            .RunAsync(password, cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success, result, [], []);
        }
        return failure is not null && refusal is null
            ? OperationOutcome.From(run, failure, null)
            : RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed, refusal!, failure?.Errors);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) => outcome.Output is KeyReplacementResult r
        ?
        [
            $"{outcome.Repo}: key {r.OldKeyId} replaced by {r.NewKeyId}{(r.CompletedInterruptedChange ? " (an interrupted change completed)" : "")}; the new password is in the config",
            .. r.OrphanKeysRemoved.Select(id => $"{outcome.Repo}: removed key {id} left by an interrupted change"),
        ]
        : [];
}
