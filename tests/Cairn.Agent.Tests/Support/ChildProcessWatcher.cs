using System.Text;

namespace Cairn.Agent.Tests.Support;

/// <summary>
/// Watches <c>/proc</c> for the children of this test process while it runs and records each one's command line and
/// environment (NUL-separated, as the kernel holds them). Linux only. Other tests of this process start children too:
/// only those whose environment holds <c>environmentMarker</c> (a <c>NAME=value</c> the test put in the environment of
/// the programs it runs) are recorded.
/// </summary>
public sealed class ChildProcessWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(int Pid, string CommandLine), ChildProcess> _seen = [];
    private readonly string _environmentMarker;
    private readonly Task _loop;

    public ChildProcessWatcher(string environmentMarker)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentMarker);
        _environmentMarker = environmentMarker;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Scan();
                await Task.Delay(10).ConfigureAwait(false);
            }
        });
    }

    public IReadOnlyList<ChildProcess> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen.Values];
            }
        }
    }

    private void Scan()
    {
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == self)
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) != self)
                {
                    continue;
                }
                var cmdline = Split(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                var environ = Split(File.ReadAllBytes(Path.Combine(directory, "environ")));
                if (cmdline.Count == 0 || !environ.Contains(_environmentMarker))
                {
                    continue; // between fork and exec, gone, or another test's child: look again next time
                }
                lock (_seen)
                {
                    // a child is read again each time: between fork and exec it still shows this process's command line
                    _seen.TryAdd((pid, string.Join('\0', cmdline)), new ChildProcess(pid, cmdline, environ));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process ended while being read
            }
        }
    }

    private static List<string> Split(byte[] bytes) =>
        [.. Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>A child process as seen in /proc.</summary>
public sealed record ChildProcess(int Pid, IReadOnlyList<string> CommandLine, IReadOnlyList<string> Environment)
{
    public string CommandLineText => string.Join(' ', CommandLine);

    public override string ToString() => $"{Pid}: {CommandLineText}";
}
