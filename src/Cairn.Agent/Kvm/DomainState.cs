namespace Cairn.Agent.Kvm;

/// <summary>A domain's state as <c>virsh domstate</c> prints it.</summary>
public enum DomainState
{
    Running,
    Paused,
    ShutOff,

    /// <summary>Shutting down, crashed, suspended to memory, blocked or idle: not backed up, reported.</summary>
    Other,
}

/// <summary>Parses <c>virsh domstate</c> (pure).</summary>
public static class DomainStateParser
{
    public static DomainState Parse(string output)
    {
        var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.ToLowerInvariant() switch
        {
            "running" or "blocked" or "idle" => DomainState.Running,
            "paused" => DomainState.Paused,
            "shut off" => DomainState.ShutOff,
            _ => DomainState.Other,
        };
    }

    public static string Name(DomainState state) => state switch
    {
        DomainState.Running => "running",
        DomainState.Paused => "paused",
        DomainState.ShutOff => "shut off",
        _ => "other",
    };

    /// <summary><c>virsh list --name</c>: one name per line, blank lines dropped.</summary>
    public static IReadOnlyList<string> ParseNames(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
