using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>An installer compared with its signed size and SHA-256.</summary>
public sealed class ArtifactCheckTests
{
    private static readonly byte[] Content = ReleaseFixture.Installer("#!/bin/sh\necho installer\n");
    private static readonly ReleaseArtifact Artifact = ReleaseFixture.Artifact("cairn-1.3.0-linux-x64.sh", "sh", "linux-x64", Content);

    [Fact]
    public async Task The_exact_bytes_pass()
    {
        await ArtifactCheck.VerifyAsync(Artifact, new MemoryStream(Content));
    }

    [Fact]
    public async Task An_installer_with_one_byte_changed_is_refused()
    {
        var altered = (byte[])Content.Clone();
        altered[^2] ^= 0x20;

        var error = await Assert.ThrowsAsync<ReleaseRejectedException>(() => ArtifactCheck.VerifyAsync(Artifact, new MemoryStream(altered)));

        Assert.Equal(ReleaseRejection.ArtifactMismatch, error.Reason);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public async Task A_shorter_or_longer_installer_is_refused_reading_at_most_one_byte_past_the_size()
    {
        var longer = new CountingStream(new MemoryStream(new byte[Content.Length * 1000]));

        Assert.Equal(ReleaseRejection.ArtifactMismatch, (await Assert.ThrowsAsync<ReleaseRejectedException>(() => ArtifactCheck.VerifyAsync(Artifact, new MemoryStream(Content[..^1])))).Reason);
        Assert.Equal(ReleaseRejection.ArtifactMismatch, (await Assert.ThrowsAsync<ReleaseRejectedException>(() => ArtifactCheck.VerifyAsync(Artifact, longer))).Reason);
        Assert.Equal(Content.Length + 1, longer.BytesRead);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
