using System.ComponentModel;
using System.Diagnostics;

namespace Cairn.Secrets.Processes;

/// <summary><see cref="IProcessRunner"/> on <see cref="Process"/>.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    public ProcessResult Run(ProcessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startInfo = new ProcessStartInfo(request.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Cannot start '{request.FileName}': {ex.Message}", ex);
        }

        // Both streams are drained concurrently so a chatty stderr cannot block the child.
        using var output = new MemoryStream();
        Task copyOutput = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> readError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(request.Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{request.FileName}' did not finish within {request.Timeout.TotalSeconds:0.#} s and was killed.");
        }

        Task.WaitAll(copyOutput, readError);
        return new ProcessResult(process.ExitCode, output.ToArray(), readError.Result);
    }
}
