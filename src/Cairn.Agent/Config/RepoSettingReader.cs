using System.Globalization;

namespace Cairn.Agent.Config;

/// <summary>
/// Reads single settings of a repo's resolved tree, each bad value reported as a <see cref="ConfigError"/> naming
/// its file, line and key (under <c>repos.&lt;name&gt;</c>, or <c>groups.&lt;group&gt;</c> when inherited).
/// </summary>
internal sealed class RepoSettingReader(RepoConfig repo)
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public ConfigNode? Node(string dottedPath) => repo.Resolved.Find(dottedPath);

    /// <summary>A scalar's text, or null when unset, null or empty.</summary>
    public string? Text(string dottedPath) =>
        Node(dottedPath) is ConfigScalar { Value: { Length: > 0 } text } ? text.Trim() : null;

    public bool Bool(string dottedPath) => Text(dottedPath) is { } text && ConfigValues.TryParseBoolean(text, out var value) && value;

    public int? Integer(string dottedPath, int? fallback = null)
    {
        if (Text(dottedPath) is not { } text)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }
        Fail(dottedPath, $"'{text}' is not a whole number of 0 or more");
        return fallback;
    }

    public IReadOnlyList<string> List(string dottedPath) => Node(dottedPath) switch
    {
        ConfigSequence sequence => [.. sequence.Items.OfType<ConfigScalar>().Select(s => s.Value).OfType<string>().Where(s => s.Length > 0)],
        ConfigScalar { Value: { Length: > 0 } single } => [single],
        _ => [],
    };

    public void Fail(string dottedPath, string message)
    {
        var node = Node(dottedPath);
        var location = node?.Location ?? repo.Resolved.Location;
        var owner = node?.Origin == ValueOrigin.Group && repo.GroupName is not null
            ? $"groups.{repo.GroupName}"
            : $"repos.{repo.Name}";
        _errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, location, $"{owner}.{dottedPath}", message));
    }
}
