namespace Cairn.Agent;

/// <summary>
/// The machine-wide data folder on Windows (config, state, locks and log live in <c>&lt;it&gt;\&lt;short_name&gt;</c>),
/// pure: the known folder ProgramData when the system answers it, else <c>%ProgramData%</c>, else <c>C:\ProgramData</c>.
/// The known folder comes first because a service's environment can disagree: Wine's services.exe starts services with
/// %ProgramData%=C:\users\Public, while the known folder (from the registry) stays C:\ProgramData, where the installers
/// put the config.
/// </summary>
public static class ProgramDataFolder
{
    public const string Default = @"C:\ProgramData";

    public static string Resolve(Func<string?> knownFolder, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(knownFolder);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        return knownFolder() is { Length: > 0 } known ? known
            : getEnvironmentVariable("ProgramData") is { Length: > 0 } variable ? variable
            : Default;
    }

    /// <summary>The system's lookup of the known folder (SHGetKnownFolderPath on Windows); null when it has no answer.</summary>
    public static string? KnownFolder() =>
        Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData) is { Length: > 0 } path ? path : null;
}
