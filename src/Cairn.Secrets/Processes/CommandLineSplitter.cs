using System.Text;

namespace Cairn.Secrets.Processes;

/// <summary>
/// Splits a command line held in one string (an environment variable) into argv.
/// Simple rules, no shell: whitespace separates arguments; '...' and "..." group text, quotes removed;
/// backslashes are literal, so Windows paths need no escaping. No variables, globs, pipes or redirections.
/// </summary>
public static class CommandLineSplitter
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var arguments = new List<string>();
        var current = new StringBuilder();
        bool inArgument = false;
        char? quote = null;

        foreach (char c in commandLine)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inArgument = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArgument)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inArgument = false;
                }
            }
            else
            {
                current.Append(c);
                inArgument = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"The command line has an unterminated {quote} quote.");
        }

        if (inArgument)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }
}
