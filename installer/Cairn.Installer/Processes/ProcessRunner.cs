using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Cairn.Installer.Processes;

/// <summary>Starts real processes with argv arrays and collects their output.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public static ProcessRunner Instance { get; } = new();

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <exception cref="InstallerException">The program cannot be started or runs past its timeout.</exception>
    public ProcessResult Run(ProcessRequest request)
    {
        var start = new ProcessStartInfo(request.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InstallerException($"cannot start {request.Program}");
        }
        catch (Win32Exception e)
        {
            throw new InstallerException($"cannot start {request.Program} ({e.Message}): is it installed? (see build/debian-packages)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var timeout = request.Timeout ?? DefaultTimeout;
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InstallerException($"{request} did not finish within {timeout}");
            }
            return new ProcessResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
