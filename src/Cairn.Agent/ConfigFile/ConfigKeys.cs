using Cairn.Agent.Config;
using Cairn.Secrets;
using Cairn.Secrets.Keys;

namespace Cairn.Agent.ConfigFile;

/// <summary>
/// Finds the key of the config's secret values: <c>--key-file</c>, else the file named by
/// <c>&lt;SHORT_NAME&gt;_KEY_LOCATION</c>, else the output of <c>&lt;SHORT_NAME&gt;_KEY_COMMAND</c>
/// (<see cref="SecretKeyResolver"/>). A configured source that does not give a usable key is an error, never a silent
/// fall-through.
/// </summary>
public static class ConfigKeys
{
    public static string LocationVariable(string shortName) => ProductEnvironmentVariable.Name(shortName, "KEY_LOCATION");

    public static string CommandVariable(string shortName) => ProductEnvironmentVariable.Name(shortName, "KEY_COMMAND");

    /// <summary>The key, null when no source is configured, or an error naming the source (never the key).</summary>
    public static (ConfigKey? Key, ConfigError? Error) Resolve(string shortName, string? explicitKeyFile, KeyResolution resolver, string configFile)
    {
        var sources = new KeySourceOptions(explicitKeyFile, LocationVariable(shortName), CommandVariable(shortName));
        try
        {
            return resolver.Resolve(sources) is { } resolved
                ? (new ConfigKey(new SecretCipher(resolved.Key), resolved.Origin), null)
                : (null, null);
        }
        catch (SecretKeyException ex)
        {
            var source = !string.IsNullOrWhiteSpace(explicitKeyFile) ? "--key-file"
                : !string.IsNullOrWhiteSpace(resolver.GetVariable(sources.KeyLocationVariable)) ? sources.KeyLocationVariable
                : sources.KeyCommandVariable;
            return (null, new ConfigError(ConfigErrorKind.KeyUnusable, new SourceLocation(configFile, 0, 0), "",
                $"no usable key (from {source}): {ex.Message}"));
        }
    }

    /// <summary>The key resolver and the environment it reads.</summary>
    public sealed record KeyResolution(SecretKeyResolver Resolver, Func<string, string?> GetVariable)
    {
        public ResolvedKey? Resolve(KeySourceOptions sources) => Resolver.Resolve(sources);
    }

}
