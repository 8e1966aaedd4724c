using System.Security.Cryptography;
using System.Text;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Agent.Tests.Support;
using Cairn.Secrets;
using Cairn.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Cairn.Agent.Tests.Hostile;

/// <summary>
/// The config loader under generated inputs (valid files and mutations of them): it never throws, stays within a
/// bounded time and allocation per input, locates every error in the file, and leaves the disk as it was when it
/// refuses a file. The same loader serves the CLI, the service's reload, the web editor and the import.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ConfigLoaderHostileInputTests(ITestOutputHelper output)
{
    private static readonly ConfigKey Key = new(new SecretCipher(RandomNumberGenerator.GetBytes(32)), "test key");

    [Fact]
    public void Generated_configs_fail_small_fast_located_and_without_writing()
    {
        using var folder = new TemporaryDirectory("cairn-hostile-config-");
        var path = folder.Combine("config.yaml");
        var report = HostileInputRun.Run("config loader", HostileMutations.Of(ConfigInputs.Valid, ConfigInputs.Tokens),
            bytes => CheckOne(path, bytes), HostileInputRun.Show, cases: 3000);
        output.WriteLine(report.ToString());
    }

    /// <summary>The files of the issue and their cousins: each refused with its place, quickly.</summary>
    [Theory]
    [InlineData("billion laughs", "YAML aliases (*a0) are not supported")]
    [InlineData("deep flow nesting", "nested deeper than 32 levels")]
    [InlineData("deep block nesting", "nested deeper than 32 levels")]
    [InlineData("too many nodes", "more than 20000 YAML nodes")]
    [InlineData("too large", "larger than 1 MiB")]
    [InlineData("not UTF-8", "not UTF-8: byte 0xFF")]
    [InlineData("second document", "only one YAML document")]
    [InlineData("unclosed quote", "syntax error")]
    [InlineData("tab indentation", "syntax error")]
    [InlineData("NUL byte", "syntax error")]
    public void Hostile_files_of_the_issue_are_refused_with_their_place(string name, string expected)
    {
        using var folder = new TemporaryDirectory("cairn-hostile-config-");
        var path = folder.Combine("config.yaml");
        var bytes = Hostile(name);
        var report = HostileInputRun.Run($"hostile config: {name}", CsCheck.Gen.Const(bytes), b =>
        {
            var errors = CheckOne(path, b);
            Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        }, HostileInputRun.Show, cases: 1, maxTime: TimeSpan.FromSeconds(5));
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("repos:\n  a:\n    repo_opts: {repo_password: p}\n", "config.yaml:2:3: repos.a.repo_uri: required")]
    [InlineData("repos:\n  a:\n    repo_uri: ''\n    repo_opts: {repo_password: p}\n", "config.yaml:3:15: repos.a.repo_uri: required")]
    [InlineData("repos:\n  a:\n    repo_uri: /r\n    repo_uri: /s\n", "config.yaml:4:5: repos.a.repo_uri: duplicate key")]
    [InlineData("global_email:\n  smtp_port: 70000\n", "config.yaml:2:14: global_email.smtp_port: 70000 is out of range: 1 to 65535")]
    [InlineData("repos:\n  a:\n    repo_opts:\n      minimum_backup_age: -5\n", "config.yaml:4:27: repos.a.repo_opts.minimum_backup_age: -5 is out of range: 0 to 2147483647")]
    [InlineData("repos:\n  a:\n    repo_opts:\n      minimum_backup_age: 99999999999999999999\n", "repos.a.repo_opts.minimum_backup_age: expected an integer")]
    [InlineData("repos:\n  a:\n    backup_opts:\n      post_backup_housekeeping_percent_chance: NaN\n", "post_backup_housekeeping_percent_chance: NaN is out of range: 0 to 100")]
    [InlineData("repos:\n  a:\n    repo_opts:\n      upload_speed: 99999999 EiB\n", "config.yaml:4:21: repos.a.repo_opts.upload_speed: expected a size")]
    [InlineData("a: &x [1]\nb: *x\n", "config.yaml:2:4: b: YAML aliases (*x) are not supported")]
    [InlineData("? [a]\n: 1\n", "config.yaml:1:3: keys must be plain strings")]
    public void Problems_are_located(string text, string expected)
    {
        var result = ConfigLoader.Parse(text, "config.yaml", TestProduct.Identity.EncryptedValueMarker, "host1");
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_repo_without_a_password_source_is_a_located_warning()
    {
        var prepared = ConfigDocument.Prepare("groups:\n  g: {}\nrepos:\n  a:\n    repo_uri: /r\n    repo_group: g\n", "config.yaml",
            new ConfigReadOptions(TestProduct.Identity.EncryptedValueMarker, "host1"));
        Assert.True(prepared.Success);
        Assert.Contains(prepared.Warnings, w => w.ToString() ==
            "config.yaml:4:3: repos.a.repo_opts.repo_password: no repository password: set it, or repo_opts.repo_password_command printing it, in the repo or its group 'g'");
    }

    [Fact]
    public void A_required_key_can_come_from_the_group()
    {
        var result = ConfigLoader.Parse("groups:\n  g:\n    repo_uri: /r/${REPO_NAME}\n    repo_opts: {repo_password_command: echo p}\nrepos:\n  a:\n    repo_group: g\n",
            "config.yaml", TestProduct.Identity.EncryptedValueMarker, "host1");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal("/r/a", result.Config!.Repos[0].Uri);
    }

    /// <summary>Loads the bytes as every host does, and checks the properties. Returns the errors.</summary>
    internal static IReadOnlyList<ConfigError> CheckOne(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        var folder = Path.GetDirectoryName(path)!;
        var loaded = ConfigLoader.LoadFile(path, TestProduct.Identity.EncryptedValueMarker, "host1"); // the service's path
        var errors = loaded.Errors;
        PreparedConfig? prepared = null;
        ConfigFileText? file = null;
        try
        {
            file = ConfigFileStore.Read(path);
        }
        catch (ConfigFileRejectedException rejected)
        {
            Assert.False(loaded.Success);
            Assert.Equal(rejected.Error, Assert.Single(loaded.Errors));
        }
        if (file is not null)
        {
            // the CLI's and the web editor's path: with a key, so plain secrets are encrypted in the updated text
            prepared = ConfigDocument.Prepare(file.Text, path, new ConfigReadOptions(TestProduct.Identity.EncryptedValueMarker, "host1") { Key = Key });
            Assert.Equal(loaded.Success, prepared.Success || prepared.Errors.All(e => e.Kind == ConfigErrorKind.EncryptedValue));
            if (!prepared.Success)
            {
                errors = [.. errors, .. prepared.Errors];
                Assert.False(new ConfigSession(file, Key, prepared).SavePending().Saved);
            }
        }
        foreach (var error in errors)
        {
            Assert.Equal(path, error.Location.File);
            Assert.True(error.Location.Line >= 1 && error.Location.Column >= 1, $"not located: {error}");
            Assert.True(error.ToString().Length < 1000, "too long: " + error.ToString()[..Math.Min(300, error.ToString().Length)]);
        }
        if (!loaded.Success)
        {
            Assert.NotEmpty(errors);
            Assert.Equal(bytes, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFileSystemEntries(folder));
        }
        return errors;
    }

    private static byte[] Hostile(string name) => name switch
    {
        "billion laughs" => Encoding.UTF8.GetBytes(BillionLaughs()),
        "deep flow nesting" => Encoding.UTF8.GetBytes("repos: " + new string('[', 200_000) + new string(']', 200_000) + "\n"),
        "deep block nesting" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => new string(' ', i) + $"k{i}:\n"))),
        "too many nodes" => Encoding.UTF8.GetBytes("x: [" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]\n"),
        "too large" => Encoding.UTF8.GetBytes("# " + new string('x', 10 * 1024 * 1024) + "\n"),
        "not UTF-8" => [.. Encoding.UTF8.GetBytes("repos:\n  a:\n    repo_uri: /r"), 0xFF, (byte)'\n'],
        "second document" => Encoding.UTF8.GetBytes("repos: {}\n---\nrepos: {}\n"),
        "unclosed quote" => Encoding.UTF8.GetBytes("repos:\n  a:\n    repo_uri: '/r\n"),
        "tab indentation" => Encoding.UTF8.GetBytes("repos:\n\ta: 1\n"),
        "NUL byte" => Encoding.UTF8.GetBytes("repos:\n  a:\n    repo_uri: /r\0x\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string BillionLaughs()
    {
        var text = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }
        return text.ToString();
    }
}
