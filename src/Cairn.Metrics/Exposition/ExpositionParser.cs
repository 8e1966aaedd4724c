using System.Globalization;
using System.Text;

namespace Cairn.Metrics.Exposition;

/// <summary>A sample read back from exposition text.</summary>
public sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Reads the sample lines of the text format (comments skipped). Enough to read back a file Cairn wrote,
/// e.g. to keep the last successful backup timestamp across a failed run; not a general scraper.
/// </summary>
public static class ExpositionParser
{
    public static IReadOnlyList<ParsedSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<ParsedSample>();
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line, lineNumber));
        }

        return samples;
    }

    private static ParsedSample ParseLine(string line, int lineNumber)
    {
        int position = 0;
        while (position < line.Length && line[position] != '{' && line[position] != ' ' && line[position] != '\t')
        {
            position++;
        }

        string name = line[..position];
        if (!MetricNames.IsValidName(name))
        {
            throw Error(lineNumber, $"bad metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels, lineNumber);
        }

        // The value, then an optional timestamp that is ignored.
        string[] rest = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2 || !TryParseValue(rest[0], out double value))
        {
            throw Error(lineNumber, "missing or bad value");
        }

        return new ParsedSample(name, labels, value);
    }

    private static int ParseLabels(string line, int position, Dictionary<string, string> labels, int lineNumber)
    {
        while (true)
        {
            while (position < line.Length && (line[position] == ' ' || line[position] == ','))
            {
                position++;
            }

            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            int equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw Error(lineNumber, "bad label");
            }

            string labelName = line[position..equals].Trim();
            var value = new StringBuilder();
            position = equals + 2;
            while (true)
            {
                if (position >= line.Length)
                {
                    throw Error(lineNumber, $"unterminated value of label '{labelName}'");
                }

                char c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && position < line.Length)
                {
                    char escaped = line[position++];
                    value.Append(escaped switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        _ => throw Error(lineNumber, $"bad escape '\\{escaped}' in label '{labelName}'"),
                    });
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(labelName, value.ToString()))
            {
                throw Error(lineNumber, $"label '{labelName}' given twice");
            }
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static FormatException Error(int lineNumber, string message) =>
        new($"Exposition text, line {lineNumber}: {message}.");
}
