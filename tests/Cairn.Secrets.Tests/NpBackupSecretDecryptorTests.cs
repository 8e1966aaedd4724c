using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Secrets.NpBackup;
using Cairn.Secrets.Pickle;

namespace Cairn.Secrets.Tests;

public sealed partial class NpBackupSecretDecryptorTests
{
    private readonly NpBackupSecretDecryptor decryptor = new(Fixtures.NpBackupKey);

    public static TheoryData<int> VectorIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Fixtures.EncryptedValues.GetProperty("vectors").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Every_vector_decrypts_to_its_plain_value(int index)
    {
        JsonElement vector = Fixtures.EncryptedValues.GetProperty("vectors")[index];
        string encrypted = vector.GetProperty("encrypted").GetString()!;

        Assert.True(NpBackupSecretDecryptor.IsEncrypted(encrypted));
        object? value = decryptor.Decrypt(encrypted);

        AssertMatches(vector.GetProperty("plain"), vector.GetProperty("python_type").GetString()!, value);
    }

    [Fact]
    public void The_protected_repo_tuple_comes_back_as_a_tuple()
    {
        string encrypted = Vector("tuple").GetProperty("encrypted").GetString()!;

        var tuple = Assert.IsType<PickleTuple>(decryptor.Decrypt(encrypted));
        Assert.Equal(["s3:https://s3.example.com/protected", "restore_only", "manager-pw"], tuple);
    }

    [Fact]
    public void Every_encrypted_value_in_the_config_decrypts_to_the_value_in_its_header()
    {
        // From the fixture's header comment.
        var expected = new Dictionary<string, string>
        {
            ["repos.default.repo_opts.repo_password"] = "fixture-encrypted-pw",
            ["repos.remote.repo_uri"] = "rest:https://user:secret@backup.example.com:8000/repo",
            ["repos.remote.repo_opts.repo_password"] = "fixture-encrypted-pw",
            ["repos.remote.env.encrypted_env_variables.AWS_SECRET_ACCESS_KEY"] = "abc/def+ghi",
        };

        Dictionary<string, string> encrypted = EncryptedValuesByPath(File.ReadAllLines(Fixtures.PathOf("v3.1-encrypted.conf")));

        Assert.Equal(expected.Keys.Order(), encrypted.Keys.Order());
        foreach ((string path, string value) in encrypted)
        {
            Assert.Equal(expected[path], decryptor.DecryptString(value));
        }
    }

    [Fact]
    public void The_wrong_key_is_a_decryption_error()
    {
        byte[] wrongKey = (byte[])Fixtures.NpBackupKey.Clone();
        wrongKey[0] ^= 0xff;
        string encrypted = Vector("str").GetProperty("encrypted").GetString()!;

        var ex = Assert.Throws<SecretDecryptionException>(() => new NpBackupSecretDecryptor(wrongKey).Decrypt(encrypted));
        Assert.DoesNotContain("s3.example.com", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(16)] // tag
    [InlineData(64)] // ciphertext
    public void A_changed_byte_in_nonce_tag_or_ciphertext_is_detected(int index)
    {
        Assert.Throws<SecretDecryptionException>(() => decryptor.Decrypt(Tamper(index)));
    }

    [Fact]
    public void The_timestamp_is_not_authenticated()
    {
        // cryptidy stores the timestamp in clear beside the EAX output; it is not associated data.
        Assert.Equal("s3:https://s3.example.com/bucket/repo", decryptor.Decrypt(Tamper(40)));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("__NPBACKUP__@@@__NPBACKUP__")]
    [InlineData("__NPBACKUP__AAAA__NPBACKUP__")]
    public void Malformed_values_are_decryption_errors(string value)
    {
        Assert.Throws<SecretDecryptionException>(() => decryptor.Decrypt(value));
    }

    [Fact]
    public void DecryptString_refuses_a_value_that_is_not_a_string()
    {
        string encrypted = Vector("int").GetProperty("encrypted").GetString()!;

        Assert.Throws<SecretDecryptionException>(() => decryptor.DecryptString(encrypted));
    }

    private static string Tamper(int index)
    {
        string encrypted = Vector("str").GetProperty("encrypted").GetString()!;
        string marker = NpBackupSecretDecryptor.Marker;
        byte[] payload = Convert.FromBase64String(encrypted[marker.Length..^marker.Length]);
        payload[index] ^= 0x01;
        return marker + Convert.ToBase64String(payload) + marker;
    }

    private static JsonElement Vector(string pythonType) =>
        Fixtures.EncryptedValues.GetProperty("vectors").EnumerateArray()
            .First(v => v.GetProperty("python_type").GetString() == pythonType);

    /// <summary>Dotted YAML path of every encrypted scalar, from indentation (enough for this fixture).</summary>
    private static Dictionary<string, string> EncryptedValuesByPath(string[] lines)
    {
        var result = new Dictionary<string, string>();
        var parents = new List<(int Indent, string Key)>();
        foreach (string line in lines)
        {
            Match match = YamlKeyLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            int indent = match.Groups["indent"].Length;
            parents.RemoveAll(p => p.Indent >= indent);
            string path = string.Join('.', parents.Select(p => p.Key).Append(match.Groups["key"].Value));
            string value = match.Groups["value"].Value;
            if (NpBackupSecretDecryptor.IsEncrypted(value))
            {
                result[path] = value;
            }

            parents.Add((indent, match.Groups["key"].Value));
        }

        return result;
    }

    private static void AssertMatches(JsonElement expected, string pythonType, object? actual)
    {
        switch (pythonType)
        {
            case "str":
                Assert.Equal(expected.GetString(), Assert.IsType<string>(actual));
                break;
            case "int":
                Assert.Equal(expected.GetInt64(), Assert.IsType<long>(actual));
                break;
            case "list":
                var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(actual);
                Assert.IsNotType<PickleTuple>(actual);
                Assert.Equal(expected.EnumerateArray().Select(e => (object?)e.GetString()), list);
                break;
            case "tuple":
                var tuple = Assert.IsType<PickleTuple>(actual);
                Assert.Equal(expected.GetProperty("tuple").EnumerateArray().Select(e => (object?)e.GetString()), tuple);
                break;
            case "dict":
                var dict = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(actual);
                Assert.Equal(
                    expected.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString()),
                    dict.ToDictionary(p => p.Key, p => p.Value));
                break;
            default:
                Assert.Fail($"No comparison for python type {pythonType}.");
                break;
        }
    }

    [GeneratedRegex(@"^(?<indent> *)(?<key>[A-Za-z_][\w]*):\s*(?<value>.*)$")]
    private static partial Regex YamlKeyLine();
}
