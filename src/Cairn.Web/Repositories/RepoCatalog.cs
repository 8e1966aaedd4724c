using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Config;
using Cairn.Web.Hosting;

namespace Cairn.Web.Repositories;

/// <summary>A repo the interface can reach directly: its config and how to run restic on it.</summary>
public sealed record RepoAccess(RepoConfig Repo, RepositoryConnection Connection, string ResticBinary);

/// <summary>Reads the config file (fresh each time: the file may change under us) for what the pages show.</summary>
public sealed class RepoCatalog(WebBrand brand, CairnWebOptions options)
{
    public ConfigLoadResult Load() =>
        ConfigLoader.LoadFile(options.ConfigFile, brand.Product.EncryptedValueMarker, Environment.MachineName);

    /// <summary>The repo and its connection, or an error message.</summary>
    public (RepoAccess? Access, string? Error) Find(string repoName)
    {
        var loaded = Load();
        if (loaded.Config is not { } config)
        {
            return (null, $"cannot load config file {options.ConfigFile}: " +
                string.Join("; ", loaded.Errors.Select(e => e.ToString())));
        }
        if (config.FindRepo(repoName) is not { } repo)
        {
            return (null, $"no repo named '{repoName}'");
        }
        if (string.IsNullOrEmpty(repo.Uri))
        {
            return (null, "repo_uri is not set");
        }
        var variable = ResticBinaryLocator.EnvironmentVariableName(brand.Product.ShortName);
        var binary = ResticBinaryLocator.Locate(config.ResticBinary, Environment.GetEnvironmentVariable(variable),
            Environment.GetEnvironmentVariable("PATH"), OperatingSystem.IsWindows(), File.Exists);
        if (binary is null)
        {
            return (null, "restic binary not found");
        }
        var connection = new RepositoryConnection(repo.Uri, repo.Password, repo.PasswordCommand, repo.EnvironmentVariables);
        return (new RepoAccess(repo, connection, binary), null);
    }
}
