using System.Text;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Kvm;

/// <summary>What one run of <c>virsh</c> or <c>qemu-img</c> printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The error text on one line (virsh prints <c>error: ...</c> lines), for reports.</summary>
    public string ErrorLine => string.Join("; ", Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// Runs <c>virsh</c> and <c>qemu-img</c> (found on PATH) through the agent's process runner, with argv from the pure
/// builders, in the C locale (virsh translates states such as <c>shut off</c>).
/// </summary>
public sealed class KvmTools(IProcessRunner runner, string virsh = "virsh", string qemuImg = "qemu-img")
{
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["LC_ALL"] = "C",
        ["LANG"] = "C",
    };

    public Task<ToolResult> VirshAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(virsh, arguments, cancellationToken);

    public Task<ToolResult> QemuImgAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(qemuImg, arguments, cancellationToken);

    private async Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        var request = new ProcessRequest(program, arguments, Environment,
            OnStandardOutput: line =>
            {
                lock (output)
                {
                    output.Append(line).Append('\n');
                }
            },
            OnStandardError: line =>
            {
                lock (error)
                {
                    error.Append(line).Append('\n');
                }
            });
        int code;
        try
        {
            code = await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException)
        {
            throw new KvmToolMissingException(program);
        }
        lock (output)
        {
            lock (error)
            {
                return new ToolResult(code, output.ToString(), error.ToString());
            }
        }
    }
}

/// <summary>virsh or qemu-img cannot be run: the packages <c>libvirt-clients</c> / <c>qemu-utils</c> are missing.</summary>
public sealed class KvmToolMissingException(string program)
    : Backup.SourceUnavailableException($"cannot run '{program}': install {(program.Contains("virsh", StringComparison.Ordinal) ? "libvirt-clients" : "qemu-utils")}")
{
    public string Program { get; } = program;
}
