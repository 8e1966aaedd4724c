namespace Cairn.Agent.Commands.NpBackupSyntax;

/// <summary>What an NPBackup-style command line asks for.</summary>
public abstract record NpBackupRequest;

/// <summary>An agent command line (a sub-command and its options) that does what the NPBackup flags asked.</summary>
public sealed record NativeCommandLine(IReadOnlyList<string> Arguments) : NpBackupRequest;

/// <summary><c>-V</c>: the version (NPBackup's JSON document with <c>--json</c>).</summary>
public sealed record VersionRequest(bool Json) : NpBackupRequest;

/// <summary><c>--license</c>.</summary>
public sealed record LicenseRequest(bool Json) : NpBackupRequest;

/// <summary><c>--list-selected-repos</c>: the selection, given as agent global options.</summary>
public sealed record ListSelectedReposRequest(IReadOnlyList<string> GlobalArguments, bool Json) : NpBackupRequest;

/// <summary>A command line NPBackup would refuse too, with its exit code (NPBackup's: 2 for a usage error, 23, 76...).</summary>
public sealed record RefusedCommandLine(int ExitCode, string Reason, bool Json) : NpBackupRequest
{
    /// <summary>argparse's exit code for an unknown option or a missing value.</summary>
    public const int UsageError = 2;

    /// <summary>NPBackup's <c>--auto-upgrade</c> that launched no upgrade.</summary>
    public const int UpgradeNotLaunched = 23;
}

/// <summary>
/// NPBackup's flag syntax (<c>npbackup-cli -c FILE --backup --repo-name x --json</c>) translated into the agent's own
/// command line, so scripts, cron lines and scheduled tasks written for NPBackup keep working. Pure: argv in, a
/// <see cref="NpBackupRequest"/> out; the translated line then goes through the one command table like any other.
/// Only the first operation runs when several are given, in NPBackup's order.
/// </summary>
public static class NpBackupCommandLine
{
    /// <summary>The hidden option the translation adds: NPBackup's JSON shapes and exit codes for this run.</summary>
    public const string OutputOption = "--npbackup-output";

