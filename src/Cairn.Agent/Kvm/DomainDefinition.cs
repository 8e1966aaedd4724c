using System.Xml.Linq;

namespace Cairn.Agent.Kvm;

/// <summary>One disk of a domain as its XML declares it.</summary>
/// <param name="Target">The guest device name (<c>vda</c>), unique within the domain.</param>
/// <param name="Device"><c>disk</c>, <c>cdrom</c>, <c>floppy</c> or <c>lun</c>.</param>
/// <param name="Type">The source kind: <c>file</c>, <c>block</c>, <c>network</c>, <c>volume</c>...</param>
/// <param name="Source">The file (or device) the domain uses now; null for an empty drive.</param>
/// <param name="Format">The driver's format (<c>qcow2</c>, <c>raw</c>), null when not given.</param>
/// <param name="ReadOnly">A read-only or shareable disk is left out of snapshots.</param>
public sealed record DomainDisk(string Target, string Device, string Type, string? Source, string? Format, bool ReadOnly)
{
    /// <summary>A disk whose content is backed up: a writable file-backed hard disk.</summary>
    public bool IsBackedUp => Device == "disk" && Type == "file" && Source is not null && !ReadOnly;
}

/// <summary>What the agent reads from a domain's XML: name, uuid, disks, and firmware / TPM state files.</summary>
public sealed record DomainDefinition(string Name, string? Uuid, IReadOnlyList<DomainDisk> Disks, string? NvramPath, bool HasEmulatedTpm,
    string? TpmStatePath)
{
    /// <summary>Parses <c>virsh dumpxml</c> (pure); throws <see cref="FormatException"/> for text that is not a domain.</summary>
    public static DomainDefinition Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new FormatException($"not a domain XML: {ex.Message}", ex);
        }
        var root = document.Root;
        if (root is null || root.Name.LocalName != "domain")
        {
            throw new FormatException("not a domain XML: the root element is not <domain>");
        }
        var name = root.Element("name")?.Value.Trim() ?? throw new FormatException("domain XML without <name>");
        var disks = new List<DomainDisk>();
        foreach (var disk in root.Element("devices")?.Elements("disk") ?? [])
        {
            var target = disk.Element("target")?.Attribute("dev")?.Value;
            if (target is null)
            {
                continue;
            }
            var source = disk.Element("source");
            var path = source?.Attribute("file")?.Value ?? source?.Attribute("dev")?.Value;
            disks.Add(new DomainDisk(
                target,
                disk.Attribute("device")?.Value ?? "disk",
                disk.Attribute("type")?.Value ?? "file",
                path,
                disk.Element("driver")?.Attribute("type")?.Value,
                disk.Element("readonly") is not null || disk.Element("shareable") is not null));
        }
        var tpm = root.Element("devices")?.Elements("tpm").Select(t => t.Element("backend"))
            .FirstOrDefault(b => b?.Attribute("type")?.Value == "emulator");
        return new DomainDefinition(
            name,
            root.Element("uuid")?.Value.Trim(),
            disks,
            root.Element("os")?.Element("nvram")?.Value.Trim() is { Length: > 0 } nvram ? nvram : null,
            tpm is not null,
            tpm?.Element("source")?.Attribute("path")?.Value);
    }
}
