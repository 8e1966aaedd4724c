using System.Text.Json;

namespace Cairn.Releases;

/// <summary>
/// manifest.json.sig: <c>{"algorithm":"ed25519","key_id":"…","signature":"&lt;base64&gt;"}</c>, the signature over the
/// exact bytes of manifest.json.
/// </summary>
public sealed record ReleaseSignature(string Algorithm, string KeyId, byte[] Signature)
{
    public const string FileSuffix = ".sig";
    public const string Ed25519 = "ed25519";
    public const int SignatureLength = 64;

    /// <summary>A signature file is a few hundred bytes; anything larger is refused unread.</summary>
    public const int MaxBytes = 4 * 1024;

    /// <exception cref="ReleaseRejectedException">Malformed, too large, or not an Ed25519 signature.</exception>
    public static ReleaseSignature Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw Malformed($"is {bytes.Length} bytes, more than the {MaxBytes} a signature file may be");
        }
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 2 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("is not a JSON object");
            }
            var algorithm = Text(root, "algorithm");
            if (algorithm != Ed25519)
            {
                throw Malformed($"names algorithm '{algorithm}'; only '{Ed25519}' is accepted");
            }
            var keyId = Text(root, "key_id");
            byte[] signature;
            try
            {
                signature = Convert.FromBase64String(Text(root, "signature"));
            }
            catch (FormatException)
            {
                throw Malformed("has a signature that is not base64");
            }
            if (signature.Length != SignatureLength)
            {
                throw Malformed($"has a {signature.Length}-byte signature; Ed25519 signatures are {SignatureLength} bytes");
            }
            return new ReleaseSignature(algorithm, keyId, signature);
        }
        catch (JsonException error)
        {
            throw Malformed($"is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})", error);
        }
    }

    /// <summary>The file's bytes: one line of JSON and a newline.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("algorithm", Algorithm);
            json.WriteString("key_id", KeyId);
            json.WriteString("signature", Convert.ToBase64String(Signature));
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string Text(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Malformed($"has no string '{key}'");

    private static ReleaseRejectedException Malformed(string what, Exception? inner = null) =>
        inner is null
            ? new ReleaseRejectedException(ReleaseRejection.Malformed, $"the manifest signature file {what}")
            : new ReleaseRejectedException(ReleaseRejection.Malformed, $"the manifest signature file {what}", inner);
}
