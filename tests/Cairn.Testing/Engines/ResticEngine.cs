using Xunit.Abstractions;

namespace Cairn.Testing;

/// <summary>
/// One restic binary of the test matrix: its label (<c>0.14</c>, <c>0.18</c>), path and version. A missing engine has no
/// binary but a reason; touching <see cref="Binary"/> then fails the test with that reason (under <c>CI=true</c> the
/// matrix keeps missing engines so that they fail rather than vanish).
/// </summary>
public sealed class ResticEngine : IXunitSerializable
{
    private string? _binary;

    /// <summary>For xunit's deserialisation only.</summary>
    public ResticEngine()
    {
    }

    internal ResticEngine(string label, string? binary, Version? version, string? missingReason)
    {
        Label = label;
        _binary = binary;
        Version = version;
        MissingReason = missingReason;
    }

    /// <summary><c>major.minor</c> of the engine (or the name it was asked by, when missing).</summary>
    public string Label { get; private set; } = "";

    public Version? Version { get; private set; }

    public string? MissingReason { get; private set; }

    public bool IsMissing => MissingReason is not null;

    /// <summary>The binary's full path; throws with the reason when the engine is missing.</summary>
    public string Binary => _binary ?? throw new InvalidOperationException(MissingReason);

    /// <summary>At least this version (e.g. <c>AtLeast(0, 17)</c> for <c>--stdin-from-command</c>).</summary>
    public bool AtLeast(int major, int minor) => Version is { } v && (v.Major, v.Minor).CompareTo((major, minor)) >= 0;

    public override string ToString() => "restic " + (Version?.ToString() ?? Label);

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Label), Label);

    public void Deserialize(IXunitSerializationInfo info)
    {
        var label = info.GetValue<string>(nameof(Label));
        var engine = ResticEngines.All.FirstOrDefault(e => e.Label == label)
            ?? new ResticEngine(label, null, null, $"restic {label} is no longer in the matrix");
        (Label, _binary, Version, MissingReason) = (engine.Label, engine._binary, engine.Version, engine.MissingReason);
    }
}
