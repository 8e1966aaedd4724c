using System.Text;
using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>manifest.json read with every key checked and named in the error.</summary>
public sealed class ReleaseManifestParserTests
{
    private const string Valid = """
        {
          "manifest_version": 1,
          "product_name": "Cairn Backup",
          "short_name": "cairn",
          "version": "1.3.0",
          "issued_at": "2026-12-01T10:00:00Z",
          "expires_at": "2027-03-01T10:00:00Z",
          "future_key": {"ignored": true},
          "artifacts": [
            { "file": "cairn-1.3.0-linux-x64.sh", "format": "sh", "rid": "linux-x64", "size": 10, "sha256": "0000000000000000000000000000000000000000000000000000000000000000" }
          ]
        }
        """;

    [Fact]
    public void A_manifest_without_minimum_version_and_with_unknown_keys_is_read()
    {
        var manifest = ReleaseManifestParser.Parse(Encoding.UTF8.GetBytes(Valid));

        Assert.Null(manifest.MinimumVersion);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero), manifest.ExpiresAt);
        Assert.Equal("sh", Assert.Single(manifest.Artifacts).Format);
    }

    [Theory]
    [InlineData("\"manifest_version\": 1", "\"manifest_version\": 2", "manifest_version 2")]
    [InlineData("\"version\": \"1.3.0\"", "\"version\": \"one\"", "'version'")]
    [InlineData("\"issued_at\": \"2026-12-01T10:00:00Z\"", "\"issued_at\": \"2026-12-01 10:00\"", "'issued_at'")]
    [InlineData("\"expires_at\": \"2027-03-01T10:00:00Z\"", "\"expires_at\": \"2026-11-01T10:00:00Z\"", "no later than")]
    [InlineData("\"cairn-1.3.0-linux-x64.sh\"", "\"../../etc/passwd\"", "artifacts[0].file")]
    [InlineData("\"format\": \"sh\"", "\"format\": \"zip\"", "artifacts[0].format")]
    [InlineData("\"rid\": \"linux-x64\"", "\"rid\": \"linux\"", "artifacts[0].rid")]
    [InlineData("\"size\": 10", "\"size\": -1", "artifacts[0].size")]
    [InlineData("\"sha256\": \"0000", "\"sha256\": \"ABCD", "artifacts[0].sha256")]
    [InlineData("\"short_name\": \"cairn\",", "", "'short_name'")]
    [InlineData("}\n  ]", "}\n  ", "not valid JSON (line")]
    public void Each_malformed_key_is_named(string find, string replace, string expected)
    {
        var text = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, text);

        var error = Assert.Throws<ReleaseRejectedException>(() => ReleaseManifestParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(ReleaseRejection.Malformed, error.Reason);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_recursed()
    {
        var text = Valid.Replace("{\"ignored\": true}", new string('[', 100) + new string(']', 100), StringComparison.Ordinal);

        Assert.Equal(ReleaseRejection.Malformed, Assert.Throws<ReleaseRejectedException>(() => ReleaseManifestParser.Parse(Encoding.UTF8.GetBytes(text))).Reason);
    }
}
