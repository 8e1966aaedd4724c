using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Kvm;

namespace Cairn.Agent.Tests.Kvm;

/// <summary>The virsh / qemu-img argument builders and parsers (pure), and the quiesce and thaw calls at the process seam.</summary>
public sealed class KvmArgumentTests
{
    private const string Uri = "qemu:///system";
    private readonly VirshArguments _virsh = new(Uri);

    [Fact]
    public void A_snapshot_is_external_disk_only_atomic_without_metadata_with_one_diskspec_per_disk()
    {
        var arguments = _virsh.SnapshotCreate("web 1", "cairn-20260101T000000Z",
            [new OverlaySpec("vda", "/ov/web_1.vda.x.cairn-overlay.qcow2"), new OverlaySpec("vdb", "/ov/a,b.qcow2")], ["hdc"], quiesce: false);
        Assert.Equal(
        [
            "-c", Uri, "snapshot-create-as", "--domain", "web 1", "--name", "cairn-20260101T000000Z", "--disk-only", "--atomic", "--no-metadata",
            "--diskspec", "vda,snapshot=external,file=/ov/web_1.vda.x.cairn-overlay.qcow2",
            "--diskspec", "vdb,snapshot=external,file=/ov/a,,b.qcow2",
            "--diskspec", "hdc,snapshot=no",
        ], arguments);
    }

    [Fact]
    public void A_quiesced_snapshot_adds_quiesce_and_thaw_names_the_domain()
    {
        Assert.Contains("--quiesce", _virsh.SnapshotCreate("d", "s", [new OverlaySpec("vda", "/o")], [], quiesce: true));
        Assert.DoesNotContain("--quiesce", _virsh.SnapshotCreate("d", "s", [new OverlaySpec("vda", "/o")], [], quiesce: false));
        Assert.Equal(["-c", Uri, "domfsthaw", "--domain", "d"], _virsh.FsThaw("d"));
    }

    [Fact]
    public void Blockcommit_merges_only_the_active_overlay_into_the_image_below_and_pivots()
    {
        Assert.Equal(["-c", Uri, "blockcommit", "--domain", "d", "--path", "vda", "--active", "--shallow", "--pivot", "--wait"],
            _virsh.BlockCommit("d", "vda"));
    }

    [Fact]
    public void The_other_calls()
    {
        Assert.Equal(["-c", Uri, "list", "--all", "--name"], _virsh.ListAllNames());
        Assert.Equal(["-c", Uri, "domstate", "--domain", "d"], _virsh.DomainState("d"));
        Assert.Equal(["-c", Uri, "dumpxml", "--domain", "d", "--inactive", "--security-info"], _virsh.DumpXml("d", inactive: true));
        Assert.Equal(["-c", Uri, "dumpxml", "--domain", "d"], _virsh.DumpXml("d", inactive: false));
        Assert.Equal(["-c", Uri, "start", "--domain", "d", "--paused"], _virsh.Start("d", paused: true));
        Assert.Equal(["-c", Uri, "define", "--file", "/t/d.xml"], _virsh.Define("/t/d.xml"));
        Assert.Equal(["info", "--backing-chain", "--output=json", "-U", "/i/a.qcow2"], BackingChain.InfoArguments("/i/a.qcow2"));
        Assert.Equal(["rebase", "-u", "-F", "qcow2", "-b", "/t/base.qcow2", "/t/top.qcow2"],
            BackingChain.RebaseArguments("/t/top.qcow2", "/t/base.qcow2", "qcow2"));
    }

    [Theory]
    [InlineData("running\n\n", DomainState.Running)]
    [InlineData("paused", DomainState.Paused)]
    [InlineData("shut off\n", DomainState.ShutOff)]
    [InlineData("crashed", DomainState.Other)]
    [InlineData("in shutdown", DomainState.Other)]
    public void Domain_states_are_read(string output, DomainState expected) => Assert.Equal(expected, DomainStateParser.Parse(output));

