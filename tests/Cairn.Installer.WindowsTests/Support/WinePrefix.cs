using Cairn.Installer.Processes;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.WindowsTests.Support;

/// <summary>
/// A Wine prefix of its own in a temp directory (one per test class), made with <c>wineboot -i</c>. Once what the boot
/// started has ended, its wineserver is kept running (<c>wineserver -p</c>) between commands, and stopped on dispose; a
/// service runs only while a program of the prefix does (<see cref="KeepAlive"/>). Every command runs with
/// WINEDEBUG=-all through the process runner, as an argv array.
/// </summary>
public sealed class WinePrefix : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer wine-");

    public WinePrefix()
    {
        Environment = new Dictionary<string, string>
        {
            ["WINEPREFIX"] = directory.Combine("prefix"),
            ["WINEDEBUG"] = "-all",
            ["DISPLAY"] = "",
            ["DOTNET_EnableWriteXorExecute"] = "0", // see the constructor
        };
        Check(Run("wineboot", "-i"));
        // Wine 8 breaks .NET's W^X double mapping: a long-running agent (the service) dies within a few scheduled jobs
        // with "Internal CLR error (0x80131506)" in DynamicResolver+DestroyScout.Finalize (measured: 2 to 3 runs of a 2 s
        // schedule; none in 14 with W^X off). Windows is not affected, so the prefix, not the product, turns it off: in
        // the system environment, which services.exe gives services (the Unix environment does not reach them).
        Check(Wine("reg", "add", @"HKLM\System\CurrentControlSet\Control\Session Manager\Environment",
            "/v", "DOTNET_EnableWriteXorExecute", "/t", "REG_SZ", "/d", "0", "/f"));
        // The boot leaves two services.exe running for about 5 s after wineboot returns: a service created meanwhile
        // is then missing for the next sc.exe (measured: "failed to open service 1060" right after a successful
        // create). So the boot's server and programs end first (the server outputs to Run's files, not to pipes).
        Check(Run("wineserver", "-w"));
        StartPersistentServer();
    }

    /// <summary>
    /// <c>wineserver -p</c> stays up after its clients exit. Started without redirected output: a server started by a
    /// command whose output is being read would hold that pipe open, and the read would never end.
    /// </summary>
    private void StartPersistentServer()
    {
        var start = new System.Diagnostics.ProcessStartInfo("wineserver") { UseShellExecute = false };
        start.ArgumentList.Add("-p");
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit(TimeSpan.FromSeconds(30)); // it forks into the background and returns
    }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string DriveC => System.IO.Path.Combine(Environment["WINEPREFIX"], "drive_c");

    public string ProgramFiles => System.IO.Path.Combine(DriveC, "Program Files");

    public string ProgramData => System.IO.Path.Combine(DriveC, "ProgramData");

    /// <summary>A Linux path as Wine's Z: drive sees it.</summary>
    public static string WindowsPath(string path) => "Z:" + path.Replace('/', '\\');

    /// <summary>
    /// Runs a program in this prefix. Its output goes to files, not pipes: Wine's own background processes
    /// (services.exe, the persistent server) inherit them and would keep a pipe open long after the program ended.
    /// The program and its arguments still travel as argv ("$0" "$@"), never as a shell string.
    /// </summary>
    public ProcessResult Run(string program, params string[] args)
    {
        var output = directory.Combine("out-" + Guid.NewGuid().ToString("N"));
        var error = output + ".err";
        var result = ProcessRunner.Instance.Run(new ProcessRequest("sh",
            ["-c", "exec \"$0\" \"$@\" >\"$OUT_FILE\" 2>\"$ERR_FILE\"", program, .. args],
            new Dictionary<string, string>(Environment) { ["OUT_FILE"] = output, ["ERR_FILE"] = error },
            TimeSpan.FromMinutes(5)));
        var captured = new ProcessResult(result.ExitCode, ReadAndDelete(output), ReadAndDelete(error) + result.Error);
        return captured;
    }

    private static string ReadAndDelete(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }
        var text = File.ReadAllText(path);
        File.Delete(path);
        return text;
    }

    public ProcessResult Wine(params string[] args) => Run("wine", args);

    /// <summary>Keeps a Wine program running until disposed: services of the prefix run only while one does.</summary>
    public WineKeepAlive KeepAlive() => new(Environment, DriveC);

    /// <summary>Waits (up to 20 s) for what Wine finishes after a command returned, e.g. a folder the uninstaller removes.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(500);
        }
        return condition();
    }

    public static ProcessResult Check(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Transcript}");
        return result;
    }

    /// <summary>A registry key's values (64-bit view), read from <c>reg export</c>'s UTF-16 file so every character is exact.</summary>
    public IReadOnlyDictionary<string, string>? RegistryKey(string key)
    {
        var file = directory.Combine("export-" + Guid.NewGuid().ToString("N") + ".reg");
        var result = Wine("reg", "export", key, WindowsPath(file), "/reg:64", "/y");
        return result.ExitCode == 0 && File.Exists(file) ? RegFile.Values(File.ReadAllText(file)) : null;
    }

    public void Dispose()
    {
        Run("wineserver", "-k");
        directory.Dispose();
    }
}
