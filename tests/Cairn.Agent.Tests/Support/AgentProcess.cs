using System.Diagnostics;

namespace Cairn.Agent.Tests.Support;

/// <summary>
/// The test assembly's entry point: <c>dotnet Cairn.Agent.Tests.dll agent ARGS</c> runs the agent (as
/// <see cref="TestProduct"/>) in a process of its own, with the real console and environment; tests use it to have two
/// agent processes compete (repo locks). Test runners never call it.
/// </summary>
public static class AgentProcess
{
    public static async Task<int> Main(string[] args) =>
        args is ["agent", .. var rest] ? await AgentApplication.RunAsync(rest, TestProduct.Identity) : 64;

    /// <summary>Starts the agent as a separate process with extra environment variables; stdout and stderr are captured.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(AgentProcess).Assembly.Location, "agent" }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start the agent process");
    }
}
