using System.Xml.Linq;

namespace Cairn.Agent.Kvm;

/// <summary>
/// Rewrites a saved domain XML for a restore (pure): each disk's source to its restored file (the chain below comes
/// from the images' own headers, so <c>&lt;backingStore&gt;</c> is dropped), the NVRAM path, and, for a domain
/// defined under a new name, the name, without its UUID and MAC addresses (libvirt makes new ones, so the copy can
/// run beside the original).
/// </summary>
public static class DomainXmlRewriter
{
    public static string Rewrite(string xml, IReadOnlyDictionary<string, string> diskPaths, string? nvramPath, string? newName)
    {
        var document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        var root = document.Root ?? throw new FormatException("domain XML without a root element");
        foreach (var disk in root.Element("devices")?.Elements("disk") ?? [])
        {
            disk.Elements("backingStore").Remove();
            var source = disk.Element("source");
            if (source?.Attribute("file") is { } file && diskPaths.TryGetValue(file.Value, out var restored))
            {
                file.Value = restored;
            }
        }
        if (nvramPath is not null && root.Element("os")?.Element("nvram") is { } nvram)
        {
            nvram.Value = nvramPath;
        }
        if (newName is not null)
        {
            root.Element("name")!.Value = newName;
            root.Elements("uuid").Remove();
            root.Element("devices")?.Elements("interface").Elements("mac").Remove();
        }
        return document.Declaration is null ? root.ToString(SaveOptions.DisableFormatting) : document.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The first free name: <paramref name="name"/>, else <c>name-restored</c>, <c>name-restored-2</c>, ...</summary>
    public static string FreeName(string name, IReadOnlyCollection<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }
        var candidate = $"{name}-restored";
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = $"{name}-restored-{i}";
        }
        return candidate;
    }
}
