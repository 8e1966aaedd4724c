namespace Cairn.Installer.Signing;

/// <summary>
/// Authenticode signing inputs, from neutral environment variables (no product name, so every brand's CI uses
/// the same names): <c>SIGNING_PKCS12</c> the certificate and key file, and its password in
/// <c>SIGNING_PASSWORD_FILE</c> (preferred: never in any process's arguments or environment) or
/// <c>SIGNING_PASSWORD</c>; optionally <c>SIGNING_TIMESTAMP_URL</c>.
/// </summary>
public sealed record SigningSettings(string Pkcs12File, string? Password, string? PasswordFile, string? TimestampUrl)
{
    public const string Pkcs12Variable = "SIGNING_PKCS12";
    public const string PasswordVariable = "SIGNING_PASSWORD";
    public const string PasswordFileVariable = "SIGNING_PASSWORD_FILE";
    public const string TimestampUrlVariable = "SIGNING_TIMESTAMP_URL";

    /// <summary>The settings, or null when <c>SIGNING_PKCS12</c> is unset: signing is optional.</summary>
    /// <exception cref="InstallerException">The file is missing, or no password is given.</exception>
    public static SigningSettings? FromEnvironment(Func<string, string?> environment)
    {
        var pkcs12 = environment(Pkcs12Variable);
        if (string.IsNullOrEmpty(pkcs12))
        {
            return null;
        }
        if (!File.Exists(pkcs12))
        {
            throw new InstallerException($"{Pkcs12Variable} names {pkcs12}, which does not exist");
        }
        var password = environment(PasswordVariable);
        var passwordFile = environment(PasswordFileVariable);
        if (string.IsNullOrEmpty(passwordFile) && password is null)
        {
            throw new InstallerException($"{Pkcs12Variable} is set but neither {PasswordFileVariable} nor {PasswordVariable} is");
        }
        var timestamp = environment(TimestampUrlVariable);
        return new SigningSettings(
            Path.GetFullPath(pkcs12), password, string.IsNullOrEmpty(passwordFile) ? null : Path.GetFullPath(passwordFile),
            string.IsNullOrEmpty(timestamp) ? null : timestamp);
    }
}
