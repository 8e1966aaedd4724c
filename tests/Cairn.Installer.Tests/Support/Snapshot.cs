namespace Cairn.Installer.Tests.Support;

/// <summary>
/// Compares generated text with the approved copy Snapshots/NAME.verified.txt. With CAIRN_UPDATE_SNAPSHOTS=1 the
/// approved copy is rewritten instead; a mismatch leaves the actual text beside it as NAME.received.txt.
/// </summary>
internal static class Snapshot
{
    private const string UpdateVariable = "CAIRN_UPDATE_SNAPSHOTS";

    public static void Verify(string name, string actual)
    {
        var verified = Path.Combine(RepositoryPaths.Snapshots, name + ".verified.txt");
        var received = Path.Combine(RepositoryPaths.Snapshots, name + ".received.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no approved copy {verified}; run the tests with {UpdateVariable}=1 to create it"
            : $"{name} differs from the approved copy; compare {received} with {verified}, and if the change is intended run the tests with {UpdateVariable}=1");
    }
}
