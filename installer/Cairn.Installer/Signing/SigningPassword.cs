namespace Cairn.Installer.Signing;

/// <summary>The PKCS#12 password for signing in-process: read from <c>SIGNING_PASSWORD_FILE</c> when given, else <c>SIGNING_PASSWORD</c>.</summary>
public static class SigningPassword
{
    /// <exception cref="InstallerException">The password file cannot be read.</exception>
    public static string Read(SigningSettings settings)
    {
        if (settings.PasswordFile is null)
        {
            return settings.Password ?? "";
        }
        try
        {
            // Trailing line breaks dropped, as osslsigncode -readpass does, so one file (e.g. written by echo) serves both.
            return File.ReadAllText(settings.PasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstallerException($"cannot read the password file {settings.PasswordFile} ({SigningSettings.PasswordFileVariable}): {e.Message}", e);
        }
    }
}
