using System.Diagnostics;
using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup;

/// <summary>
/// Streams the standard output of a program (a user's <c>stdin_from_command</c> line, or a database dump) into the
/// backend's standard input, saved as one file, with pipefail semantics: restic 0.14 / 0.16 have no
/// <c>--stdin-from-command</c>, so the agent plays the pipe and watches the program. When the program fails (an exit
/// code other than 0, killed, or over its timeout) the backend is stopped while its input is still open, so it never
/// sees the end of a stream and saves no snapshot; should it have saved one anyway, the backup pipeline forgets it.
/// Counts the bytes and the time of the stream; what the program writes on stderr is kept (masked), and when it exits
/// 0 having written on stderr the verdict carries those lines as warnings.
/// </summary>
public sealed class CommandStreamSource(
    SourceCommand command, string fileName, IProcessRunner runner, ProcessPriority priority, SecretMasker masker, TimeSpan timeout)
    : IBackupSource
{
    private readonly List<string> _errorLines = [];
    private readonly CancellationTokenSource _abortBackend = new();
    private readonly Stopwatch _clock = new();
    private int? _exitCode;
    private bool _started;
    private bool _readerStopped;
    private bool _timedOut;
    private long _bytes;

    public string Kind => "stdin_from_command";

    /// <summary>The program as shown in the log and JSON output (secrets masked).</summary>
    public string Display => masker.Apply(command.Display);

    public SourcePlan Plan(SourceEnvironment environment) =>
        new([], null, new StreamInput(fileName, WriteAsync) { Abort = _abortBackend.Token }, [], null);

    private async Task WriteAsync(Stream backendInput, CancellationToken backendExited)
    {
        // the backend may read the stream twice (again after creating the repository): each read runs the program anew
        _started = true;
        _exitCode = null;
        _readerStopped = false;
        _timedOut = false;
        lock (_errorLines)
        {
            _errorLines.Clear();
        }
        _clock.Restart();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(backendExited);
        using var deadline = new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, deadline.Token);
        if (timeout > TimeSpan.Zero)
        {
            deadline.CancelAfter(timeout);
        }
        var forward = new CountingForwardStream(backendInput, () =>
        {
            _readerStopped = true;
            stop.Cancel();
        });
        var request = new ProcessRequest(command.FileName, command.Arguments, command.Environment,
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
            _exitCode = await runner.RunAsync(request, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            _timedOut = true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _readerStopped = true; // the backend exited (or stopped reading) before the program finished: killed
        }
        catch (ProgramNotFoundException)
        {
            _exitCode = null;
        }
        finally
        {
            _clock.Stop();
            _bytes = forward.Bytes;
        }
        if (_exitCode == 0 || backendExited.IsCancellationRequested)
        {
            return; // a whole stream: closing the input lets the backend save it
        }
        // pipefail: stop the backend while its input is still open, so it never takes a cut stream for a whole one
        await _abortBackend.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, backendExited).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the backend has exited
        }
    }

    public SourceVerdict Complete()
    {
        List<string> messages;
        lock (_errorLines)
        {
            messages = [.. _errorLines.TakeLast(HookRunner.MaxOutputLines)];
        }
        var shown = Display;
        var verdict = (_started, _exitCode) switch
        {
            (false, _) => new SourceVerdict(true, $"the source command was not run: {shown}", null, messages),
            _ when _timedOut => new SourceVerdict(true,
                $"the source command ran over its timeout of {HumanTimeout()} and was killed: {shown}", null, messages),
            (_, null) => new SourceVerdict(true,
                _readerStopped
                    ? $"the backend stopped reading before the source command ended (command killed): {shown}"
                    : $"the source command could not be started: {shown}",
                null, messages),
            (_, 0) => new SourceVerdict(false, null, 0, messages)
            {
                Warnings = messages.Count == 0 ? [] : [$"the source command exited 0 but wrote on stderr: {string.Join(" | ", messages)}"],
            },
            (_, var code) => new SourceVerdict(true, $"the source command failed with exit code {code}: {shown}", code, messages),
        };
        return verdict with { Bytes = _started ? _bytes : null, Duration = _clock.Elapsed, TimedOut = _timedOut };
    }

    private string HumanTimeout() => timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// Writes to the backend's input and counts the bytes; when the backend is gone (broken pipe) it reports once and
    /// swallows the rest, so the copy loop ends quietly while the program is being stopped.
    /// </summary>
    private sealed class CountingForwardStream(Stream inner, Action onReaderGone) : Stream
    {
        private bool _gone;

        public long Bytes { get; private set; }

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
                Bytes += buffer.Length;
            }
            catch (IOException)
            {
                _gone = true;
                onReaderGone();
            }
        }
    }
}
