using System.Diagnostics;

namespace Cairn.Agent.Tests.Kvm;

/// <summary>
/// A session-mode libvirtd of its own, run as the unprivileged user <c>nobody</c> in a temporary folder (root reaches
/// it through its socket), with small real QEMU domains under TCG. Disposing destroys and undefines the domains, then
/// stops the daemon. Recipe: the shared test-servers reference.
/// </summary>
public sealed class LibvirtSession : IDisposable
{
    private const string User = "nobody";
    private readonly Process _daemon;
    private readonly List<string> _domains = [];

    private LibvirtSession(string root, Process daemon)
    {
        Root = root;
        _daemon = daemon;
        Images = Path.Combine(root, "img");
        Overlays = Path.Combine(root, "ov");
    }

    /// <summary>The folder of the daemon, images and overlays (owned by nobody, traversable by root).</summary>
    public string Root { get; }

    public string Images { get; }

    /// <summary>A folder the daemon can create overlay files in (the source's <c>overlay_dir</c>).</summary>
    public string Overlays { get; }

    public string Connection => $"qemu:///session?socket={Root}/run/libvirt/libvirt-sock";

    /// <summary>Why the real libvirt tests cannot run here, or null (root, the Debian packages installed).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return "needs root on Linux (the session daemon runs as the user nobody through runuser)";
        }
        var missing = new[] { "/usr/sbin/libvirtd", "/usr/bin/virsh", "/usr/bin/qemu-img", "/usr/bin/qemu-io", "/usr/bin/qemu-system-x86_64", "/usr/sbin/runuser" }
            .Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null
            : $"missing {string.Join(", ", missing)} (Debian packages libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86, qemu-utils)";
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static LibvirtSession Start()
    {
        // short: the daemon's sockets live below it (a socket path has at most 107 bytes)
        var root = Directory.CreateTempSubdirectory("ckvm-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("755", 8));
        foreach (var sub in new[] { "run", "home", "img", "ov" })
        {
            Directory.CreateDirectory(Path.Combine(root, sub));
        }
        File.SetUnixFileMode(Path.Combine(root, "run"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Run("/bin/chown", "-R", User, root);
        var start = new ProcessStartInfo("/usr/sbin/runuser",
            ["-u", User, "--", "env", $"XDG_RUNTIME_DIR={root}/run", $"HOME={root}/home", $"XDG_CONFIG_HOME={root}/home/.config",
             $"XDG_CACHE_HOME={root}/home/.cache", "/usr/sbin/libvirtd", "--timeout", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var daemon = Process.Start(start)!;
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        var session = new LibvirtSession(root, daemon);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (session.TryVirsh(out _, "list", "--all") != 0)
        {
            if (DateTime.UtcNow > deadline || daemon.HasExited)
            {
                session.Dispose();
                throw new InvalidOperationException("the session libvirtd did not answer within 60 s");
            }
            Thread.Sleep(100);
        }
        return session;
    }

    /// <summary>A qcow2 image of <paramref name="megabytes"/> MB (optionally on a backing file), owned by nobody.</summary>
    public string CreateImage(string name, int megabytes, string? backing = null)
    {
        var path = Path.Combine(Images, name);
        if (backing is null)
        {
            Run("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", path, $"{megabytes}M");
        }
        else
        {
            Run("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", "-b", backing, "-F", "qcow2", path);
        }
        Run("/bin/chown", User, path);
        return path;
    }

    /// <summary>Writes a byte pattern into an image (guest-visible data, through qemu-io).</summary>
    public static void Fill(string image, byte pattern, long offset, int length) =>
        Run("/usr/bin/qemu-io", "-c", $"write -P 0x{pattern:x2} {offset} {length}", image);

    /// <summary>Defines a domain of one virtio disk (no OS: QEMU under TCG is enough for disk snapshots).</summary>
    public void Define(string name, string disk)
    {
        var xml = $"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>32</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='{disk}'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
              </devices>
            </domain>
            """;
        var file = Path.Combine(Root, $"{name}.xml");
        File.WriteAllText(file, xml);
        _domains.Add(name);
        Virsh("define", file);
    }

    /// <summary>A domain defined by the code under test: undefined with the others on dispose.</summary>
    public void Adopt(string name) => _domains.Add(name);

    public string Virsh(params string[] arguments)
    {
        var code = TryVirsh(out var output, arguments);
        return code == 0 ? output : throw new InvalidOperationException($"virsh {string.Join(' ', arguments)} failed ({code}): {output}");
    }

    public int TryVirsh(out string output, params string[] arguments) =>
        RunCapture("/usr/bin/virsh", ["-c", Connection, .. arguments], out output);

    public string State(string domain) => Virsh("domstate", domain).Trim();

    /// <summary>The file the domain's disk vda uses now.</summary>
    public string ActiveDisk(string domain)
    {
        var xml = System.Xml.Linq.XDocument.Parse(Virsh("dumpxml", domain));
        return xml.Descendants("disk").Single(d => d.Element("target")?.Attribute("dev")?.Value == "vda")
            .Element("source")!.Attribute("file")!.Value;
    }

    public void Dispose()
    {
        foreach (var domain in _domains)
        {
            TryVirsh(out _, "destroy", domain);
            TryVirsh(out _, "undefine", domain, "--nvram");
        }
        try
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _daemon.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var code = RunCapture(program, arguments, out var output);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({code}): {output}");
        }
    }

    private static int RunCapture(string program, IReadOnlyList<string> arguments, out string output)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output = stdout + stderr.Result;
        return process.ExitCode;
    }
}

/// <summary>A fact that needs real libvirt and QEMU: skipped with the reason, except under CI=true where it must run.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LibvirtFactAttribute : FactAttribute
{
    public LibvirtFactAttribute()
    {
        if (LibvirtSession.Unavailable() is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = reason;
        }
        else if (Support.Restic.Binary is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "restic is not installed (not found on PATH)";
        }
    }
}
