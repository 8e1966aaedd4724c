using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using Cairn.Secrets;
using Cairn.Secrets.NpBackup;

namespace Cairn.Agent.Tests.Integration;

/// <summary>The <c>config</c> commands and what loading does to files, on real files in a temp folder.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private const string Marker = "__TESTBACKUP__";
    private const string KeyLocationVariable = "TEST_BACKUP_KEY_LOCATION";
    private const string KeyCommandVariable = "TEST_BACKUP_KEY_COMMAND";

    private const string CommentedConfig = """
        # Backup configuration of this machine.
        conf_version: 3.1.0
        repos:
          default:
            repo_uri: /srv/backups/default   # local disk
            repo_group: main
            repo_opts:
              # the repository password
              repo_password: 'default-secret-pw'
        groups:
          main:
            backup_opts:
              paths:
              - /home
        identity:
          machine_id: ${HOSTNAME}__${RANDOM}[4]
        global_options:
          restic_binary: /nonexistent/restic   # runs stop before restic
        """;

    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");
    private readonly AgentHarness _agent = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string NewKey(string name = "cairn.key")
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        return path;
    }

    private static SecretCipher CipherOf(string keyFile) => new(Secrets.Keys.KeyFile.Read(keyFile));

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string ValueOf(string text, string key) =>
        text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    public static TheoryData<string, string, int, string> BadInputs => new()
    {
        { "malformed YAML", "repos:\n  default:\n    repo_uri: [unclosed\n", 71, "config.yaml:4:1: syntax error" },
        { "unknown schedule key", "repos:\n  default:\n    repo_uri: /r\n    schedule:\n      backups: every 1h\n", 71, "config.yaml:5:7: repos.default.schedule.backups: unknown key" },
        { "wrong type", "repos:\n  default:\n    repo_uri: /r\n    repo_opts:\n      minimum_backup_age: soon\n", 71, "config.yaml:5:27: repos.default.repo_opts.minimum_backup_age: expected an integer, got 'soon'" },
        { "unknown group", "repos:\n  default:\n    repo_uri: /r\n    repo_group: nope\n", 71, "config.yaml:4:17: repos.default.repo_group: unknown group 'nope'" },
        { "unknown preset", "repos:\n  default:\n    repo_uri: /r\n    repo_opts:\n      retention_policy: 7y\n", 71, "config.yaml:5:25: repos.default.repo_opts.retention_policy: unknown retention preset '7y'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_config_gives_its_code_and_located_message_and_stays_byte_identical(string what, string yaml, int code, string message)
    {
        // a pending ${RANDOM} and a plain secret would be written by a good load: a bad one writes nothing
        var path = Write("config.yaml", "identity:\n  machine_id: ${RANDOM}[4]\n" + yaml.Replace("repos:\n", "repos:\n  other:\n    repo_opts:\n      repo_password: plain\n", StringComparison.Ordinal));
        var shifted = message.Replace("config.yaml:", $"{path}:", StringComparison.Ordinal);
        shifted = System.Text.RegularExpressions.Regex.Replace(shifted, @":(\d+):", m => $":{int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 5}:");
        var key = NewKey();
        var before = Hash(path);
        foreach (var args in new[] { new[] { "snapshots", "-c", path, "--key-file", key }, ["config", "encrypt", "-c", path, "--key-file", key], ["config", "check", "-c", path] })
        {
            var run = await _agent.RunAsync(args);
            Assert.True(code == run.ExitCode, $"{what}: {string.Join(' ', args)}\n{run}");
            Assert.Contains(shifted, run.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, Hash(path));
        }
        Assert.Equal(["config.yaml", "cairn.key"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order().Reverse());
    }

    [Fact]
    public async Task An_unreadable_key_file_gives_12_naming_it_and_changes_nothing()
    {
        var path = Write("config.yaml", CommentedConfig);
        var before = Hash(path);
        var missing = _temp.Combine("no-such.key");
        var garbage = Write("garbage.key", "not a key\n");
        foreach (var (args, named) in new[]
        {
            (new[] { "snapshots", "-c", path, "--key-file", missing }, missing),
            (["config", "encrypt", "-c", path, "--key-file", garbage], garbage),
        })
        {
            var run = await _agent.RunAsync(args);
            Assert.True(run.ExitCode == 12, run.ToString());
            Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, Hash(path));
        }
        var viaVariable = await new AgentHarness().WithEnvironment(KeyLocationVariable, missing).RunAsync("snapshots", "-c", path);
        Assert.Equal(12, viaVariable.ExitCode);
        Assert.Contains($"no usable key (from {KeyLocationVariable}): Cannot read key file '{missing}'", viaVariable.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public async Task A_wrong_key_gives_12_with_the_key_path_and_position_never_the_value()
    {
        var path = Write("config.yaml", CommentedConfig);
        var key = NewKey();
        Assert.Equal(0, (await _agent.RunAsync("config", "encrypt", "-c", path, "--key-file", key)).ExitCode);
        var before = Hash(path);
        var wrong = NewKey("wrong.key");

        var run = await _agent.RunAsync("snapshots", "-c", path, "--key-file", wrong);
        Assert.Equal(12, run.ExitCode);
        Assert.Contains($"{path}:9:22: repos.default.repo_opts.repo_password: cannot decrypt with the key file '{wrong}'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("default-secret-pw", run.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));

        var noKey = await _agent.RunAsync("config", "show", "-c", path);
        Assert.Equal(12, noKey.ExitCode);
        Assert.Contains("encrypted value, but no key is configured", noKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_is_written_back_once_and_then_kept()
    {
        var path = Write("config.yaml", CommentedConfig);
        var first = await _agent.RunAsync("snapshots", "-c", path);
        Assert.True(first.ExitCode == 73, first.ToString()); // the load and its save happen before restic is looked for
        var once = File.ReadAllText(path);
        var machineId = ValueOf(once, "machine_id");
        Assert.Matches(@"^\$\{HOSTNAME\}__[A-Za-z0-9]{4}$", machineId);
        Assert.Equal(CommentedConfig.Replace("${HOSTNAME}__${RANDOM}[4]", machineId, StringComparison.Ordinal), once);

        await _agent.RunAsync("snapshots", "-c", path);
        Assert.Equal(once, File.ReadAllText(path));
    }

    [Fact]
    public async Task Encrypt_keeps_comments_saves_atomically_and_the_values_decrypt()
    {
        var path = Write("config.yaml", CommentedConfig);
        UnixFileMode? mode = null;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            mode = File.GetUnixFileMode(path);
        }
        var key = NewKey();
        var run = await new AgentHarness().WithEnvironment(KeyLocationVariable, key).RunAsync("config", "encrypt", "-c", path);
        Assert.True(run.ExitCode == 0, run.ToString());

        var saved = File.ReadAllText(path);
        var uri = ValueOf(saved, "repo_uri").Split("   #")[0];
        var password = ValueOf(saved, "repo_password");
        Assert.Equal("/srv/backups/default", CipherOf(key).Decrypt(uri, Marker));
        Assert.Equal("default-secret-pw", CipherOf(key).Decrypt(password, Marker));
        var expected = CommentedConfig
            .Replace("/srv/backups/default", uri, StringComparison.Ordinal)
            .Replace("'default-secret-pw'", password, StringComparison.Ordinal);
        var machineId = ValueOf(saved, "machine_id");
        Assert.Equal(expected.Replace("${HOSTNAME}__${RANDOM}[4]", machineId, StringComparison.Ordinal), saved);
        Assert.Equal(["cairn.key", "config.yaml"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(mode, File.GetUnixFileMode(path)); // the permissions of the original file are kept
        }

        var again = await new AgentHarness().WithEnvironment(KeyLocationVariable, key).RunAsync("config", "encrypt", "-c", path);
        Assert.Contains("nothing to do", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllText(path));

        // the key from a command's output works the same
        var viaCommand = await new AgentHarness().WithEnvironment(KeyCommandVariable, $"cat {key}").RunAsync("config", "check", "-c", path);
        Assert.True(viaCommand.ExitCode == 0, viaCommand.ToString());
    }

    [Fact]
    public async Task Show_masks_every_secret_and_marks_inherited_values_in_text_and_json()
    {
        var path = Write("config.yaml", CommentedConfig.Replace("/srv/backups/default", "rest:https://user:uri-secret@host:8000/repo", StringComparison.Ordinal));
        var key = NewKey();
        Assert.Equal(0, (await _agent.RunAsync("config", "encrypt", "-c", path, "--key-file", key)).ExitCode);

        var text = await _agent.RunAsync("config", "show", "-c", path, "--key-file", key);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("repo default (group main)", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"repo_opts\.repo_password\s+\*\*\*\n", text.Stdout);
        Assert.Matches(@"backup_opts\.paths\[0\]\s+/home  \(group main\)\n", text.Stdout);

        var json = await _agent.RunAsync("config", "show", "-c", path, "--key-file", key, "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        var values = document.RootElement.GetProperty("output").GetProperty("repos")[0].GetProperty("values").EnumerateArray().ToList();
        var uri = values.Single(v => v.GetProperty("key").GetString() == "repo_uri");
        Assert.Equal("***", uri.GetProperty("value").GetString());
        Assert.Equal("repo", uri.GetProperty("origin").GetString());
        Assert.Equal("group", values.Single(v => v.GetProperty("key").GetString() == "backup_opts.paths[0]").GetProperty("origin").GetString());

        foreach (var output in new[] { text.ToString(), json.ToString() })
        {
            foreach (var secret in new[] { "default-secret-pw", "uri-secret", "user:", Marker })
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Check_reports_every_problem_and_warns_about_plain_secrets()
    {
        var bad = Write("bad.yaml", "repos:\n  a:\n    colour: red\n    repo_group: nope\n  b:\n    repo_opts:\n      retention_policy: 2w\nbogus: 1\n");
        var run = await _agent.RunAsync("config", "check", "-c", bad);
        Assert.Equal(71, run.ExitCode);
        Assert.Contains($"{bad}:3:5: repos.a.colour: unknown key", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{bad}:8:1: bogus: unknown key", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{bad}:4:17: repos.a.repo_group: unknown group 'nope'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{bad}:7:25: repos.b.repo_opts.retention_policy: unknown retention preset '2w'", run.Stderr, StringComparison.Ordinal);

        var good = Write("config.yaml", CommentedConfig);
        var before = Hash(good);
        var ok = await _agent.RunAsync("config", "check", "-c", good);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains($"warning: {good}:9:22: repos.default.repo_opts.repo_password: secret stored in plain text", ok.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(good)); // check never writes
        Assert.Equal(70, (await _agent.RunAsync("config", "check", "-c", _temp.Combine("missing.yaml"))).ExitCode);
    }

    [Fact]
    public async Task Create_key_writes_an_owner_only_key_and_never_overwrites()
    {
        var path = _temp.Combine("new.key");
        var run = await _agent.RunAsync("config", "create-key", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(32, Secrets.Keys.KeyFile.Read(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var before = Hash(path);
        var again = await _agent.RunAsync("config", "create-key", path);
        Assert.Equal(76, again.ExitCode);
        Assert.Contains("refusing to overwrite", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public async Task Loading_a_3_0_file_migrates_it_and_keeps_the_original_once()
    {
        var original = Fixtures.Read("v3.0-legacy.conf").Replace("  auto_upgrade: false", "  auto_upgrade: false\n  restic_binary: /nonexistent/restic", StringComparison.Ordinal);
        var path = Write("npbackup.conf", original);
        var run = await _agent.RunAsync("snapshots", "-c", path);
        Assert.True(run.ExitCode == 73, run.ToString());
        Assert.Equal(original, File.ReadAllText(path + ".3.0.bak"));
        var migrated = File.ReadAllText(path);
        Assert.Contains("conf_version: 3.1.0", migrated, StringComparison.Ordinal);
        Assert.Contains("    monitoring:", migrated, StringComparison.Ordinal);
        Assert.Contains($"kept a copy of the 3.0 config as {path}.3.0.bak", run.Stderr, StringComparison.Ordinal);

        // a second 3.0 file under the same name never replaces the first copy
        File.WriteAllText(path, original.Replace("legacy-host", "other-host", StringComparison.Ordinal));
        await _agent.RunAsync("snapshots", "-c", path);
        Assert.Equal(original, File.ReadAllText(path + ".3.0.bak"));
    }

    private string NpBackupKeyFile(bool obfuscated)
    {
        using var vectors = JsonDocument.Parse(Fixtures.Read("encrypted-values.json"));
        var key = Convert.FromBase64String(vectors.RootElement.GetProperty("key_base64").GetString()!);
        var path = _temp.Combine(obfuscated ? "npbackup.key" : "npbackup-raw.key");
        File.WriteAllBytes(path, obfuscated ? NpBackupKeyObfuscation.Apply(key) : key);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_decrypts_npbackup_values_with_its_key(bool obfuscatedKeyFile)
    {
        var npKey = NpBackupKeyFile(obfuscatedKeyFile);
        var output = _temp.Combine("imported.conf");
        var run = await _agent.RunAsync("config", "import-npbackup", Fixtures.PathOf("v3.1-encrypted.conf"), "--out", output, "--key", npKey);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: the new file holds secrets in plain text", run.Stderr, StringComparison.Ordinal);

        var text = File.ReadAllText(output);
        Assert.StartsWith("# NPBackup 3.1-style configuration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("__NPBACKUP__J", text, StringComparison.Ordinal);
        Assert.Contains("      repo_password: fixture-encrypted-pw\n", text, StringComparison.Ordinal);
        Assert.Contains("    repo_uri: 'rest:https://user:secret@backup.example.com:8000/repo'\n", text, StringComparison.Ordinal);
        Assert.Contains("        AWS_SECRET_ACCESS_KEY: abc/def+ghi\n", text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
        var check = await _agent.RunAsync("config", "check", "-c", output);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task Import_encrypts_with_the_configured_key_and_never_overwrites()
    {
        var key = NewKey();
        var output = _temp.Combine("imported.conf");
        var run = await _agent.RunAsync("config", "import-npbackup", Fixtures.PathOf("v3.1-encrypted.conf"), "--out", output,
            "--key", NpBackupKeyFile(obfuscated: true), "--key-file", key);
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = File.ReadAllText(output);
        var body = string.Join("\n", text.Split('\n').Where(l => !l.StartsWith('#')));
        Assert.DoesNotContain("fixture-encrypted-pw", body, StringComparison.Ordinal);
        Assert.DoesNotContain("abc/def+ghi", body, StringComparison.Ordinal);
        Assert.DoesNotContain("__NPBACKUP__", body, StringComparison.Ordinal);

        var show = await _agent.RunAsync("config", "show", "-c", output, "--key-file", key, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        var cipher = CipherOf(key);
        var uris = text.Split('\n').Where(l => l.StartsWith("    repo_uri: ", StringComparison.Ordinal))
            .Select(l => cipher.Decrypt(l["    repo_uri: ".Length..], Marker));
        Assert.Equal(["/srv/cairn-fixture/repos/encrypted", "rest:https://user:secret@backup.example.com:8000/repo"], uris);
        var aws = text.Split('\n').First(l => l.TrimStart().StartsWith("AWS_SECRET_ACCESS_KEY:", StringComparison.Ordinal)).Split(": ")[1];
        Assert.Equal("abc/def+ghi", cipher.Decrypt(aws, Marker));

        var before = Hash(output);
        var again = await _agent.RunAsync("config", "import-npbackup", Fixtures.PathOf("v3.1-encrypted.conf"), "--out", output, "--key", NpBackupKeyFile(true));
        Assert.Equal(76, again.ExitCode);
        Assert.Equal(before, Hash(output));
    }

    [Fact]
    public async Task Import_without_or_with_a_wrong_npbackup_key_fails_with_12_and_writes_nothing()
    {
        var output = _temp.Combine("imported.conf");
        var noKey = await _agent.RunAsync("config", "import-npbackup", Fixtures.PathOf("v3.1-encrypted.conf"), "--out", output);
        Assert.Equal(12, noKey.ExitCode);
        // no key given: NPBackup's built-in keys are tried, and they are not the key this file was encrypted with
        Assert.Contains("repos.default.repo_opts.repo_password: cannot decrypt the NPBackup value: wrong key: none of NPBackup's built-in keys",
            noKey.Stderr, StringComparison.Ordinal);

        var wrong = _temp.Combine("wrong.key");
        File.WriteAllBytes(wrong, RandomNumberGenerator.GetBytes(32));
        var run = await _agent.RunAsync("config", "import-npbackup", Fixtures.PathOf("v3.1-encrypted.conf"), "--out", output, "--key", wrong);
        Assert.Equal(12, run.ExitCode);
        Assert.Contains($"NPBackup key file '{wrong}' does not decrypt it", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
