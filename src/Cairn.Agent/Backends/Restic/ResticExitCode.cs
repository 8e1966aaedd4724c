namespace Cairn.Agent.Backends.Restic;

/// <summary>restic's exit codes (restic doc/075_scripting.rst; 10-12 appeared after 0.14).</summary>
public enum ResticExitCode
{
    Success = 0,

    /// <summary>Fatal error: 0.14 also uses it for a wrong password, a missing repository or a lock.</summary>
    Fatal = 1,

    /// <summary>Go runtime error.</summary>
    GoRuntimeError = 2,

    /// <summary>Backup: some source files could not be read; the snapshot was written.</summary>
    PartialBackup = 3,
    RepositoryDoesNotExist = 10,
    RepositoryLocked = 11,
    WrongPassword = 12,
    Interrupted = 130,
}
