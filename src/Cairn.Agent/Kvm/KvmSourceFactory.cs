using Cairn.Agent.Commands;
using Cairn.Agent.State;

namespace Cairn.Agent.Kvm;

/// <summary>Builds the KVM source of a repo run: its tools on the run's process runner, its folders under the state folder.</summary>
internal static class KvmSourceFactory
{
    public static KvmSource Create(KvmSettings settings, RepoRun run, string shortName)
    {
        var state = StateDirectory.Resolve(shortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory,
            Environment.IsPrivilegedProcess);
        var overlays = new OverlayFiles(settings.OverlayDirectory ?? Path.Combine(state, "vm-overlays"), shortName);
        var paths = new KvmPaths(overlays, Path.Combine(state, "vm-staging"), run.Context.Clock);
        return new KvmSource(settings, new KvmTools(run.Context.ProcessRunner), paths, run.DryRun);
    }
}
