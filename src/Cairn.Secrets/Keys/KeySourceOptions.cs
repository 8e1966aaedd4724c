namespace Cairn.Secrets.Keys;

/// <summary>Where <see cref="SecretKeyResolver"/> looks for the key, in this order.</summary>
/// <param name="ExplicitKeyFile">A key file given on the command line or in settings; wins when set.</param>
/// <param name="KeyLocationVariable">Environment variable naming a key file (e.g. <c>&lt;SHORTNAME&gt;_KEY_LOCATION</c>).</param>
/// <param name="KeyCommandVariable">Environment variable holding a command that prints the key (e.g. <c>&lt;SHORTNAME&gt;_KEY_COMMAND</c>).</param>
public sealed record KeySourceOptions(string? ExplicitKeyFile, string KeyLocationVariable, string KeyCommandVariable)
{
    /// <summary>How long the key command may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
