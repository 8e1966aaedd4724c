namespace Cairn.Branding.Loading;

/// <summary>The magic numbers that tell an image file is what its brand key says it is.</summary>
internal static class BrandFile
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] IcoSignature = [0x00, 0x00, 0x01, 0x00];

    public static bool IsPng(ReadOnlySpan<byte> header) => header.StartsWith(PngSignature);

    public static bool IsIco(ReadOnlySpan<byte> header) => header.StartsWith(IcoSignature);

    public static byte[] ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
