using System.Net;

namespace Cairn.Web.Hosting;

/// <summary>What a host tells the web interface: which config, where to keep state, where to listen.</summary>
public sealed record CairnWebOptions
{
    /// <summary>The agent's config file (the same one the CLI and the service use).</summary>
    public required string ConfigFile { get; init; }

    /// <summary>Folder for the admin password hash and the job history.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Key of the config's encrypted values (the agent's <c>--key-file</c>); null: the key location / key command
    /// environment variables, as for the CLI.
    /// </summary>
    public string? KeyFile { get; init; }

    /// <summary>restic's cache directory (<c>--cache-dir</c>), or null for restic's default.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Folders restores may write into (a target must be one of them or below one). Empty: no restore.</summary>
    public IReadOnlyList<string> AllowedRestoreRoots { get; init; } = [];

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>A PKCS#12 certificate for HTTPS; required for a non-loopback bind unless <see cref="AllowInsecureBind"/>.</summary>
    public string? CertificateFile { get; init; }

    public string? CertificatePassword { get; init; }

    /// <summary>Serve plain HTTP on a non-loopback address anyway (explicit flag).</summary>
    public bool AllowInsecureBind { get; init; }

    /// <summary>Jobs running at once over all repos (never more than one mutating job per repo).</summary>
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>How long a dashboard entry is reused before restic is asked again.</summary>
    public TimeSpan StatusCacheDuration { get; init; } = TimeSpan.FromSeconds(30);
}
