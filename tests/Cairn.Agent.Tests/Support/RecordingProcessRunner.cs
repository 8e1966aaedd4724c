using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Tests.Support;

/// <summary>Runs every program for real through <paramref name="inner"/> and keeps each command line (program, then arguments).</summary>
public sealed class RecordingProcessRunner(IProcessRunner inner) : IProcessRunner
{
    private readonly List<IReadOnlyList<string>> _commands = [];

    public IReadOnlyList<IReadOnlyList<string>> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        lock (_commands)
        {
            _commands.Add([Path.GetFileName(request.FileName), .. request.Arguments]);
        }
        return inner.RunAsync(request, cancellationToken);
    }
}
