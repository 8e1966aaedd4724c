using System.Diagnostics;

namespace Cairn.Installer.WindowsTests.Support;

/// <summary>
/// A Wine program of the prefix that waits (<c>cmd /c pause</c> on a pipe) until disposed. Wine 8 stops the services of a
/// prefix once no other Wine program runs in it, even with <c>wineserver -p</c> (measured: a service started with
/// <c>sc start</c> is stopped as soon as sc.exe exits), so a test holds one while its service should run.
/// </summary>
public sealed class WineKeepAlive : IDisposable
{
    private readonly Process process;
    private readonly string readyFile;

    /// <param name="driveC">The prefix's C: drive: the program tells it runs by writing a file there.</param>
    public WineKeepAlive(IReadOnlyDictionary<string, string> environment, string driveC)
    {
        var name = "keep-alive-" + Guid.NewGuid().ToString("N");
        readyFile = Path.Combine(driveC, name);
        var log = readyFile + ".log";
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true };
        // Output to a file, not to pipes of ours (see WinePrefix.Run). The ready file goes to C:\, a path without spaces:
        // Wine 8's cmd cannot redirect to a quoted path ("Path not found.").
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec wine cmd /c \"echo up>$0 & pause\" >\"$1\" 2>&1");
        start.ArgumentList.Add(@"C:\" + name);
        start.ArgumentList.Add(log);
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }
        process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (!File.Exists(readyFile))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                var state = process.HasExited ? $"exited ({process.ExitCode})" : "still starting after 60 s";
                var output = File.Exists(log) ? File.ReadAllText(log) : "";
                Dispose();
                throw new InvalidOperationException($"the Wine program that keeps the prefix alive did not start: {state}: {output}");
            }
            Thread.Sleep(200);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close(); // pause reads the end of its input and returns
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        process.Dispose();
        File.Delete(readyFile);
        File.Delete(readyFile + ".log");
    }
}
