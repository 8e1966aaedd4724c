// Sums the .trx files of all test projects into one line any CI can read:
//   tests: N passed, N failed, N skipped

string SummarizeTestResults(DirectoryPath resultsDirectory)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(resultsDirectory.FullPath + "/**/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        // xunit's skipped tests are counted as total minus executed; notExecuted stays 0.
        skipped += Math.Max(Count("notExecuted"), Count("total") - Count("executed"));
    }
    return $"tests: {passed} passed, {failed} failed, {skipped} skipped";
}

// The names of the failed tests over all .trx files, one per line, so a CI log's tail says which failed.
IReadOnlyList<string> FailedTestNames(DirectoryPath resultsDirectory) =>
    GetFiles(resultsDirectory.FullPath + "/**/*.trx")
        .SelectMany(trx => System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants()
            .Where(e => e.Name.LocalName == "UnitTestResult" && (string)e.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted")
            .Select(e => (string)e.Attribute("testName") ?? "?"))
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToList();
