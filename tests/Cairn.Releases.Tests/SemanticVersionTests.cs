using CsCheck;
using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>SemVer 2.0 precedence, with the specification's own example chain.</summary>
public sealed class SemanticVersionTests
{
    [Fact]
    public void The_specifications_example_chain_is_in_ascending_order()
    {
        string[] chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0"];

        for (var i = 1; i < chain.Length; i++)
        {
            Assert.True(SemanticVersion.Parse(chain[i - 1]) < SemanticVersion.Parse(chain[i]), $"{chain[i - 1]} < {chain[i]}");
        }
    }

    [Theory]
    [InlineData("1.2.3+build.5", "1.2.3")]
    [InlineData("0.1", "0.1.0")]
    public void Build_metadata_and_a_missing_patch_do_not_change_precedence(string left, string right) =>
        Assert.Equal(SemanticVersion.Parse(left), SemanticVersion.Parse(right));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2.3.4")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("99999999999999999999.0.0")]
    public void Malformed_versions_are_refused(string text) =>
        Assert.False(SemanticVersion.TryParse(text, out _));

    [Fact]
    public void Order_is_a_total_order_on_generated_versions()
    {
        var identifier = Gen.OneOf(Gen.Int[0, 20].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.String[Gen.Char["abz-"], 1, 3]);
        var version = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], identifier.Array[0, 3])
            .Select((major, minor, patch, pre) => SemanticVersion.Parse($"{major}.{minor}.{patch}" + (pre.Length > 0 ? "-" + string.Join('.', pre) : "")));

        Gen.Select(version, version, version).Sample((a, b, c) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            if (a <= b && b <= c)
            {
                Assert.True(a <= c);
            }
        });
    }
}