    /// <summary>NPBackup's options that take a value.</summary>
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "-c", "--config-file", "--repo-name", "--repo-group", "-r", "--restore", "--restore-includes", "--snapshot-id",
        "--find", "--forget", "--forget-snapshots-with-tags", "--check", "--repair", "--list", "--dump", "--raw",
        "--stdin-filename", "--log-file", "--external-backend-binary", "--group-operation", "--create-key",
        // the agent's own global options, accepted in either syntax
        "--config", "--repo", "--group", "--key-file", "--cache-dir", "--restic-binary",
    };

    /// <summary>NPBackup's options whose value may be left out (<c>--ls</c> means the latest snapshot).</summary>
    private static readonly HashSet<string> OptionalValueOptions = new(StringComparer.Ordinal) { "--ls", "--prune", "--stats", "--keys" };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "-b", "--backup", "-f", "--force", "--stdin", "-s", "--snapshots", "--policy", "--housekeeping", "--unlock", "--recover",
        "--init", "--has-recent-snapshot", "--json", "-v", "--verbose", "-V", "--version", "--dry-run", "--no-cache", "--no-lock",
        "--license", "--auto-upgrade", "--show-config", "--check-config-file", "--list-selected-repos", "-d", "--debug",
    };

    /// <summary>The tokens that exist only in NPBackup's syntax: one of them, and no sub-command, makes a line NPBackup's.</summary>
    private static readonly HashSet<string> NpBackupOnly = new(StringComparer.Ordinal)
    {
        "--config-file", "-b", "--backup", "-f", "--force", "--stdin", "--stdin-filename", "-r", "--restore", "--restore-includes",
        "-s", "--snapshots", "--ls", "--find", "--forget", "--forget-snapshots-with-tags", "--policy", "--housekeeping", "--check",
        "--prune", "--unlock", "--repair", "--recover", "--list", "--dump", "--stats", "--keys", "--raw", "--init",
        "--has-recent-snapshot", "--list-selected-repos", "--external-backend-binary", "-V", "-v", "--license", "--show-config",
        "--check-config-file", "--create-key", "--group-operation", "--auto-upgrade", "--snapshot-id", "-d", "--debug",
    };

    /// <summary>NPBackup's operations, in the order it picks the first of several.</summary>
    private static readonly string[] OperationOrder =
    [
        "--stdin", "--backup", "--restore", "--snapshots", "--list", "--ls", "--find", "--forget", "--forget-snapshots-with-tags",
        "--policy", "--housekeeping", "--check", "--prune", "--unlock", "--repair", "--recover", "--dump", "--stats", "--keys",
        "--raw", "--has-recent-snapshot", "--init",
    ];

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["-c"] = "--config-file", ["-b"] = "--backup", ["-f"] = "--force", ["-r"] = "--restore", ["-s"] = "--snapshots",
        ["-v"] = "--verbose", ["-V"] = "--version", ["-d"] = "--debug",
    };

    /// <summary>
    /// True when <paramref name="args"/> is in NPBackup's syntax: no agent sub-command (<paramref name="verbs"/>) and at
    /// least one option only NPBackup has.
    /// </summary>
    public static bool IsNpBackupSyntax(IReadOnlyList<string> args, IReadOnlySet<string> verbs)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(verbs);
        var npbackupOnly = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = SplitInline(args[i]);
            if (NpBackupOnly.Contains(name))
            {
                npbackupOnly = true;
            }
            if (inline is null && ValueOptions.Contains(name))
            {
                i++;
            }
            else if (inline is null && OptionalValueOptions.Contains(name) && i + 1 < args.Count && LooksLikeValue(args[i + 1]))
            {
                i++;
            }
            else if (!name.StartsWith('-') && (verbs.Contains(name) || name == "--"))
            {
                return false; // an agent sub-command: its own syntax
            }
        }
        return npbackupOnly;
    }

    /// <summary>Translates an NPBackup command line (<see cref="IsNpBackupSyntax"/> said so).</summary>
    public static NpBackupRequest Translate(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (raw, inline) = SplitInline(args[i]);
            var name = ShortNames.GetValueOrDefault(raw, raw);
            if (name == "--json")
            {
                json = true;
            }
            if (ValueOptions.Contains(raw) || ValueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                {
                    return new RefusedCommandLine(RefusedCommandLine.UsageError, $"{raw} needs a value", json);
                }
                values[name] = value;
            }
            else if (OptionalValueOptions.Contains(name))
            {
                values[name] = inline ?? (i + 1 < args.Count && LooksLikeValue(args[i + 1]) ? args[++i] : "");
            }
            else if (Flags.Contains(raw) || Flags.Contains(name))
            {
                values[name] = null;
            }
            else
            {
                return new RefusedCommandLine(RefusedCommandLine.UsageError, $"unrecognized argument: {args[i]}", json);
            }
        }
        if (values.TryGetValue("--group-operation", out var groupOperation))
        {
            values.TryAdd("--" + groupOperation!.Replace('_', '-'), null); // deprecated: the operation by name
        }
        json = values.ContainsKey("--json");

        if (values.ContainsKey("--version"))
        {
            return new VersionRequest(json);
        }
        if (values.ContainsKey("--license"))
        {
            return new LicenseRequest(json);
        }
        var global = GlobalArguments(values, json);
        if (values.TryGetValue("--create-key", out var keyFile))
        {
            return new NativeCommandLine([.. global, "config", "create-key", keyFile!]);
        }
        if (values.ContainsKey("--check-config-file"))
        {
            return new NativeCommandLine([.. global, "config", "check"]);
        }
        if (values.ContainsKey("--show-config"))
        {
            return new NativeCommandLine([.. global, "config", "show"]);
        }
        if (values.ContainsKey("--list-selected-repos"))
        {
            return new ListSelectedReposRequest(global, json);
        }
        if (values.ContainsKey("--auto-upgrade"))
        {
            return new RefusedCommandLine(RefusedCommandLine.UpgradeNotLaunched,
                "--auto-upgrade: the agent is upgraded by its service's upgrade checker, not by a command", json);
        }
        if (values.ContainsKey("--force"))
        {
            values.TryAdd("--backup", null);
        }
        var operation = OperationOrder.FirstOrDefault(values.ContainsKey);
        if (operation is null)
        {
            return new RefusedCommandLine((int)AgentExitCode.OperationFailed, "no operation requested (e.g. --backup, --snapshots; see --help)", json);
        }
        var (command, problem) = Operation(operation, values);
        if (command is null)
        {
            return new RefusedCommandLine((int)AgentExitCode.BadArgument, problem!, json);
        }
        if (operation == "--dump")
        {
            global = [.. global.Where(a => a != "--json")]; // the file's bytes go to stdout, as NPBackup's dump
        }
        return new NativeCommandLine([.. global, .. command]);
    }

    private static List<string> GlobalArguments(Dictionary<string, string?> values, bool json)
    {
        var global = new List<string> { OutputOption };
        void Pass(string from, string to)
        {
            if (values.TryGetValue(from, out var value) && value is not null)
            {
                global.AddRange([to, value]);
            }
        }
        Pass("--config-file", "--config");
        Pass("--config", "--config");
        Pass("--repo-name", "--repo");
        Pass("--repo", "--repo");
        Pass("--repo-group", "--group");
        Pass("--group", "--group");
        Pass("--log-file", "--log-file");
        Pass("--key-file", "--key-file");
        Pass("--cache-dir", "--cache-dir");
        Pass("--external-backend-binary", "--restic-binary");
        Pass("--restic-binary", "--restic-binary");
        foreach (var flag in new[] { "--dry-run", "--no-cache", "--no-lock", "--verbose" })
        {
            if (values.ContainsKey(flag))
            {
                global.Add(flag);
            }
        }
        if (json)
        {
            global.Add("--json");
        }
        return global;
    }

    /// <summary>The sub-command and its options for one NPBackup operation, or why its argument is refused (exit 76).</summary>
    private static (IReadOnlyList<string>? Command, string? Problem) Operation(string operation, Dictionary<string, string?> values)
    {
        var value = values.GetValueOrDefault(operation);
        var snapshot = values.GetValueOrDefault("--snapshot-id") ?? "latest";
        switch (operation)
        {
            case "--stdin":
                return (["backup", "--stdin", .. values.GetValueOrDefault("--stdin-filename") is { } name ? new[] { "--stdin-filename", name } : []], null);
            case "--backup":
                return (["backup", .. values.ContainsKey("--force") ? new[] { "--force" } : []], null);
            case "--restore":
                var includes = (values.GetValueOrDefault("--restore-includes") ?? "")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .SelectMany(i => new[] { "--include", i });
                return (["restore", value!, "--snapshot", snapshot, .. includes], null);
            case "--snapshots":
                return (["snapshots"], null);
            case "--list":
                return (["list", value!], null);
            case "--ls":
                return (["ls", value is { Length: > 0 } ls ? ls : snapshot], null);
            case "--find":
                return (["find", value!], null);
            case "--forget":
                return (["forget", "--snapshot", value!], null);
            case "--forget-snapshots-with-tags":
                return (["forget", "--tag", value!], null);
            case "--policy":
                return (["forget"], null);
            case "--housekeeping":
                return (["housekeeping"], null);
            case "--check":
                return value switch
                {
                    "quick" => (["check", "--quick"], null),
                    "full" => (["check", "--full"], null),
                    _ => (null, $"--check takes quick or full, not '{value}'"),
                };
            case "--prune":
                return value switch
                {
                    "" => (["prune"], null),
                    "max" => (["prune", "--max"], null),
                    _ => (null, $"--prune takes nothing or max, not '{value}'"),
                };
            case "--unlock":
                return (["unlock"], null);
            case "--repair":
                var parts = value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return parts switch
                {
                    ["index"] => (["repair", "index"], null),
                    ["snapshots"] => (["repair", "snapshots"], null),
                    ["packs", .. var ids] when ids.Length > 0 => (["repair", "packs", .. ids.SelectMany(id => new[] { "--pack", id })], null),
                    _ => (null, $"--repair takes index, snapshots or packs,ID[,ID...], not '{value}'"),
                };
            case "--recover":
                return (["recover"], null);
            case "--dump":
                return (["dump", snapshot, value!], null);
            case "--stats":
                return (["stats", .. StatsArguments(value!)], null);
            case "--keys":
                return value is { Length: > 0 }
                    ? (null, $"--keys {value.Split('=')[0]}=...: use the agent's keys commands ('keys --help')")
                    : (["keys", "list"], null);
            case "--raw":
                return (["raw", "--", .. Cairn.Secrets.Processes.CommandLineSplitter.Split(value!)], null);
            case "--has-recent-snapshot":
                return (["has-recent-snapshot"], null);
            case "--init":
                return (["init"], null);
            default:
                return (null, $"unknown operation {operation}");
        }
    }

    /// <summary>NPBackup appends the subject verbatim to restic stats: <c>--mode raw-data</c>, or snapshot ids.</summary>
    private static IEnumerable<string> StatsArguments(string subject)
    {
        var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == "--mode" && i + 1 < words.Length)
            {
                yield return "--mode";
                yield return words[++i];
            }
            else if (words[i].StartsWith("--mode=", StringComparison.Ordinal))
            {
                yield return "--mode";
                yield return words[i]["--mode=".Length..];
            }
            else
            {
                yield return words[i];
            }
        }
    }

    private static (string Name, string? Inline) SplitInline(string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
        {
            return (token[..equals], token[(equals + 1)..]);
        }
        return (token, null);
    }

    /// <summary>As argparse: a token that is not an option (a leading dash with a space counts as a value, e.g. "--mode raw-data").</summary>
    private static bool LooksLikeValue(string token) => !token.StartsWith('-') || token.Contains(' ', StringComparison.Ordinal);
}
