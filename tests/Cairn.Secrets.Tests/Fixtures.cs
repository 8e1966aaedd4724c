using System.Text.Json;

namespace Cairn.Secrets.Tests;

/// <summary>The copied NPBackup fixtures, read from the test output folder.</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static JsonElement EncryptedValues { get; } =
        JsonDocument.Parse(File.ReadAllText(PathOf("encrypted-values.json"))).RootElement;

    public static byte[] NpBackupKey { get; } = Convert.FromBase64String(EncryptedValues.GetProperty("key_base64").GetString()!);

    public static string NpBackupKeyBase64 => EncryptedValues.GetProperty("key_base64").GetString()!;
}
