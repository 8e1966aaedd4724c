using System.Text;
using CsCheck;

namespace Cairn.Testing.Fuzzing;

/// <summary>
/// Turns valid inputs into hostile ones: one to three of truncate, duplicate a slice, nest a slice (once or
/// thousands of times deep), swap a token for a value of another type, inject control characters or bytes that are
/// not UTF-8, overwrite with random bytes, or blow a slice up to megabytes. <see cref="Tokens"/> are the swaps a
/// surface knows about (its keys, its message types), added to the generic ones.
/// </summary>
public static class HostileMutations
{
    private static readonly string[] GenericTokens =
    [
        "[]", "{}", "~", "''", "\"\"", "-1", "0", "99999999999999999999", "1e999", "NaN", "-Infinity", "true", "null",
        "*a", "&a ", "!!binary ", "? ", ": ", "- ", "#", "'", "\"", "\\", "%YAML 1.1\n", "---\n", "...\n", "<<: ",
        "${RANDOM}[999999999]", "${HOSTNAME}", "../../../etc/passwd", "C:\\Windows\\", "\u0000", "%00", "\r\n", "\u2028",
        "\uFEFF", "𝄞", "\uD800",
    ];

    private static readonly string[] Controls = ["\0", "\u0001", "\u0007", "\u001b", "\r", "\t", "\v", "\f", "\u0085", "\u2028", "\uFFFE", "\uFFFF"];

    private static readonly byte[][] BadBytes = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];

    /// <summary>Valid inputs, then mutated copies of them (three in four cases).</summary>
    public static Gen<byte[]> Of(Gen<byte[]> valid, params string[] tokens)
    {
        var swaps = GenericTokens.Concat(tokens).Select(t => Encoding.UTF8.GetBytes(t)).ToArray();
        var mutation = Gen.Int[0, 9];
        return Gen.Frequency(
            (1, valid),
            (3, valid.SelectMany(seed => Gen.Int[1, 3].SelectMany(n => mutation.Array[n].SelectMany(kinds =>
                Gen.UInt.Array[kinds.Length * 4].Select(dice => Apply(seed, kinds, dice, swaps)))))));
    }

    private static byte[] Apply(byte[] input, int[] kinds, uint[] dice, byte[][] swaps)
    {
        var bytes = input;
        for (var i = 0; i < kinds.Length; i++)
        {
            bytes = Mutate(bytes, kinds[i], dice.AsSpan(i * 4, 4), swaps);
        }
        return bytes;
    }

    private static byte[] Mutate(byte[] bytes, int kind, ReadOnlySpan<uint> dice, byte[][] swaps)
    {
        var length = bytes.Length;
        int At(uint die) => length == 0 ? 0 : (int)(die % (uint)(length + 1));
        var a = At(dice[0]);
        var b = At(dice[1]);
        var (from, to) = a <= b ? (a, b) : (b, a);
        var slice = bytes[from..to];
        switch (kind)
        {
            case 0: // truncate
                return bytes[..a];
            case 1: // duplicate a slice somewhere
                return [.. bytes[..b], .. slice, .. bytes[b..]];
            case 2: // nest a slice: a few levels, or thousands
                var depth = dice[2] % 4 == 0 ? 2 + (int)(dice[3] % 20_000) : 1 + (int)(dice[3] % 5);
                var (open, close) = (dice[2] % 3) switch { 0 => ("[", "]"), 1 => ("{a: ", "}"), _ => ("- ", "") };
                var opens = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)));
                var closes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(close, depth)));
                return [.. bytes[..from], .. opens, .. slice, .. closes, .. bytes[to..]];
            case 3: // swap a token for another type
            case 4:
                var token = swaps[dice[2] % swaps.Length];
                var end = Math.Min(length, from + (int)(dice[3] % 12));
                return [.. bytes[..from], .. token, .. bytes[end..]];
            case 5: // control characters
                var control = Encoding.UTF8.GetBytes(Controls[dice[2] % Controls.Length]);
                return [.. bytes[..a], .. control, .. bytes[a..]];
            case 6: // bytes that are not UTF-8
                return [.. bytes[..a], .. BadBytes[dice[2] % BadBytes.Length], .. bytes[a..]];
            case 7: // random bytes over a stretch
                var noise = new byte[Math.Min(to - from, 64) + 1];
                new Random((int)dice[2]).NextBytes(noise);
                return [.. bytes[..from], .. noise, .. bytes[Math.Min(length, from + noise.Length)..]];
            case 8: // a slice blown up to up to 2 MiB (size limits)
                if (slice.Length == 0 || dice[2] % 3 != 0)
                {
                    return [.. bytes[..from], .. Encoding.UTF8.GetBytes(new string('x', 1 + (int)(dice[3] % 5000))), .. bytes[from..]];
                }
                var copies = Math.Max(1, (int)Math.Min(2L * 1024 * 1024 / slice.Length, 1 + (dice[3] % 100_000)));
                var big = new byte[slice.Length * copies];
                for (var i = 0; i < copies; i++)
                {
                    slice.CopyTo(big, i * slice.Length);
                }
                return [.. bytes[..from], .. big, .. bytes[to..]];
            default: // swap two lines' order (keys before their sections, items after their lists)
                var text = Encoding.UTF8.GetString(bytes).Split('\n');
                if (text.Length > 1)
                {
                    var i = (int)(dice[2] % (uint)text.Length);
                    var j = (int)(dice[3] % (uint)text.Length);
                    (text[i], text[j]) = (text[j], text[i]);
                }
                return Encoding.UTF8.GetBytes(string.Join('\n', text));
        }
    }
}
