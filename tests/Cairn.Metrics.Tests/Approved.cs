namespace Cairn.Metrics.Tests;

/// <summary>
/// Golden files in Approved/. On a mismatch the new output is written next to the approved copy in the
/// source tree as *.received.*, to review and rename if it is right.
/// </summary>
internal static class Approved
{
    public static void Verify(string name, string actual)
    {
        string approvedPath = Path.Combine(AppContext.BaseDirectory, "Approved", name);
        string expected = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : string.Empty;
        if (expected == actual)
        {
            return;
        }

        string received = Path.Combine(SourceDirectory(), "Approved",
            Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        File.WriteAllText(received, actual);
        Assert.Fail($"Output differs from Approved/{name}; see {received}.");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path)!;
}
