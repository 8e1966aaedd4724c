using System.Text.Json;
using Cairn.Agent.Permissions;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Permissions;

/// <summary>The manager password: stored hashed, asked before secrets are unmasked.</summary>
public sealed class ManagerPasswordTests : IDisposable
{
    private const string Password = "Manager-Pw-2026";
    private readonly TemporaryDirectory _temp = new("cairn-manager-password-");

    [Fact]
    public void A_hash_verifies_only_its_password_and_never_holds_it()
    {
        var hash = ManagerPassword.Hash(Password);
        Assert.StartsWith("pbkdf2-sha256$210000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, ManagerPassword.Hash(Password)); // salted
        Assert.True(ManagerPassword.Verify(hash, Password));
        Assert.False(ManagerPassword.Verify(hash, Password + "x"));
        Assert.True(ManagerPassword.Verify("plain-Value1", "plain-Value1")); // written by hand
        Assert.False(ManagerPassword.Verify("plain-Value1", "plain-value1"));
        Assert.NotNull(ManagerPassword.ComplexityProblem("short1A"));
        Assert.NotNull(ManagerPassword.ComplexityProblem("alllowercase1"));
        Assert.Null(ManagerPassword.ComplexityProblem(Password));
    }

    private string WriteConfig()
    {
        var path = _temp.Combine("config.yaml");
        File.WriteAllText(path, $"""
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: /srv/protected-repo
                manager_password: '{ManagerPassword.Hash(Password)}'
                repo_opts:
                  repo_password: the-repo-secret
              open:
                repo_uri: /srv/open-repo
                repo_opts:
                  repo_password: open-secret
            """);
        return path;
    }

    private static string ValueOf(JsonDocument document, string repo, string key) =>
        document.RootElement.GetProperty("output").GetProperty("repos").EnumerateArray()
            .Single(r => r.GetProperty("repo").GetString() == repo)
            .GetProperty("values").EnumerateArray().Single(v => v.GetProperty("key").GetString() == key).GetProperty("value").GetString()!;

    [Fact]
    public async Task Config_show_unmasks_a_protected_repo_only_with_its_manager_password()
    {
        var config = WriteConfig();
        var variable = ProductEnvironmentVariable.Name(TestProduct.Identity.ShortName, "MANAGER_PASSWORD");

        var masked = await new AgentHarness().RunAsync("--config", config, "config", "show", "--json");
        Assert.True(masked.ExitCode == 0, masked.ToString());
        Assert.DoesNotContain("the-repo-secret", masked.Stdout, StringComparison.Ordinal);

        var wrong = await new AgentHarness().WithEnvironment(variable, "Wrong-Pw-2026").RunAsync("--config", config, "config", "show", "--unmask", "--json");
        Assert.True(wrong.ExitCode == 74, wrong.ToString());
        Assert.DoesNotContain("the-repo-secret", wrong.Stdout, StringComparison.Ordinal);

        var none = await new AgentHarness().RunAsync("--config", config, "config", "show", "--unmask"); // no variable, no terminal
        Assert.True(none.ExitCode == 74, none.ToString());
        Assert.Contains(variable, none.Stderr, StringComparison.Ordinal);

        var right = await new AgentHarness().WithEnvironment(variable, Password).RunAsync("--config", config, "config", "show", "--unmask", "--json");
        Assert.True(right.ExitCode == 0, right.ToString());
        using var document = JsonDocument.Parse(right.Stdout);
        Assert.Equal("the-repo-secret", ValueOf(document, "default", "repo_opts.repo_password"));
        Assert.Equal("/srv/protected-repo", ValueOf(document, "default", "repo_uri"));
        Assert.Equal("***", ValueOf(document, "default", "manager_password"));
        Assert.Equal("***", ValueOf(document, "open", "repo_opts.repo_password")); // no manager password: stays masked
        Assert.Contains(document.RootElement.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.Contains("'open' has no manager_password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_of_a_strong_password_and_config_check_warns_about_plain_ones()
    {
        var variable = ProductEnvironmentVariable.Name(TestProduct.Identity.ShortName, "NEW_MANAGER_PASSWORD");
        var weak = await new AgentHarness().WithEnvironment(variable, "weak").RunAsync("config", "hash-password");
        Assert.True(weak.ExitCode == 76, weak.ToString());
        var run = await new AgentHarness().WithEnvironment(variable, Password).RunAsync("config", "hash-password");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(ManagerPassword.Verify(run.Stdout.Trim(), Password));

        var config = _temp.Combine("plain.yaml");
        File.WriteAllText(config, "conf_version: 3.1.0\nrepos:\n  default:\n    repo_uri: /r\n    manager_password: Typed-By-Hand1\n");
        var check = await new AgentHarness().RunAsync("--config", config, "config", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"{config}:5:23: repos.default.manager_password: stored unhashed", check.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
