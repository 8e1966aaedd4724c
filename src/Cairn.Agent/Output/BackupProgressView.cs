using Cairn.Agent.Backends;

namespace Cairn.Agent.Output;

/// <summary>Live backup progress on one terminal line (only used when stdout is a terminal).</summary>
internal sealed class BackupProgressView(TextWriter output) : IProgress<BackupStatus>
{
    private readonly Lock _gate = new();
    private int _width;

    public void Report(BackupStatus value)
    {
        var line = HumanFormat.Progress(value);
        lock (_gate)
        {
            output.Write("\r" + line.PadRight(_width));
            output.Flush();
            _width = Math.Max(_width, line.Length);
        }
    }

    /// <summary>Clears the progress line.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                output.Write("\r" + new string(' ', _width) + "\r");
                output.Flush();
            }
        }
    }
}
