using System.Buffers;
using System.Text.Unicode;

namespace Cairn.Agent.ConfigFile;

/// <summary>Where the first byte that is not valid UTF-8 sits, as a 1-based line and column (in characters).</summary>
public readonly record struct InvalidUtf8(int Line, int Column, byte Byte);

public static class Utf8Position
{
    /// <summary>The first invalid byte of <paramref name="bytes"/>, or null when they are all valid UTF-8.</summary>
    public static InvalidUtf8? FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }
        var chars = new char[4096];
        var offset = 0;
        var line = 1;
        var column = 1;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[offset..], chars, out var read, out var written, replaceInvalidSequences: false);
            foreach (var c in chars.AsSpan(0, written))
            {
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else if (!char.IsLowSurrogate(c))
                {
                    column++;
                }
            }
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                return new InvalidUtf8(line, column, offset < bytes.Length ? bytes[offset] : (byte)0);
            }
        }
    }
}
