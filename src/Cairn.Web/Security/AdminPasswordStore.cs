using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Security;

/// <summary>
/// The local admin password, stored only as a PBKDF2 hash (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>,
/// salted, 100,000 iterations of HMAC-SHA512) in <c>admin-password.json</c> of the state folder, readable by its owner only.
/// </summary>
public sealed class AdminPasswordStore(string stateDirectory)
{
    public const int MinimumLength = 8;
    private const string User = "admin";
    private static readonly PasswordHasher<string> Hasher = new();
    private readonly Lock _gate = new();

    public string FilePath { get; } = Path.Combine(stateDirectory, "admin-password.json");

    public bool IsSet => File.Exists(FilePath);

    /// <summary>Sets (or replaces) the password; returns an error message when it is not acceptable.</summary>
    public string? Set(string password)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length < MinimumLength)
        {
            return $"the password must have at least {MinimumLength} characters";
        }
        var document = JsonSerializer.Serialize(new StoredHash(Hasher.HashPassword(User, password)));
        lock (_gate)
        {
            Directory.CreateDirectory(stateDirectory);
            var temporary = FilePath + ".tmp";
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, fileOptions))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(document);
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        return null;
    }

    public bool Verify(string password)
    {
        StoredHash? stored;
        lock (_gate)
        {
            if (!File.Exists(FilePath))
            {
                return false;
            }
            stored = JsonSerializer.Deserialize<StoredHash>(File.ReadAllText(FilePath));
        }
        return stored is { Hash.Length: > 0 }
            && Hasher.VerifyHashedPassword(User, stored.Hash, password) != PasswordVerificationResult.Failed;
    }

    private sealed record StoredHash(string Hash);
}
