using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Agent.Kvm;

/// <summary>One disk in a VM snapshot: its target, the file the domain used, and every image of its chain (top first).</summary>
public sealed record ManifestDisk(string Target, string Source, string? Format, IReadOnlyList<ChainImage> Chain);

/// <summary>
/// <c>vm-manifest.json</c>, saved in every VM snapshot beside <c>domain.xml</c>: what <c>restore-vm</c> needs to put
/// the images back and rewrite their paths.
/// </summary>
public sealed record VmManifest(
    string Domain,
    string? Uuid,
    string State,
    bool Quiesced,
    DateTimeOffset TakenAt,
    IReadOnlyList<ManifestDisk> Disks,
    string? Nvram,
    string? TpmState)
{
    public const string FileName = "vm-manifest.json";
    public const string XmlFileName = "domain.xml";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static VmManifest Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<VmManifest>(json, Options) ?? throw new FormatException($"{FileName} is empty");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{FileName} is not valid: {ex.Message}", ex);
        }
    }
}
