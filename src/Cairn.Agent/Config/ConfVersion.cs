using System.Globalization;

namespace Cairn.Agent.Config;

/// <summary>
/// <c>conf_version</c>: the agent reads NPBackup 3.x files (3.0 migrated, 3.1 as they are). A file of another major
/// version, or a value that is not a version, is refused clearly rather than read with the wrong meaning.
/// </summary>
public static class ConfVersion
{
    public const int SupportedMajor = 3;

    /// <summary>The error for an unsupported <c>conf_version</c>, or null (also when the key is absent).</summary>
    public static ConfigError? Problem(ConfigNode root)
    {
        if (root is not ConfigMapping mapping || mapping["conf_version"] is not ConfigScalar { Value: { Length: > 0 } value } scalar)
        {
            return null;
        }
        var majorText = value.Trim().Split('.', '-')[0];
        if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return new ConfigError(ConfigErrorKind.InvalidValue, scalar.Location, "conf_version", $"'{value}' is not a version such as 3.1.0");
        }
        return major == SupportedMajor
            ? null
            : new ConfigError(ConfigErrorKind.InvalidValue, scalar.Location, "conf_version",
                $"version {value} is not supported: this agent reads NPBackup {SupportedMajor}.x config files");
    }
}
