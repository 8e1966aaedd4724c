using Cairn.Secrets.NpBackup;

namespace Cairn.Secrets.Tests;

public sealed class NpBackupKeyObfuscationTests
{
    // The fixture key XORed with "/*NPBackup 2024*/" (computed with Python from npbackup/obfuscation.py):
    // what a public NPBackup 3 build writes to a key file with --create-key.
    private const string ObfuscatedFixtureKey = "1SNQ2zt6jq/E0lNsFKDEWznJMrGxO3OvAqKyYWBu0PE=";

    [Fact]
    public void Revealing_an_obfuscated_key_file_gives_the_key_that_decrypts_the_vectors()
    {
        byte[] key = NpBackupKeyObfuscation.Apply(Convert.FromBase64String(ObfuscatedFixtureKey));

        Assert.Equal(Fixtures.NpBackupKey, key);
        string encrypted = Fixtures.EncryptedValues.GetProperty("vectors")[0].GetProperty("encrypted").GetString()!;
        Assert.Equal("s3:https://s3.example.com/bucket/repo", new NpBackupSecretDecryptor(key).Decrypt(encrypted));
    }

    [Fact]
    public void Applying_twice_gives_the_input_back()
    {
        Assert.Equal(Fixtures.NpBackupKey, NpBackupKeyObfuscation.Apply(NpBackupKeyObfuscation.Apply(Fixtures.NpBackupKey)));
    }
}
