namespace Cairn.Branding.Cli;

/// <summary>A command word, <c>--name value</c> options, repeated <c>--set NAME=VALUE</c>, and positional words.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    public required string Command { get; init; }
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public string Required(string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("missing command");
        }
        var parsed = new ParsedArguments { Command = args[0] };
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(word);
                continue;
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{word} needs a value");
            }
            var value = args[++i];
            if (word == "--set")
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"--set takes NAME=VALUE, got '{value}'");
                }
                parsed.Settings[value[..equals]] = value[(equals + 1)..];
            }
            else
            {
                parsed.options[word[2..]] = value;
            }
        }
        return parsed;
    }
}
