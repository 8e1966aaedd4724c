using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Agent.Permissions;

/// <summary>
/// The manager password of a repo (<c>manager_password</c>), which guards its permissions and the unmasking of its
/// secrets. Stored as a salted PBKDF2-SHA256 hash (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>,
/// base64); a plain value (written by hand) is still accepted and compared in constant time.
/// </summary>
public static class ManagerPassword
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Enough to make guessing slow, short enough for one check per command (about 0.1 s).</summary>
    public const int Iterations = 210_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>NPBackup's rule for a new password: 8 characters or more, with a lower-case and an upper-case letter and a digit.</summary>
    public static string? ComplexityProblem(string password) =>
        password.Length >= 8 && password.Any(char.IsLower) && password.Any(char.IsUpper) && password.Any(char.IsDigit)
            ? null
            : "a manager password needs at least 8 characters, with a lower-case letter, an upper-case letter and a digit";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool IsHash(string stored) => TryParse(stored, out _, out _, out _);

    /// <summary>True when <paramref name="candidate"/> is the password <paramref name="stored"/> (a hash, or a plain value).</summary>
    public static bool Verify(string stored, string candidate)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(candidate);
        if (TryParse(stored, out var iterations, out var salt, out var expected))
        {
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(candidate), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(stored));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1000 or > 10_000_000)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
