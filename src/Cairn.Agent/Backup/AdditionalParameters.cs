using System.Text;

namespace Cairn.Agent.Backup;

/// <summary>
/// <c>additional_parameters</c> and <c>additional_backup_only_parameters</c>: a command-line fragment split into
/// arguments like a POSIX shell would (blanks separate; '...' is literal; "..." allows \" and \\; a backslash
/// escapes the next character), without running a shell. Options that would carry the repository or its password
/// are refused: those come only from the config, through the environment.
/// </summary>
public static class AdditionalParameters
{
    /// <summary>Options refused in additional parameters (and their <c>--opt=value</c> forms).</summary>
    public static readonly IReadOnlyList<string> Refused =
        ["-r", "--repo", "--repository-file", "-p", "--password-file", "--password-command"];

    /// <summary>
    /// The arguments of a repo's list of fragments at <paramref name="path"/> (e.g. <c>backup_opts.additional_parameters</c>,
    /// a string or a list of strings), or located errors.
    /// </summary>
    public static (IReadOnlyList<string> Arguments, IReadOnlyList<Config.ConfigError> Errors) Read(Config.RepoConfig repo, string path)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var node = repo.Resolved.Find(path);
        IEnumerable<Config.ConfigScalar> fragments = node switch
        {
            Config.ConfigSequence sequence => sequence.Items.OfType<Config.ConfigScalar>(),
            Config.ConfigScalar scalar => [scalar],
            _ => [],
        };
        var arguments = new List<string>();
        var errors = new List<Config.ConfigError>();
        foreach (var fragment in fragments.Where(f => f.Value is { Length: > 0 }))
        {
            var (parsed, problem) = Parse(fragment.Value!);
            if (problem is not null)
            {
                errors.Add(new Config.ConfigError(Config.ConfigErrorKind.InvalidValue, fragment.Location, $"repos.{repo.Name}.{path}", problem));
            }
            arguments.AddRange(parsed);
        }
        return (arguments, errors);
    }

    public static (IReadOnlyList<string> Arguments, string? Problem) Parse(string text)
    {
        var (arguments, problem) = Split(text);
        if (problem is not null)
        {
            return ([], problem);
        }
        foreach (var argument in arguments)
        {
            if (RefusedOption(argument) is { } option)
            {
                return ([], $"'{option}' is not allowed here: the repository and its password come from repo_uri and repo_opts only");
            }
        }
        return (arguments, null);
    }

    private static string? RefusedOption(string argument)
    {
        foreach (var option in Refused)
        {
            var isShort = option.Length == 2;
            if (argument == option || argument.StartsWith(option + "=", StringComparison.Ordinal) ||
                (isShort && argument.StartsWith(option, StringComparison.Ordinal) && !argument.StartsWith("--", StringComparison.Ordinal)))
            {
                return option;
            }
        }
        return null;
    }

    /// <summary>Splits a fragment into arguments; a problem text for an unclosed quote or a trailing backslash.</summary>
    public static (IReadOnlyList<string> Arguments, string? Problem) Split(string text)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inArgument)
                    {
                        arguments.Add(current.ToString());
                        current.Clear();
                        inArgument = false;
                    }
                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return ([], "unclosed single quote");
                    }
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    inArgument = true;
                    break;
                case '"':
                    inArgument = true;
                    for (i++; ; i++)
                    {
                        if (i >= text.Length)
                        {
                            return ([], "unclosed double quote");
                        }
                        if (text[i] == '"')
                        {
                            break;
                        }
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                        {
                            i++;
                        }
                        current.Append(text[i]);
                    }
                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        return ([], "trailing backslash");
                    }
                    current.Append(text[++i]);
                    inArgument = true;
                    break;
                default:
                    current.Append(c);
                    inArgument = true;
                    break;
            }
        }
        if (inArgument)
        {
            arguments.Add(current.ToString());
        }
        return (arguments, null);
    }
}
