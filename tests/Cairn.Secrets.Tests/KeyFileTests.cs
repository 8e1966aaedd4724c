using System.Text;
using Cairn.Secrets.Keys;

namespace Cairn.Secrets.Tests;

public sealed class KeyFileTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-secrets-");

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("  \n")]
    public void Reads_the_base64_key_on_one_line(string ending)
    {
        string path = directory.Combine("key");
        File.WriteAllText(path, Fixtures.NpBackupKeyBase64 + ending);

        Assert.Equal(Fixtures.NpBackupKey, KeyFile.Read(path));
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        string path = directory.Combine("absent");

        var ex = Assert.Throws<SecretKeyException>(() => KeyFile.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAA")] // 3 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 39 bytes
    [InlineData("not base64 at all!")]
    [InlineData("")]
    public void A_wrong_length_or_format_is_an_error_naming_the_file(string content)
    {
        string path = directory.Combine("bad");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<SecretKeyException>(() => KeyFile.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_on_two_lines_are_refused()
    {
        string path = directory.Combine("two");
        File.WriteAllText(path, Fixtures.NpBackupKeyBase64 + "\n" + Fixtures.NpBackupKeyBase64 + "\n");

        Assert.Throws<SecretKeyException>(() => KeyFile.Read(path));
    }

    [Fact]
    public void A_raw_32_byte_file_gets_a_message_saying_so()
    {
        string path = directory.Combine("raw");
        File.WriteAllBytes(path, Fixtures.NpBackupKey);

        var ex = Assert.Throws<SecretKeyException>(() => KeyFile.Read(path));
        Assert.Contains("raw bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_writes_a_readable_new_key_and_no_temporary_files()
    {
        string path = directory.Combine("new.key");

        byte[] key = KeyFile.Create(path);

        Assert.Equal(32, key.Length);
        Assert.Equal(key, KeyFile.Read(path));
        Assert.Equal(Convert.ToBase64String(key) + "\n", File.ReadAllText(path, Encoding.ASCII));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void Create_makes_two_different_keys()
    {
        Assert.NotEqual(KeyFile.Create(directory.Combine("a")), KeyFile.Create(directory.Combine("b")));
    }

    [Fact]
    public void Create_makes_an_owner_only_file_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = directory.Combine("private.key");
        KeyFile.Create(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Create_refuses_to_overwrite_and_leaves_the_file_alone()
    {
        string path = directory.Combine("existing.key");
        File.WriteAllText(path, "keep me");

        var ex = Assert.Throws<SecretKeyException>(() => KeyFile.Create(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void Create_in_a_missing_directory_is_an_error_naming_the_file()
    {
        string path = Path.Combine(directory.Path, "no-such-dir", "k");

        var ex = Assert.Throws<SecretKeyException>(() => KeyFile.Create(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
