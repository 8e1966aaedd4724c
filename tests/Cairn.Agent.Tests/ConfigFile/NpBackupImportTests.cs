using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cairn.Agent.Permissions;
using Cairn.Agent.Tests.Support;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Cairn.Agent.Tests.ConfigFile;

/// <summary>
/// <c>config import-npbackup</c> with NPBackup's own keys: its built-in keys when no key is given, its key variables,
/// its key files; and protected repos split into repo_uri, permissions and a hashed manager password.
/// </summary>
public sealed class NpBackupImportTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-npbackup-import-");

    private static JsonElement Vectors => JsonDocument.Parse(Fixtures.Read("encrypted-values.json")).RootElement;

    private static byte[] FixtureKey => Convert.FromBase64String(Vectors.GetProperty("key_base64").GetString()!);

    private static string Vector(string pythonType) => Vectors.GetProperty("vectors").EnumerateArray()
        .First(v => v.GetProperty("python_type").GetString() == pythonType).GetProperty("encrypted").GetString()!;

    /// <summary>A string encrypted as NPBackup stores it (AES-EAX of its pickle), for keys no fixture was made with.</summary>
    private static string EncryptAsNpBackup(string value, byte[] key)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        byte[] frame = [0x8C, (byte)utf8.Length, .. utf8, 0x94, 0x2E];
        byte[] pickle = [0x80, 0x04, 0x95, .. BitConverter.GetBytes((long)frame.Length), .. frame];
        var nonce = RandomNumberGenerator.GetBytes(16);
        var eax = new EaxBlockCipher(new AesEngine());
        eax.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce));
        var output = new byte[eax.GetOutputSize(pickle.Length)];
        var length = eax.ProcessBytes(pickle, 0, pickle.Length, output, 0);
        length += eax.DoFinal(output, length);
        var ciphertext = output[..(length - 16)];
        var tag = output[(length - 16)..length];
        var stamp = Encoding.ASCII.GetBytes("1764123301.482804");
        byte[] padded = [.. stamp, .. Enumerable.Repeat((byte)(32 - stamp.Length), 32 - stamp.Length)];
        return "__NPBACKUP__" + Convert.ToBase64String([.. nonce, .. tag, .. padded, .. ciphertext]) + "__NPBACKUP__";
    }

    private static byte[] Obfuscate(string hex)
    {
        var keyword = Encoding.ASCII.GetBytes("/*NPBackup 2024*/");
        return [.. Convert.FromHexString(hex).Select((b, i) => (byte)(b ^ keyword[i % keyword.Length]))];
    }

    private string Source(string repoUri, string password) => Write("npbackup.conf", $"""
        conf_version: 3.1.0
        repos:
          default:
            repo_uri: {repoUri}
            repo_opts:
              repo_password: {password}
        """);

    private string Write(string name, string text)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(AgentRun Run, string Output)> ImportAsync(string source, AgentHarness? harness = null, params string[] extra)
    {
        var output = _temp.Combine($"imported-{Guid.NewGuid():N}.conf");
        var run = await (harness ?? new AgentHarness()).RunAsync(["config", "import-npbackup", source, "--out", output, .. extra]);
        return (run, File.Exists(output) ? File.ReadAllText(output) : "");
    }

    [Theory]
    [InlineData("c354dc69e35b73876f968fe5ee2e3ef12c948dfe0fea110520a0e953cf82ad7c", true)]  // 3.1's current built-in key
    [InlineData("9ebc6be4c56e6b541ebfb56f06d3c6280e3a27691b54b3f01a4320659b64a5c6", true)]  // its earlier one
    [InlineData("c354dc69e35b73876f968fe5ee2e3ef12c948dfe0fea110520a0e953cf82ad7c", false)] // builds before 3.0.0-rc1: the literal
    public async Task Values_encrypted_with_npbackups_built_in_keys_decrypt_without_a_key(string literal, bool obfuscated)
    {
        var key = obfuscated ? Obfuscate(literal) : Convert.FromHexString(literal);
        var source = Source(EncryptAsNpBackup("/srv/built-in-repo", key), EncryptAsNpBackup("built-in-Pässword", key));
        var (run, output) = await ImportAsync(source);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("repo_uri: /srv/built-in-repo", output, StringComparison.Ordinal);
        Assert.Contains("built-in-Pässword", output, StringComparison.Ordinal);
        Assert.DoesNotContain("__NPBACKUP__", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npbackup_key_location_and_key_command_are_honoured_and_a_wrong_key_is_exit_12()
    {
        var keyFile = _temp.Combine("npbackup.key");
        File.WriteAllBytes(keyFile, FixtureKey);
        var source = Write("encrypted.conf", Fixtures.Read("v3.1-encrypted.conf"));

        var byLocation = await ImportAsync(source, new AgentHarness().WithEnvironment("NPBACKUP_KEY_LOCATION", keyFile));
        Assert.True(byLocation.Run.ExitCode == 0, byLocation.Run.ToString());
        Assert.Contains("fixture-encrypted-pw", byLocation.Output, StringComparison.Ordinal);
        Assert.Contains("abc/def+ghi", byLocation.Output, StringComparison.Ordinal);

        var byCommand = await ImportAsync(source, new AgentHarness().WithEnvironment("NPBACKUP_KEY_COMMAND", $"cat '{keyFile}'"));
        Assert.True(byCommand.Run.ExitCode == 0, byCommand.Run.ToString());
        Assert.Contains("rest:https://user:secret@backup.example.com:8000/repo", byCommand.Output, StringComparison.Ordinal);

        var byKeyFile = await ImportAsync(source, null, "--key", keyFile);
        Assert.True(byKeyFile.Run.ExitCode == 0, byKeyFile.Run.ToString());

        // the built-in keys do not decrypt what another key encrypted
        var builtIn = await ImportAsync(source);
        Assert.True(builtIn.Run.ExitCode == 12, builtIn.Run.ToString());
        Assert.Equal("", builtIn.Output);
    }

    [Fact]
    public async Task A_protected_repo_becomes_repo_uri_permissions_and_a_hashed_manager_password()
    {
        var keyFile = _temp.Combine("npbackup.key");
        File.WriteAllBytes(keyFile, FixtureKey);
        var source = Write("protected.conf", $"""
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: {Vector("tuple")}
                is_protected: true
                repo_opts:
                  repo_password: pw
              listed:
                repo_uri: [/srv/listed, backup, Listed-Pw1]
                repo_opts:
                  repo_password: pw
              commas:
                repo_uri: /srv/commas, restore, Commas-Pw1
                repo_opts:
                  repo_password: pw
            """);
        var (run, output) = await ImportAsync(source, null, "--key", keyFile);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("s3:https://s3.example.com/protected", output, StringComparison.Ordinal);
        Assert.Contains("permissions: restore_only", output, StringComparison.Ordinal);
        Assert.Contains("repo_uri: /srv/listed", output, StringComparison.Ordinal);
        Assert.Contains("permissions: backup", output, StringComparison.Ordinal);
        Assert.Contains("permissions: restore", output, StringComparison.Ordinal);
        Assert.DoesNotContain("manager-pw", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listed-Pw1", output, StringComparison.Ordinal);

        // the imported file loads, with the levels and passwords in force
        var config = Agent.Config.ConfigLoader.Parse(output, "imported.conf", TestProduct.Identity.EncryptedValueMarker, "host").Config!;
        var repo = config.FindRepo("default")!;
        Assert.Equal(RepoPermission.RestoreOnly, repo.Permission);
        Assert.True(ManagerPassword.Verify(repo.ManagerPassword!, "manager-pw"));
        Assert.True(ManagerPassword.Verify(config.FindRepo("listed")!.ManagerPassword!, "Listed-Pw1"));
        Assert.Equal(RepoPermission.Restore, config.FindRepo("commas")!.Permission);
        Assert.Equal("/srv/commas", config.FindRepo("commas")!.Uri);
    }

    public void Dispose() => _temp.Dispose();
}
