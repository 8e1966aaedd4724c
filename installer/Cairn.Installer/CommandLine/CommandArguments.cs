namespace Cairn.Installer.CommandLine;

/// <summary>A command word followed by <c>--name value</c> options; anything else is a usage error.</summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    private CommandArguments(string command) => Command = command;

    public string Command { get; }

    /// <exception cref="ArgumentException">The option is missing.</exception>
    public string Required(string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");

    public string Optional(string name, string fallback) => options.GetValueOrDefault(name, fallback);

    /// <exception cref="ArgumentException">The words are not a command and options.</exception>
    public static CommandArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("missing command");
        }
        var parsed = new CommandArguments(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                throw new ArgumentException($"unexpected '{word}': options are written --name value");
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{word} needs a value");
            }
            if (!parsed.options.TryAdd(word[2..], args[++i]))
            {
                throw new ArgumentException($"{word} is given twice");
            }
        }
        return parsed;
    }
}
