using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using Cairn.Secrets;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// Every secret of the loaded config is masked in what restic and the pre/post commands print, not only the repo's
/// URI and password: here encrypted environment values, decrypted on load, that restic and a pre command echo.
/// </summary>
public sealed class ConfigSecretMaskingTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public void Dispose() => _temp.Dispose();

    [ResticFact]
    public async Task Encrypted_environment_values_echoed_by_restic_or_a_pre_command_are_masked()
    {
        var keyFile = _temp.Combine("agent.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        var cipher = new SecretCipher(Secrets.Keys.KeyFile.Read(keyFile));
        var cacheSecret = $"/proc/CacheSecret-{Guid.NewGuid():N}"; // restic cannot create it and says so, naming it
        var tokenSecret = $"TokenSecret-{Guid.NewGuid():N}";
        var data = _temp.Combine("data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "f.txt"), "x\n");
        var config = _temp.Combine("agent.conf");
        var tokenVariable = "$API_TOKEN";
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{_temp.Combine("repo")}'
                backup_opts:
                  paths:
                  - '{data}'
                  minimum_backup_size_error: 0
                  pre_exec_commands:
                  - echo "token is {tokenVariable}"
                repo_opts:
                  repo_password: mask-test-pw
                env:
                  encrypted_env_variables:
                    RESTIC_CACHE_DIR: '{cipher.Encrypt(cacheSecret, TestProduct.Identity.EncryptedValueMarker)}'
                    API_TOKEN: '{cipher.Encrypt(tokenSecret, TestProduct.Identity.EncryptedValueMarker)}'
            """);
        var log = _temp.Combine("agent.log");
        var harness = new AgentHarness();
        // no --cache-dir: restic takes its cache folder from the (secret) environment value
        Task<AgentRun> Run(params string[] args) => harness.RunAsync(["--config", config, "--key-file", keyFile, "--log-file", log, .. args]);

        var backup = await Run("backup", "--force", "--json");
        Assert.True(backup.ExitCode is 0 or 30, backup.ToString());
        var snapshots = await Run("snapshots", "--json");
        Assert.True(snapshots.ExitCode == 0, snapshots.ToString());

        using (var document = JsonDocument.Parse(backup.Stdout))
        {
            var output = document.RootElement.GetProperty("repos")[0].GetProperty("output");
            var pre = Assert.Single(output.GetProperty("pre_exec").EnumerateArray());
            Assert.Equal(["token is ***"], pre.GetProperty("output").EnumerateArray().Select(l => l.GetString()));
        }
        using (var document = JsonDocument.Parse(snapshots.Stdout))
        {
            var warnings = document.RootElement.GetProperty("repos")[0].GetProperty("additional_warning_info").EnumerateArray()
                .Select(w => w.GetString()!).ToList();
            Assert.Contains(warnings, w => w.StartsWith("unable to open cache: mkdir ***", StringComparison.Ordinal));
        }
        var everything = backup.Stdout + backup.Stderr + snapshots.Stdout + snapshots.Stderr + await File.ReadAllTextAsync(log);
        Assert.DoesNotContain(cacheSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenSecret, everything, StringComparison.Ordinal);
    }
}