    [Fact]
    public void The_domain_xml_gives_disks_nvram_and_tpm()
    {
        var definition = DomainDefinition.Parse("""
            <domain type='kvm'><name>web1</name><uuid>0a1b</uuid>
              <os><type>hvm</type><nvram>/var/lib/libvirt/qemu/nvram/web1_VARS.fd</nvram></os>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/web 1.qcow2'/><target dev='vda'/></disk>
                <disk type='block' device='disk'><source dev='/dev/vg/data'/><target dev='vdb'/></disk>
                <disk type='file' device='cdrom'><target dev='hdc'/><readonly/></disk>
                <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
              </devices></domain>
            """);
        Assert.Equal("web1", definition.Name);
        Assert.Equal("/var/lib/libvirt/qemu/nvram/web1_VARS.fd", definition.NvramPath);
        Assert.True(definition.HasEmulatedTpm);
        Assert.Equal(["vda"], definition.Disks.Where(d => d.IsBackedUp).Select(d => d.Target));
        Assert.Equal("/img/web 1.qcow2", definition.Disks[0].Source);
        Assert.Equal("block", definition.Disks[1].Type);
        Assert.Throws<FormatException>(() => DomainDefinition.Parse("<network/>"));
    }

    [Fact]
    public void A_backing_chain_is_read_top_first()
    {
        var chain = BackingChain.Parse("""
            [{"virtual-size": 16777216, "filename": "/ov/d.qcow2", "format": "qcow2", "backing-filename-format": "qcow2",
              "full-backing-filename": "/img/top.qcow2", "backing-filename": "/img/top.qcow2"},
             {"virtual-size": 16777216, "filename": "/img/top.qcow2", "format": "qcow2", "full-backing-filename": "/img/base.qcow2",
              "backing-filename": "base.qcow2"},
             {"virtual-size": 16777216, "filename": "/img/base.qcow2", "format": "raw"}]
            """);
        Assert.Equal(["/ov/d.qcow2", "/img/top.qcow2", "/img/base.qcow2"], chain.Select(c => c.Path));
        Assert.Equal("/img/base.qcow2", chain[1].BackingPath); // the full name, not the relative one
        Assert.Null(chain[2].BackingPath);
        Assert.Throws<FormatException>(() => BackingChain.Parse("{}"));
        Assert.Throws<FormatException>(() => BackingChain.Parse("not json"));
    }

    [Fact]
    public void Only_the_agents_overlays_are_recognised()
    {
        var overlays = new OverlayFiles("/var/lib/cairn/state/vm-overlays", "cairn");
        var mine = overlays.PathFor("web/1", "vda", "20260101T000000Z");
        Assert.Equal("/var/lib/cairn/state/vm-overlays/web_1.vda.20260101T000000Z.cairn-overlay.qcow2", mine);
        Assert.True(overlays.IsOurs(mine));
        Assert.False(overlays.IsOurs("/var/lib/libvirt/images/web1.snap1.qcow2"));          // someone else's snapshot
        Assert.False(overlays.IsOurs("/elsewhere/web_1.vda.x.cairn-overlay.qcow2"));        // our pattern, not our folder
        Assert.False(overlays.IsOurs("/var/lib/cairn/state/vm-overlays/web1.qcow2"));       // our folder, not our pattern
        Assert.False(overlays.IsOurs(null));
    }

    [Fact]
    public void Restored_xml_points_at_the_restored_files_and_a_renamed_domain_loses_its_identity()
    {
        const string xml = """
            <domain type='kvm'><name>web1</name><uuid>0a1b</uuid><os><nvram>/nv/web1_VARS.fd</nvram></os><devices>
            <disk type='file' device='disk'><source file='/img/top.qcow2'/><backingStore type='file'><source file='/img/base.qcow2'/></backingStore><target dev='vda'/></disk>
            <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface>
            </devices></domain>
            """;
        var same = DomainXmlRewriter.Rewrite(xml, new Dictionary<string, string> { ["/img/top.qcow2"] = "/r/top.qcow2" }, "/r/web1_VARS.fd", null);
        Assert.Contains("<source file=\"/r/top.qcow2\" />", same);
        Assert.DoesNotContain("backingStore", same);
        Assert.Contains("<nvram>/r/web1_VARS.fd</nvram>", same);
        Assert.Contains("0a1b", same);
        var renamed = DomainXmlRewriter.Rewrite(xml, new Dictionary<string, string>(), null, "web1-restored");
        Assert.Contains("<name>web1-restored</name>", renamed);
        Assert.DoesNotContain("uuid", renamed);
        Assert.DoesNotContain("52:54:00", renamed);
        Assert.Equal("web1-restored-2", DomainXmlRewriter.FreeName("web1", ["web1", "web1-restored"]));
        Assert.Equal("web2", DomainXmlRewriter.FreeName("web2", ["web1"]));
    }

