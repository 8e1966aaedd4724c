using System.Diagnostics;
using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Kvm;

/// <summary>
/// VM backups against a real session libvirtd and real QEMU domains (TCG, no OS): snapshots per domain, overlays
/// merged back, restore compared byte for byte, leftovers of a killed run merged and reported, SIGTERM, shut-off,
/// paused, excluded and unknown domains.
/// </summary>
public sealed class KvmBackupTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-kvm-tests-");
    private LibvirtSession? _libvirt;

    private LibvirtSession Libvirt => _libvirt ??= OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("libvirt tests run on Linux")
        : LibvirtSession.Start();

    private string Repo => _temp.Combine("repo");

    private string ConfigPath => _temp.Combine("config.yaml");

    private string StateDirectory => _temp.Combine("state");

    private string LockDirectory => _temp.Combine("locks");

    public void Dispose()
    {
        _libvirt?.Dispose();
        _temp.Dispose();
    }

    /// <summary>Domain "a": a base image and a top image on it, each with its own data; "b": one image.</summary>
    private (string A, string B, string ABase, string ATop, string BDisk) TwoDomains()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var aBase = Libvirt.CreateImage($"a-base-{suffix}.qcow2", 8);
        LibvirtSession.Fill(aBase, 0x11, 0, 1 << 20);
        var aTop = Libvirt.CreateImage($"a-top-{suffix}.qcow2", 8, aBase);
        LibvirtSession.Fill(aTop, 0x22, 1 << 20, 1 << 20);
        var bDisk = Libvirt.CreateImage($"b-{suffix}.qcow2", 8);
        LibvirtSession.Fill(bDisk, 0x33, 0, 2 << 20);
        var a = $"a-{suffix}";
        var b = $"b-{suffix}";
        Libvirt.Define(a, aTop);
        Libvirt.Define(b, bDisk);
        return (a, b, aBase, aTop, bDisk);
    }

    private void WriteConfig(string domains, string exclude = "[]", string root = "")
    {
        File.WriteAllText(ConfigPath, $"""
            repos:
              default:
                repo_uri: '{Repo}'
                backup_opts:
                  source_type: kvm
                  minimum_backup_size_error: 0
                  tags: [nightly]
                  kvm:
                    connection: '{Libvirt.Connection}'
                    domains: {domains}
                    exclude_domains: {exclude}
                    quiesce: auto
                    overlay_dir: '{Libvirt.Overlays}'
                repo_opts:
                  repo_password: kvm-test-pw
                  minimum_backup_age: 0
            {root}
            """);
    }

    private AgentHarness Harness() => new AgentHarness()
        .WithEnvironment("TEST_BACKUP_STATE_DIR", StateDirectory)
        .WithEnvironment("TEST_BACKUP_LOCK_DIR", LockDirectory);

    private async Task<(AgentRun Run, JsonElement Repo)> RunJsonAsync(params string[] args)
    {
        var run = await Harness().RunAsync(["--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), "--json", .. args]);
        using var document = JsonDocument.Parse(run.Stdout);
        var repos = document.RootElement.GetProperty("repos");
        return (run, repos.GetArrayLength() > 0 ? repos[0].Clone() : document.RootElement.Clone());
    }

    private string[] OverlayFiles() => Directory.GetFiles(Libvirt.Overlays, "*.qcow2");

    private static JsonElement Item(JsonElement repo, string name) =>
        repo.GetProperty("output").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);

    [LibvirtFact]
    public async Task Running_paused_and_shut_off_domains_are_backed_up_one_snapshot_each_and_put_back_on_their_disks()
    {
        var (a, b, aBase, aTop, bDisk) = TwoDomains();
        var c = "c-" + Guid.NewGuid().ToString("N")[..6];
        var cDisk = Libvirt.CreateImage($"{c}.qcow2", 8);
        LibvirtSession.Fill(cDisk, 0x44, 0, 1 << 20);
        Libvirt.Define(c, cDisk);
        var excluded = "x-" + Guid.NewGuid().ToString("N")[..6];
        Libvirt.Define(excluded, Libvirt.CreateImage($"{excluded}.qcow2", 8));
        Libvirt.Virsh("start", a);
        Libvirt.Virsh("start", b);
        Libvirt.Virsh("suspend", b); // b is backed up paused; c stays shut off

        // the reference: a's images copied while a is paused (nothing writes to them then)
        Libvirt.Virsh("suspend", a);
        var reference = _temp.Combine("reference");
        Directory.CreateDirectory(reference);
        File.Copy(aBase, Path.Combine(reference, "base"));
        File.Copy(aTop, Path.Combine(reference, "top"));
        Libvirt.Virsh("resume", a);

        WriteConfig("__all__", $"['{excluded}']");
        var (run, repo) = await RunJsonAsync("backup");
        Assert.True(run.ExitCode == 0, run.ToString());

        foreach (var name in new[] { a, b, c })
        {
            var item = Item(repo, name);
            Assert.True(item.GetProperty("result").GetBoolean(), item.ToString());
            Assert.Contains($"vm:{name}", item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Contains("nightly", item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(item.GetProperty("details").GetProperty("quiesced").GetBoolean()); // no guest agent: auto falls back
        }
        Assert.Equal("running", Item(repo, a).GetProperty("details").GetProperty("state").GetString());
        Assert.Equal("paused", Item(repo, b).GetProperty("details").GetProperty("state").GetString());
        Assert.Equal("shut off", Item(repo, c).GetProperty("details").GetProperty("state").GetString());
        Assert.Equal([excluded], repo.GetProperty("output").GetProperty("excluded_items").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, Item(repo, a).GetProperty("details").GetProperty("disks")[0].GetProperty("chain").GetArrayLength());

        // every domain back on its own disk, in its own state, and no overlay left
        Assert.Equal(aTop, Libvirt.ActiveDisk(a));
        Assert.Equal(bDisk, Libvirt.ActiveDisk(b));
        Assert.Equal(cDisk, Libvirt.ActiveDisk(c));
        Assert.Equal("running", Libvirt.State(a));
        Assert.Equal("paused", Libvirt.State(b));
        Assert.Equal("shut off", Libvirt.State(c));
        Assert.Empty(OverlayFiles());

        // restore a into a new folder: the images equal the copy taken while it was paused, byte for byte
        var target = _temp.Combine("restored");
        var (restoreRun, restored) = await RunJsonAsync("restore-vm", "--domain", a, "--target", target);
        Assert.True(restoreRun.ExitCode == 0, restoreRun.ToString());
        var output = restored.GetProperty("output");
        var restoredTop = Path.Combine(target, Path.GetFileName(aTop));
        var restoredBase = Path.Combine(target, Path.GetFileName(aBase));
        Assert.Equal(restoredTop, output.GetProperty("disks")[0].GetProperty("path").GetString());
        Assert.Equal([restoredTop, restoredBase], QemuImgChain(restoredTop)); // the top names the restored base now
        AssertSameBytes(Path.Combine(reference, "base"), restoredBase);
        // the top differs only in the backing file its header names: re-point the reference the same way, then compare
        var referenceTop = Path.Combine(reference, "top");
        Assert.Equal(0, Capture("/usr/bin/qemu-img", ["rebase", "-u", "-F", "qcow2", "-b", restoredBase, referenceTop], out _));
        AssertSameBytes(referenceTop, restoredTop);
        var xml = File.ReadAllText(output.GetProperty("xml_file").GetString()!).Replace('"', '\'');
        Assert.Contains($"<source file='{restoredTop}'", xml);
        Assert.DoesNotContain(aTop, xml);
        Assert.DoesNotContain("backingStore", xml);

        // defined again beside the original: a new name, no UUID clash, on the restored disk
        var (defineRun, defined) = await RunJsonAsync("restore-vm", "--domain", a, "--target", _temp.Combine("defined"), "--define");
        Assert.True(defineRun.ExitCode == 0, defineRun.ToString());
        var definedAs = defined.GetProperty("output").GetProperty("defined_as").GetString()!;
        Libvirt.Adopt(definedAs);
        Assert.Equal($"{a}-restored", definedAs);
        Assert.Equal("shut off", Libvirt.State(definedAs));
        Assert.Equal(Path.Combine(_temp.Combine("defined"), Path.GetFileName(aTop)), Libvirt.ActiveDisk(definedAs));

        // b (one image, backed up paused) restores byte for byte as it is
        var (restoreB, restoredB) = await RunJsonAsync("restore-vm", "--domain", b, "--target", _temp.Combine("restored-b"));
        Assert.True(restoreB.ExitCode == 0, restoreB.ToString());
        Libvirt.Virsh("destroy", b);
        AssertSameBytes(bDisk, restoredB.GetProperty("output").GetProperty("disks")[0].GetProperty("path").GetString()!);
    }

    [LibvirtFact]
    public async Task Overlays_of_a_run_killed_between_snapshot_and_merge_are_merged_back_by_the_next_run_and_reported()
    {
        var (a, _, _, aTop, _) = TwoDomains();
        Libvirt.Virsh("start", a);
        WriteConfig($"['{a}']");
        Assert.Equal(0, (await Harness().RunAsync("--config", ConfigPath, "init")).ExitCode);

        // the agent is killed -9 while restic reads the frozen disks: the domain is left writing to the agent's overlay
        var (agent, resticPid) = await StartAgentHeldInBackupAsync(a);
        // an overlay of a run killed after its merge (no domain uses it), and a file that is not the agent's
        var orphan = Path.Combine(Libvirt.Overlays, "gone.vda.20000101T000000Z.test-backup-overlay.qcow2");
        var foreign = Path.Combine(Libvirt.Overlays, $"{a}.snapshot-by-someone-else.qcow2");
        File.WriteAllText(orphan, "");
        File.WriteAllText(foreign, "");
        agent.Kill();
        await agent.WaitForExitAsync();
        Process.GetProcessById(resticPid).Kill();
        var leftover = Libvirt.ActiveDisk(a);
        Assert.StartsWith(Libvirt.Overlays + "/", leftover);
        Assert.EndsWith(".test-backup-overlay.qcow2", leftover);

        // the next run merges it back first, reports it (JSON, log, metrics), then backs the domain up
        var metrics = _temp.Combine("metrics", "kvm.prom");
        Directory.CreateDirectory(Path.GetDirectoryName(metrics)!);
        WriteConfig($"['{a}']", root: $"global_prometheus:\n  enabled: true\n  destination: '{metrics}'\n");
        var log = _temp.Combine("agent.log");
        var (run, repo) = await RunJsonAsync("--log-file", log, "backup");
        Assert.True(run.ExitCode == 30, run.ToString()); // a warning: something had to be repaired
        var recovered = repo.GetProperty("output").GetProperty("recovered").EnumerateArray().Single(r => r.GetProperty("item").GetString() == a);
        Assert.Equal(a, recovered.GetProperty("item").GetString());
        Assert.True(recovered.GetProperty("succeeded").GetBoolean(), recovered.ToString());
        Assert.Contains("killed", recovered.GetProperty("what").GetString());
        Assert.True(Item(repo, a).GetProperty("result").GetBoolean());
        Assert.Equal(aTop, Libvirt.ActiveDisk(a));
        Assert.Equal("running", Libvirt.State(a));
        Assert.Equal([foreign], OverlayFiles()); // never touch what is not the agent's
        Assert.Contains(repo.GetProperty("output").GetProperty("recovered").EnumerateArray(),
            r => r.GetProperty("what").GetString()!.Contains(orphan, StringComparison.Ordinal));
        Assert.Contains($"domain '{a}' was left on overlays of an earlier run that was killed", File.ReadAllText(log));
        var prom = File.ReadAllText(_temp.Combine("metrics", "kvm.default.backup.prom"));
        Assert.Contains($"test_backup_vm_recovered{{", prom);
        Assert.Matches($"test_backup_vm_recovered\\{{[^}}]*domain=\"{a}\"[^}}]*\\}} 1", prom);
        Assert.Matches($"test_backup_vm_backup_success\\{{[^}}]*domain=\"{a}\"[^}}]*\\}} 1", prom);
        Assert.Matches($"test_backup_vm_backup_quiesced\\{{[^}}]*domain=\"{a}\"[^}}]*\\}} 0", prom);
    }

    [LibvirtFact]
    public async Task Sigterm_during_a_vm_backup_leaves_every_domain_on_its_own_disk()
    {
        var (a, b, _, aTop, bDisk) = TwoDomains();
        Libvirt.Virsh("start", a);
        Libvirt.Virsh("start", b);
        WriteConfig($"['{a}', '{b}']");
        Assert.Equal(0, (await Harness().RunAsync("--config", ConfigPath, "init")).ExitCode);

        var (agent, _) = await StartAgentHeldInBackupAsync(a);
        Assert.StartsWith(Libvirt.Overlays + "/", Libvirt.ActiveDisk(a));
        Assert.Equal(0, Capture("/bin/kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], out _));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await agent.WaitForExitAsync(deadline.Token);
        var stdout = await agent.StandardOutput.ReadToEndAsync();
        Assert.True(agent.ExitCode == 200, $"exit {agent.ExitCode}: {stdout} {await agent.StandardError.ReadToEndAsync()}");
        Assert.Equal(aTop, Libvirt.ActiveDisk(a));
        Assert.Equal(bDisk, Libvirt.ActiveDisk(b)); // never reached
        Assert.Equal("running", Libvirt.State(a));
        Assert.Empty(OverlayFiles());
    }

    [LibvirtFact]
    public async Task An_unknown_domain_is_a_clear_error_and_nothing_is_snapshotted()
    {
        var (a, _, _, aTop, _) = TwoDomains();
        Libvirt.Virsh("start", a);
        WriteConfig($"['{a}', 'no-such-domain']");
        var (run, repo) = await RunJsonAsync("backup");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("unknown domain 'no-such-domain'", repo.GetProperty("reason").GetString());
        Assert.Contains(a, repo.GetProperty("reason").GetString()); // the names the connection has
        Assert.Equal(aTop, Libvirt.ActiveDisk(a));
        Assert.Empty(OverlayFiles());
    }

    /// <summary>
    /// Starts the agent as its own process with a restic that, for <c>backup</c>, writes its pid and waits: the agent is
    /// then held between the snapshot and the merge. Returns the agent and the waiting restic's pid.
    /// </summary>
    private async Task<(Process Agent, int ResticPid)> StartAgentHeldInBackupAsync(string domain)
    {
        var marker = _temp.Combine("restic-backup-started");
        var wrapper = _temp.Combine("slow-restic");
        File.WriteAllText(wrapper, $$"""
            #!/bin/sh
            for argument in "$@"; do
              if [ "$argument" = backup ]; then
                echo $$ > '{{marker}}.tmp' && mv '{{marker}}.tmp' '{{marker}}'
                exec sleep 600
              fi
            done
            exec '{{Support.Restic.Binary}}' "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, (UnixFileMode)Convert.ToInt32("755", 8));
        }
        var config = File.ReadAllText(ConfigPath);
        File.WriteAllText(ConfigPath, config + $"global_options:\n  restic_binary: '{wrapper}'\n");
        var agent = AgentProcess.Start(new Dictionary<string, string>
        {
            ["TEST_BACKUP_STATE_DIR"] = StateDirectory,
            ["TEST_BACKUP_LOCK_DIR"] = LockDirectory,
        }, "--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), "--log-file", _temp.Combine("held.log"), "--json", "backup");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(marker))
        {
            if (agent.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the agent did not reach restic backup (exit {(agent.HasExited ? agent.ExitCode : -1)}): " +
                                                    await agent.StandardError.ReadToEndAsync() + await agent.StandardOutput.ReadToEndAsync());
            }
            await Task.Delay(50);
        }
        File.WriteAllText(ConfigPath, config);
        Assert.StartsWith(Libvirt.Overlays + "/", Libvirt.ActiveDisk(domain));
        return (agent, int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void AssertSameBytes(string expected, string actual) =>
        Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{actual} differs from {expected}");

    private static IReadOnlyList<string> QemuImgChain(string image)
    {
        Capture("/usr/bin/qemu-img", ["info", "-U", "--backing-chain", "--output=json", image], out var json);
        return [.. Agent.Kvm.BackingChain.Parse(json).Select(i => i.Path)];
    }

    private static int Capture(string program, IReadOnlyList<string> arguments, out string output)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output += stderr.Result;
        return process.ExitCode;
    }
}
