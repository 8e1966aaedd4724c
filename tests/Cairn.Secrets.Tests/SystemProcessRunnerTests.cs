using System.Text;
using Cairn.Secrets.Processes;

namespace Cairn.Secrets.Tests;

public sealed class SystemProcessRunnerTests
{
    [Fact]
    public void Passes_arguments_as_argv_without_a_shell()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        ProcessResult result = new SystemProcessRunner().Run(
            new ProcessRequest("/bin/echo", ["a b", "$HOME", "; ls"], TimeSpan.FromSeconds(10)));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b $HOME ; ls\n", Encoding.UTF8.GetString(result.StandardOutput));
    }

    [Fact]
    public void Kills_a_command_that_runs_too_long()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Throws<TimeoutException>(() => new SystemProcessRunner().Run(
            new ProcessRequest("/bin/sleep", ["30"], TimeSpan.FromMilliseconds(200))));
    }
}
