namespace Cairn.Agent.Config;

/// <summary>
/// Expands NPBackup's variables in config values: <c>${MACHINE_ID}</c>, <c>${MACHINE_GROUP}</c>,
/// <c>${MACHINE_TENANT}</c>, <c>${BACKUP_JOB}</c>, <c>${REPO_NAME}</c>, <c>${REPO_GROUP}</c>, <c>${HOSTNAME}</c>.
/// Variables may contain variables (expanded a few rounds). <c>${RANDOM}[n]</c> is left as written for now.
/// </summary>
public sealed class VariableExpander(IReadOnlyDictionary<string, string> values)
{
    private const int MaxRounds = 4;

    public string Expand(string text)
    {
        for (var round = 0; round < MaxRounds && text.Contains("${", StringComparison.Ordinal); round++)
        {
            var before = text;
            foreach (var (name, value) in values)
            {
                text = text.Replace("${" + name + "}", value, StringComparison.Ordinal);
            }
            if (text == before)
            {
                break;
            }
        }
        return text;
    }
}
