using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup;

/// <summary>
/// <c>stdin_from_command</c>: runs a user command (in the platform shell) and streams its standard output into the
/// backend's standard input, saved as one file (<c>stdin_filename</c>). restic 0.14 has no
/// <c>--stdin-from-command</c>, so the agent plays the pipe and checks the command's exit code itself: a command that
/// fails (even after printing data) makes the backup fail, like <c>set -o pipefail</c>; the backup pipeline then
/// forgets the snapshot restic wrote from the half-finished stream.
/// </summary>
public sealed class CommandStreamSource(
    string command, string fileName, IProcessRunner runner, bool isWindows,
    IReadOnlyDictionary<string, string?> environment, ProcessPriority priority, SecretMasker masker) : IBackupSource
{
    private readonly List<string> _errorLines = [];
    private int? _exitCode;
    private bool _started;
    private bool _readerStopped;

    public string Kind => "stdin_from_command";

    public SourcePlan Plan(SourceEnvironment environment) =>
        new([], null, new StreamInput(fileName, WriteAsync), [], null);

    private async Task WriteAsync(Stream backendInput, CancellationToken backendExited)
    {
        _started = true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(backendExited);
        var forward = new ForwardingStream(backendInput, () =>
        {
            _readerStopped = true;
            stop.Cancel();
        });
        var (shell, arguments) = ShellCommand.For(command, isWindows);
        var request = new ProcessRequest(shell, arguments, environment,
            OnStandardError: line =>
            {
                lock (_errorLines)
                {
                    _errorLines.Add(masker.Apply(line));
                }
            },
            StandardOutputStream: forward)
        {
            KillTreeOnCancel = true,
            Priority = priority,
        };
        try
        {
            _exitCode = await runner.RunAsync(request, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _readerStopped = true; // the backend exited (or stopped reading) before the command finished: killed
        }
        catch (ProgramNotFoundException)
        {
            _exitCode = null;
        }
    }

    public SourceVerdict Complete()
    {
        List<string> messages;
        lock (_errorLines)
        {
            messages = [.. _errorLines.TakeLast(HookRunner.MaxOutputLines)];
        }
        var shown = masker.Apply(command);
        if (!_started)
        {
            return new SourceVerdict(true, $"the source command was not run: {shown}", null, messages);
        }
        if (_exitCode is not { } code)
        {
            return new SourceVerdict(true,
                _readerStopped
                    ? $"the backend stopped reading before the source command ended (command killed): {shown}"
                    : $"the source command could not be started: {shown}",
                null, messages);
        }
        return code == 0
            ? new SourceVerdict(false, null, 0, messages)
            : new SourceVerdict(true, $"the source command failed with exit code {code}: {shown}", code, messages);
    }

    /// <summary>
    /// Writes to the backend's input; when the backend is gone (broken pipe) it reports once and swallows the rest,
    /// so the copy loop ends quietly while the command is being stopped.
    /// </summary>
    private sealed class ForwardingStream(Stream inner, Action onReaderGone) : Stream
    {
        private bool _gone;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_gone)
            {
                return;
            }
            try
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                _gone = true;
                onReaderGone();
            }
        }
    }
}