    public static TheoryData<QuiesceMode, string, bool, string[]> QuiesceCases => new()
    {
        // mode, state, the quiesced attempt succeeds, the snapshot calls made (q = quiesced, p = plain, t = thaw)
        { QuiesceMode.Always, "running", true, ["q", "t"] },
        { QuiesceMode.Always, "running", false, ["q", "t"] },
        { QuiesceMode.Auto, "running", true, ["q", "t"] },
        { QuiesceMode.Auto, "running", false, ["q", "t", "p"] },
        { QuiesceMode.Never, "running", true, ["p"] },
        { QuiesceMode.Auto, "paused", true, ["p"] },
    };

    [Theory]
    [MemberData(nameof(QuiesceCases))]
    public async Task Quiesce_follows_the_setting_and_a_quiesced_attempt_is_always_followed_by_a_thaw(
        QuiesceMode mode, string state, bool agentAnswers, string[] expected)
    {
        var runner = new ScriptedVirsh(state, agentAnswers);
        var settings = new KvmSettings(Uri, false, ["d"], [], mode, new Dictionary<string, IReadOnlyList<string>>(), "/tmp/ov");
        var tools = new KvmTools(runner);
        var overlays = new OverlayFiles(Path.Combine(Path.GetTempPath(), "kvm-arg-tests-" + Guid.NewGuid().ToString("N")), "cairn");
        var paths = new KvmPaths(overlays, Path.Combine(overlays.Directory, "staging"), TimeProvider.System);
        var virsh = new VirshArguments(Uri);
        var item = new DomainItem("d", ["vm:d"], settings, tools, virsh, new OverlayMerger(tools, virsh, overlays), paths, dryRun: false);
        try
        {
            var plan = await item.PrepareAsync(CancellationToken.None);
            var calls = runner.Calls.Select(c => c.Contains("domfsthaw") ? "t" : !c.Contains("snapshot-create-as") ? null
                : c.Contains("--quiesce") ? "q" : "p").OfType<string>().ToArray();
            Assert.Equal(expected, calls);
            var failsForAlways = mode == QuiesceMode.Always && !agentAnswers;
            Assert.Equal(failsForAlways, plan.FailureReason is not null);
            if (failsForAlways)
            {
                Assert.Contains("quiesce: always", plan.FailureReason);
            }
        }
        finally
        {
            Directory.Delete(overlays.Directory, recursive: true);
        }
    }

    /// <summary>virsh and qemu-img at the process seam: a one-disk domain in the given state, with or without a guest agent.</summary>
    private sealed class ScriptedVirsh(string state, bool agentAnswers) : IProcessRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            var a = request.Arguments;
            Calls.Add(a);
            (int Code, string Output) result = a switch
            {
                _ when a.Contains("domstate") => (0, state),
                _ when a.Contains("dumpxml") => (0, "<domain><name>d</name><devices><disk type='file' device='disk'><driver type='qcow2'/>" +
                                                    "<source file='/img/d.qcow2'/><target dev='vda'/></disk></devices></domain>"),
                _ when a.Contains("snapshot-create-as") && a.Contains("--quiesce") => agentAnswers ? (0, "") : (1, "error: argument unsupported: QEMU guest agent is not configured"),
                _ when a.Contains("snapshot-create-as") => (0, ""),
                _ when a.Contains("domfsthaw") => agentAnswers ? (0, "Thawed 0 filesystem(s)") : (1, "error: QEMU guest agent is not configured"),
                _ when request.FileName == "qemu-img" => (0, """[{"filename": "/img/d.qcow2", "format": "qcow2", "virtual-size": 1}]"""),
                _ => (1, "error: unexpected call"),
            };
            foreach (var line in result.Output.Split('\n'))
            {
                (result.Code == 0 ? request.OnStandardOutput : request.OnStandardError)?.Invoke(line);
            }
            return Task.FromResult(result.Code);
        }
    }
}
