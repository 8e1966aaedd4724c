using System.Formats.Tar;
using System.IO.Compression;
using Cairn.Installer.Payload;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

public sealed class TarGzPayloadTests : IDisposable
{
    private readonly TemporaryDirectory source = new("cairn-installer payload-source-");

    [Fact]
    public void Archive_lists_directories_before_their_contents_owned_by_root_with_modes_kept()
    {
        FakePublishFolder.Create(source.Path, "cairn", "1.0");
        var payload = new TarGzPayload();
        payload.AddDirectoryTree("program", source.Path);
        payload.AddText("config/cairn.conf", "x: 1\n", FileModes.Private);

        var entries = ReadBack(payload);

        Assert.Equal(
            ["config/cairn.conf", "program/", "program/appsettings.json", "program/cairn", "program/cairn-gui", "program/lib/", "program/lib/Cairn.Agent.dll"],
            entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.Equal(FileModes.Executable, entries.Single(e => e.Name == "program/cairn").Mode);
        Assert.Equal(FileModes.Regular, entries.Single(e => e.Name == "program/appsettings.json").Mode);
        Assert.Equal(FileModes.Private, entries.Single(e => e.Name == "config/cairn.conf").Mode);
    }

    [Fact]
    public void The_same_path_twice_is_refused()
    {
        var payload = new TarGzPayload();
        payload.AddText("a", "1", FileModes.Regular);

        Assert.Throws<InstallerException>(() => payload.AddText("a", "2", FileModes.Regular));
    }

    private static List<TarEntry> ReadBack(TarGzPayload payload)
    {
        using var buffer = new MemoryStream();
        payload.WriteTo(buffer);
        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }
        return entries;
    }

    public void Dispose() => source.Dispose();
}
