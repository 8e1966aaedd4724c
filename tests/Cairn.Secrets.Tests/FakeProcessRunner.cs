using System.Text;
using Cairn.Secrets.Processes;

namespace Cairn.Secrets.Tests;

/// <summary>Records requests and answers with a canned result.</summary>
internal sealed class FakeProcessRunner : IProcessRunner
{
    private readonly ProcessResult result;

    public FakeProcessRunner(int exitCode, string standardOutput)
    {
        result = new ProcessResult(exitCode, Encoding.UTF8.GetBytes(standardOutput), string.Empty);
    }

    public List<ProcessRequest> Requests { get; } = [];

    public ProcessResult Run(ProcessRequest request)
    {
        Requests.Add(request);
        return result;
    }
}
