using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Cairn.Testing.Fuzzing;

/// <summary>The figures of one surface's run: cases, and the worst time and allocation of a single input.</summary>
public sealed record HostileInputReport(string Surface, int Cases, TimeSpan WorstTime, long WorstAllocatedBytes)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Surface}: {Cases} cases, worst {WorstTime.TotalMilliseconds:F1} ms and {WorstAllocatedBytes / 1024.0 / 1024.0:F1} MiB allocated per input");
}

/// <summary>A generated input broke a property: the message names the seed that replays it alone.</summary>
public sealed class HostileInputFailure(string message, Exception? inner) : Exception(message, inner);

/// <summary>
/// Runs a property over generated inputs of one surface: each case draws its input from its own seeded PCG, the
/// property runs, and the time and bytes allocated by the case are measured against generous bounds.
/// <list type="bullet">
/// <item>Normal run: <c>cases</c> cases from a fixed seed (the same inputs every time).</item>
/// <item><c>CAIRN_FUZZ_MINUTES=N</c>: as many cases as fit in N minutes, from a fresh seed (printed).</item>
/// <item><c>CAIRN_FUZZ_SEED=S</c>: the one case printed by a failure.</item>
/// </list>
/// <c>CAIRN_FUZZ_REPORT=FILE</c> appends each surface's figures to FILE.
/// </summary>
public static class HostileInputRun
{
    /// <summary>Far above any real case (milliseconds), so a loaded machine never fails a test: only a hang does.</summary>
    public static readonly TimeSpan DefaultMaxTime = TimeSpan.FromSeconds(10);
    public const long DefaultMaxAllocatedBytes = 512L * 1024 * 1024;

    public static HostileInputReport Run<T>(
        string surface, Gen<T> inputs, Action<T> property, Func<T, string> describe, int cases,
        TimeSpan? maxTime = null, long maxAllocatedBytes = DefaultMaxAllocatedBytes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(describe);
        var timeLimit = maxTime ?? DefaultMaxTime;
        var stream = (uint)StableHash(surface);
        var replay = Environment.GetEnvironmentVariable("CAIRN_FUZZ_SEED");
        var minutes = double.TryParse(Environment.GetEnvironmentVariable("CAIRN_FUZZ_MINUTES"), NumberStyles.Float,
            CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 0;
        var master = minutes > 0 ? new PCG(stream) : new PCG(stream, 0x5EED_0000_0000_0013UL);
        var until = minutes > 0 ? Stopwatch.GetTimestamp() + (long)(minutes * 60 * Stopwatch.Frequency) : long.MaxValue;

        var worstTime = TimeSpan.Zero;
        var worstBytes = 0L;
        var count = 0;
        while (replay is not null ? count < 1 : minutes > 0 ? Stopwatch.GetTimestamp() < until : count < cases)
        {
            var pcg = replay is not null ? PCG.Parse(replay) : new PCG(stream, master.Next64());
            var seed = pcg.ToString();
            var input = inputs.Generate(pcg, null!, out _);
            count++;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                property(input);
            }
#pragma warning disable CA1031 // any exception is a failed case: report it with the seed that replays it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                throw Failure(surface, count, seed, describe(input), ex.GetType().Name + ": " + ex.Message, ex);
            }
            var elapsed = clock.Elapsed;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (elapsed > timeLimit || allocated > maxAllocatedBytes)
            {
                throw Failure(surface, count, seed, describe(input),
                    $"took {elapsed.TotalMilliseconds:F0} ms (at most {timeLimit.TotalMilliseconds:F0}) and allocated {allocated} bytes (at most {maxAllocatedBytes})", null);
            }
            worstTime = elapsed > worstTime ? elapsed : worstTime;
            worstBytes = Math.Max(worstBytes, allocated);
        }
        var report = new HostileInputReport(surface, count, worstTime, worstBytes);
        if (Environment.GetEnvironmentVariable("CAIRN_FUZZ_REPORT") is { Length: > 0 } reportFile)
        {
            lock (ReportGate)
            {
                File.AppendAllText(reportFile, report + Environment.NewLine);
            }
        }
        return report;
    }

    private static readonly Lock ReportGate = new();

    private static HostileInputFailure Failure(string surface, int index, string seed, string input, string what, Exception? inner) =>
        new($"{surface}: case {index} failed: {what}\nreplay it alone with CAIRN_FUZZ_SEED={seed}\ninput: {input}", inner);

    /// <summary>A hash that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash & 0x7FFFFFFF;
    }

    /// <summary>An input for a failure message: at most 300 characters, non-printable ones escaped.</summary>
    public static string Show(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 300)));
        var shown = string.Concat(text.Select(c => c is '\n' ? "\\n" : char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return $"{bytes.Length} bytes: {shown}";
    }
}
