using System.Security.Cryptography;

namespace Cairn.Agent.Tests.Support;

/// <summary>A tree of test files: nested folders, spaces and non-ASCII names, an empty file, a few MB of random bytes.</summary>
public static class SourceTree
{
    public static void Create(string root)
    {
        Write(root, "top.txt", "top level\n"u8.ToArray());
        Write(root, Path.Combine("a", "b", "c", "deep.txt"), "deep\n"u8.ToArray());
        Write(root, Path.Combine("folder with spaces", "Ünïcødé ñame.txt"), "ünïcødé cöntent ✓\n"u8.ToArray());
        Write(root, Path.Combine("folder with spaces", "empty file"), []);
        Write(root, Path.Combine("a", "random.bin"), RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17));
        Directory.CreateDirectory(Path.Combine(root, "empty folder"));
    }

    private static void Write(string root, string relative, byte[] content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>Asserts both trees hold the same files and folders, byte for byte.</summary>
    public static void AssertSame(string expectedRoot, string actualRoot)
    {
        Assert.True(Directory.Exists(actualRoot), $"restored folder missing: {actualRoot}");
        Assert.Equal(Entries(expectedRoot, "*"), Entries(actualRoot, "*"));
        foreach (var file in Directory.EnumerateFiles(expectedRoot, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(expectedRoot, file);
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualRoot, relative))),
                $"content differs: {relative}");
        }
    }

    private static List<string> Entries(string root, string pattern) =>
    [
        .. Directory.EnumerateFileSystemEntries(root, pattern, SearchOption.AllDirectories)
            .Select(p => (Directory.Exists(p) ? "d " : "f ") + Path.GetRelativePath(root, p))
            .Order(StringComparer.Ordinal),
    ];
}
