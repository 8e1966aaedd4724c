using System.Text;

namespace Cairn.Agent;

/// <summary>Reads a secret typed on the terminal without echoing it; null when stdin is not a terminal.</summary>
internal static class TerminalSecret
{
    public static string? Read(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
