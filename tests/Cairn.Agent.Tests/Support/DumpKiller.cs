using System.Runtime.InteropServices;

namespace Cairn.Agent.Tests.Support;

/// <summary>
/// Kills a dump program half-way: watches /proc for a child of this test process named <c>program</c>, freezes it
/// (SIGSTOP) as soon as it shows up, then lets it run in short steps until it has written
/// <c>bytesBeforeKill</c> bytes (<c>/proc/PID/io</c> wchar), and kills it (SIGKILL). Linux, root.
/// </summary>
public sealed class DumpKiller : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DumpKiller(string program, long bytesBeforeKill)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && !Killed)
            {
                if (Find(program) is { } pid)
                {
                    _ = Kill(pid, SigStop);
                    while (!_stop.IsCancellationRequested && Written(pid) is { } written)
                    {
                        if (written >= bytesBeforeKill)
                        {
                            _ = Kill(pid, SigKill);
                            Killed = true;
                            break;
                        }
                        _ = Kill(pid, SigCont);
                        await Task.Delay(2);
                        _ = Kill(pid, SigStop);
                    }
                }
                await Task.Delay(1);
            }
        });
    }

    public bool Killed { get; private set; }

    private static int? Find(string program)
    {
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == self &&
                    Path.GetFileName(File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0]) == program)
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // gone while being read
            }
        }
        return null;
    }

    private static long? Written(int pid)
    {
        try
        {
            var line = File.ReadAllLines($"/proc/{pid}/io").First(l => l.StartsWith("wchar:", StringComparison.Ordinal));
            return long.Parse(line["wchar:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null; // exited
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill")]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one blittable call
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
