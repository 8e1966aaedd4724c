using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cairn.Agent.Backends.Processes;

/// <summary><see cref="IProcessRunner"/> on <see cref="Process"/>.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var launch = ProcessPriorityLaunch.Wrap(request.FileName, request.Arguments, request.Priority, PriorityPlatform.Current);
        if (launch.FileName != request.FileName && Path.IsPathRooted(request.FileName) && !File.Exists(request.FileName))
        {
            throw new ProgramNotFoundException(request.FileName);
        }
        var startInfo = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (request.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = request.WorkingDirectory;
        }
        foreach (var argument in launch.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in request.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ProgramNotFoundException(request.FileName, ex);
        }
        SetWindowsPriority(process, request.Priority);
        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdin = WriteInputAsync(process, request.StandardInput, inputStop.Token); // without a writer: closed, never wait for a prompt

        var stdout = request.StandardOutputStream is { } sink
            ? process.StandardOutput.BaseStream.CopyToAsync(sink, CancellationToken.None)
            : PumpAsync(process.StandardOutput, request.OnStandardOutput);
        var stderr = PumpAsync(process.StandardError, request.OnStandardError);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await inputStop.CancelAsync().ConfigureAwait(false);
            if (request.KillTreeOnCancel)
            {
                KillTree(process);
                // a grandchild that left the tree may still hold the pipes: do not wait for it forever
                await Task.WhenAny(Task.WhenAll(stdout, stderr, stdin), Task.Delay(GracePeriod, CancellationToken.None)).ConfigureAwait(false);
                throw;
            }
            await StopAsync(process, request.StopGracePeriod ?? GracePeriod).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr, stdin).ConfigureAwait(false);
            throw;
        }
        await inputStop.CancelAsync().ConfigureAwait(false); // the program is gone: nobody reads its input any more
        await Task.WhenAll(stdout, stderr, stdin).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task WriteInputAsync(Process process, Func<Stream, CancellationToken, Task>? write, CancellationToken stop)
    {
        if (write is null)
        {
            process.StandardInput.Close();
            return;
        }
        try
        {
            await write(process.StandardInput.BaseStream, stop).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // the program stopped reading (exited): what it got is what it reports on
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the program exited or the run was cancelled
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // broken pipe on the final flush
            }
        }
    }

    private static void SetWindowsPriority(Process process, ProcessPriority priority)
    {
        if (priority == ProcessPriority.Normal || !OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            process.PriorityClass = ProcessPriorityLaunch.WindowsPriorityClass(priority);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // exited already, or not allowed: it runs at normal priority
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine?.Invoke(line);
        }
    }

    /// <summary>SIGINT first (restic then removes its lock; SIGTERM would leave it), kill after a grace period.</summary>
    private static async Task StopAsync(Process process, TimeSpan gracePeriod)
    {
        if (process.HasExited)
        {
            return;
        }
        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(process.Id, SigInt);
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // still running: kill below
            }
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one blittable call
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
