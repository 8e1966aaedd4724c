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

    private void WriteConfig(string domains, string exclude = "[]", string root = "", string resticBinary = "")
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
            {(resticBinary.Length > 0 ? $"global_options:\n  restic_binary: '{resticBinary}'\n" : "")}{root}
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

        // b (one image, backed up paused) restores byte for byte as it is
        var (restoreB, restoredB) = await RunJsonAsync("restore-vm", "--domain", b, "--target", _temp.Combine("restored-b"));
        Assert.True(restoreB.ExitCode == 0, restoreB.ToString());
        Libvirt.Virsh("destroy", b);
        AssertSameBytes(bDisk, restoredB.GetProperty("output").GetProperty("disks")[0].GetProperty("path").GetString()!);
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
