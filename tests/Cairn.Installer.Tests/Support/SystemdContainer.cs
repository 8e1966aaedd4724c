using System.Diagnostics;
using Cairn.Installer.Processes;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// A real systemd booted as PID 1 of a <c>systemd-nspawn</c> container, so packaged units run as they would on a
/// server: this machine's <c>/usr</c> under a writable overlay (packages install into the overlay, never into the
/// host), a copy of <c>/etc</c> and of the dpkg database, and an empty rest. The host's network is shared (loopback
/// only is used). Commands run inside through <c>nsenter</c>; disposing powers the container off and deletes it.
/// </summary>
internal sealed class SystemdContainer : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory directory = new("cairn-installer systemd-");
    private readonly System.Text.StringBuilder bootLog = new();
    private readonly Process nspawn;
    private readonly string leaderPid;

    public SystemdContainer()
    {
        Root = directory.Combine("root");
        CreateRoot(Root);
        var upper = directory.Combine("usr-upper");
        Directory.CreateDirectory(upper);

        var start = new ProcessStartInfo("systemd-nspawn")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --register=no and --keep-unit: the host runs no systemd (nor machined) to register with or to get a scope from.
        foreach (var arg in new[] { "--quiet", "--boot", "--register=no", "--keep-unit", "--console=pipe",
                     "--directory=" + Root, $"--overlay=/usr:{upper}:/usr", "--machine=cairntest" + Environment.ProcessId })
        {
            start.ArgumentList.Add(arg);
        }
        nspawn = Process.Start(start) ?? throw new InvalidOperationException("cannot start systemd-nspawn");
        nspawn.OutputDataReceived += (_, _) => { };
        nspawn.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (bootLog) { bootLog.AppendLine(e.Data); } } };
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();
        try
        {
            leaderPid = WaitForLeader();
            WaitUntilBooted();
        }
        catch
        {
            nspawn.Kill(entireProcessTree: true); // no Dispose follows a constructor that throws
            nspawn.WaitForExit(TimeSpan.FromSeconds(10));
            nspawn.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The container's root folder as seen from the host.</summary>
    public string Root { get; }

    /// <summary>The host path of <paramref name="containerPath"/> (an absolute path inside the container, outside /usr).</summary>
    public string HostPath(string containerPath) => Path.Combine(Root, containerPath.TrimStart('/'));

    /// <summary>Runs a program inside the container, as root, in all its namespaces.</summary>
    public ProcessResult Run(string program, params string[] args) =>
        ProcessRunner.Instance.Run(new ProcessRequest("nsenter", ["--target", leaderPid, "--all", "--", program, .. args],
            Timeout: TimeSpan.FromMinutes(3)));

    /// <summary>Like <see cref="Run"/>, failing the test on a non-zero exit.</summary>
    public string Check(string program, params string[] args)
    {
        var result = Run(program, args);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)} (in the container): exit {result.ExitCode}\n{result.Transcript}");
        return result.Output;
    }

    /// <summary>One property of a unit, from <c>systemctl show</c>.</summary>
    public string UnitProperty(string unit, string property) => Check("systemctl", "show", unit, "--value", "--property=" + property).Trim();

    public void Dispose()
    {
        try
        {
            if (!nspawn.HasExited)
            {
                Run("systemctl", "poweroff", "--no-block");
                if (!nspawn.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    nspawn.Kill(entireProcessTree: true);
                    nspawn.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
        }
        finally
        {
            nspawn.Dispose();
            // The container's mounts lived in its own mount namespace, gone with it: only plain files are left here.
            directory.Dispose();
        }
    }

    /// <summary>
    /// Whether this machine can boot one: root, systemd-nspawn and nsenter present, and a merged /usr (the container's
    /// /bin, /lib and /sbin are links into the host's /usr). Null when it can, else why not.
    /// </summary>
    public static string? Unavailable()
    {
        if (Shell.RunProgram("id", ["-u"]).Output.Trim() != "0")
        {
            return "boots a systemd container: needs root";
        }
        if (new[] { "systemd-nspawn", "nsenter", "dpkg" }.FirstOrDefault(p => Shell.FindProgram(p) is null) is { } missing)
        {
            return $"needs {missing} on PATH (Debian package systemd-container; see build/debian-packages)";
        }
        return new FileInfo("/bin").LinkTarget is null ? "needs a merged /usr (/bin a link to usr/bin)" : null;
    }

    private static void CreateRoot(string root)
    {
        foreach (var folder in new[] { "usr", "tmp", "root", "opt", "srv", "home", "var/lib", "var/tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }
        foreach (var link in new[] { "bin", "lib", "lib64", "sbin" })
        {
            File.CreateSymbolicLink(Path.Combine(root, link), "usr/" + link);
        }
        CopyTree("/etc", Path.Combine(root, "etc"));
        CopyTree("/var/lib/dpkg", Path.Combine(root, "var", "lib", "dpkg")); // dpkg -i needs the database of /usr's packages
        // os-release is a link into /usr, which nspawn needs to find before it mounts /usr.
        File.Delete(Path.Combine(root, "etc", "os-release"));
        File.Copy("/usr/lib/os-release", Path.Combine(root, "etc", "os-release"));
        // A fresh machine id, and none of the host's enabled services (databases and the like) started at boot.
        File.Delete(Path.Combine(root, "etc", "machine-id"));
        var wants = Path.Combine(root, "etc", "systemd", "system", "multi-user.target.wants");
        if (Directory.Exists(wants))
        {
            Directory.Delete(wants, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        var result = ProcessRunner.Instance.Run(new ProcessRequest("cp", ["-a", from, to]));
        Assert.True(result.ExitCode == 0, $"cp -a {from} {to}: {result.Transcript}");
    }

    /// <summary>The container's PID 1 (systemd), seen from the host: nspawn's only child.</summary>
    private string WaitForLeader()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < BootTimeout)
        {
            if (nspawn.HasExited)
            {
                throw new InvalidOperationException($"systemd-nspawn exited with {nspawn.ExitCode}: {BootLog}");
            }
            var children = Directory.EnumerateDirectories($"/proc/{nspawn.Id}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (children.Count > 0 && File.Exists($"/proc/{children[0]}/comm") && File.ReadAllText($"/proc/{children[0]}/comm").Trim() == "systemd")
            {
                return children[0];
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException("the container's systemd did not start: " + BootLog);
    }

    private void WaitUntilBooted()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // "degraded" is booted too: a copied /etc may name units this root cannot run. Until systemd listens,
            // systemctl fails to connect and prints nothing on stdout.
            var state = Run("systemctl", "is-system-running", "--wait").Output.Trim();
            if (state is "running" or "degraded")
            {
                return;
            }
            if (deadline.Elapsed > BootTimeout)
            {
                throw new TimeoutException($"the container's systemd did not finish booting: '{state}'\n{BootLog}");
            }
            Thread.Sleep(200);
        }
    }

    private string BootLog
    {
        get
        {
            lock (bootLog)
            {
                return bootLog.ToString();
            }
        }
    }
}
