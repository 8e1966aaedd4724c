using System.Text.Json;

namespace Cairn.Agent.Kvm;

/// <summary>One image of a disk's chain: its file, its format, and the file it is backed by (null at the bottom).</summary>
public sealed record ChainImage(string Path, string? Format, string? BackingPath, string? BackingFormat, long VirtualSize);

/// <summary>
/// <c>qemu-img info --backing-chain --output=json -U FILE</c>: the top image first, then each backing file down to the
/// base. <c>-U</c> (force share) reads images a running QEMU holds open.
/// </summary>
public static class BackingChain
{
    public static IReadOnlyList<string> InfoArguments(string image) => ["info", "--backing-chain", "--output=json", "-U", image];

    /// <summary>
    /// <c>qemu-img rebase -u</c>: only rewrites which file an image names as its backing file (no data is read or
    /// copied), after a restore moved the chain to another folder.
    /// </summary>
    public static IReadOnlyList<string> RebaseArguments(string image, string newBacking, string? backingFormat) =>
        backingFormat is null
            ? ["rebase", "-u", "-b", newBacking, image]
            : ["rebase", "-u", "-F", backingFormat, "-b", newBacking, image];

    /// <summary>Parses the JSON array (pure); throws <see cref="FormatException"/> for anything else.</summary>
    public static IReadOnlyList<ChainImage> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("qemu-img info --backing-chain did not print a JSON array");
            }
            var images = new List<ChainImage>();
            foreach (var image in document.RootElement.EnumerateArray())
            {
                images.Add(new ChainImage(
                    String(image, "filename") ?? throw new FormatException("qemu-img info: an image without 'filename'"),
                    String(image, "format"),
                    String(image, "full-backing-filename") ?? String(image, "backing-filename"),
                    String(image, "backing-filename-format"),
                    image.TryGetProperty("virtual-size", out var size) && size.TryGetInt64(out var bytes) ? bytes : 0));
            }
            return images;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"qemu-img info printed invalid JSON: {ex.Message}", ex);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
