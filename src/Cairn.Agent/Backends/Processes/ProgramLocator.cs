namespace Cairn.Agent.Backends.Processes;

/// <summary>Whether a program can be run: a path that exists, or a bare name found on the context's PATH.</summary>
public static class ProgramLocator
{
    public static bool Exists(string program, AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // the same search as for restic: a path is checked as it is, a bare name along PATH (.exe added on Windows)
        return Restic.ResticBinaryLocator.Locate(program, null, context.GetEnvironmentVariable("PATH"), context.IsWindows, context.FileExists) is not null;
    }
}
