using System.Text.Json;
using Cairn.Agent.Tests.Backup;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// A run saves what loading changed (${RANDOM}, the 3.0 migration, encryption). A file it cannot write (read-only here;
/// for the packaged service a root-owned folder or ProtectSystem) is not saved: the run goes on with the values in
/// memory and warns once, naming the file and why; the backup does not fail and the file stays byte-identical.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigWriteBackTests : IDisposable
{
    private readonly BackupScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [ResticFact]
    public async Task A_read_only_config_is_not_saved_and_the_backup_still_succeeds_with_one_warning()
    {
        _scenario.Write(backupOptions: "compression: auto", repoOptions: "minimum_backup_age: 0",
            root: "conf_version: 3.0.3\nidentity:\n  machine_id: host__${RANDOM}[6]");
        var config = _scenario.ConfigPath;
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = await File.ReadAllBytesAsync(config);
        var log = _scenario.Combine("agent.log");

        var run = await _scenario.RunAsync("--log-file", log, "backup", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.True(document.RootElement.GetProperty("result").GetBoolean());
        var warning = Assert.Single(document.RootElement.GetProperty("additional_warning_info").EnumerateArray()).GetString()!;
        Assert.True(warning.StartsWith($"cannot save {config} to keep what loading changed (3.0 names migrated to 3.1, ${{RANDOM}} values written): " +
                          "the file is read-only (mode 0444); this run uses the values in memory", StringComparison.Ordinal), warning);
        Assert.Equal(1, CountOf($"warning: cannot save {config}", run.Stderr));
        Assert.Contains($"[WRN] [{Environment.ProcessId}] cannot save {config}", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{8}$",
            document.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);

        Assert.Equal(before, await File.ReadAllBytesAsync(config));
        Assert.False(File.Exists(config + ".3.0.bak")); // no copy of an original that was not migrated on disk
        Assert.Equal([Path.GetFileName(config)], Directory.GetFiles(Path.GetDirectoryName(config)!, Path.GetFileName(config) + "*")
            .Select(Path.GetFileName)); // no temporary file left

        // writable again: the next run saves
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var saved = await _scenario.RunAsync("snapshots");
        Assert.True(saved.ExitCode == 0, saved.ToString());
        Assert.Contains($"saved {config}", saved.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("${RANDOM}", await File.ReadAllTextAsync(config), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string within)
    {
        var count = 0;
        for (var at = within.IndexOf(text, StringComparison.Ordinal); at >= 0; at = within.IndexOf(text, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
