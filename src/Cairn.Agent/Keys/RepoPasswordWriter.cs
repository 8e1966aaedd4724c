using Cairn.Agent.ConfigFile;

namespace Cairn.Agent.Keys;

/// <summary>
/// Stores a repo's new password in its config file: <c>repos.&lt;name&gt;.repo_opts.repo_password</c> (at the repo, so a
/// group's password shared by other repos stays as it is), encrypted with the config's key when there is one, in one
/// atomic save that happens only if the file did not change since it was read. Only the value's characters change.
/// </summary>
public static class RepoPasswordWriter
{
    /// <summary>Null when saved, else why not (the file is then unchanged).</summary>
    public static string? Store(ConfigSession session, string repoName, string password, ProductIdentity product, string hostName)
    {
        if (session.File is not { } opened)
        {
            return "the config file was not read";
        }
        ConfigFileText file;
        try
        {
            file = ConfigFileStore.Read(opened.Path); // fresh: an earlier repo of this run may have saved it
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {opened.Path}: {ex.Message}";
        }
        var (edited, error) = YamlValueEditor.Set(file.Text, file.Path, $"repos.{repoName}.repo_opts.repo_password",
            YamlValue.Of(YamlScalarText.Render(password)));
        if (edited is null)
        {
            return $"cannot set repos.{repoName}.repo_opts.repo_password: {error}";
        }
        var prepared = ConfigDocument.Prepare(edited, file.Path,
            new ConfigReadOptions(product.EncryptedValueMarker, hostName) { Key = session.Key });
        if (!prepared.Success)
        {
            return $"the edited config does not load: {string.Join("; ", prepared.Errors)}";
        }
        try
        {
            ConfigFileStore.EnsureWritable(file.Path);
            ConfigFileStore.Save(file, prepared.UpdatedText ?? edited);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot save {file.Path}: {ex.Message}";
        }
        return null;
    }
}
