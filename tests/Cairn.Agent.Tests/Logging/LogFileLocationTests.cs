using Cairn.Agent.Logging;

namespace Cairn.Agent.Tests.Logging;

public class LogFileLocationTests
{
    private static string? Env(string name) => name switch
    {
        "HOME" => "/home/ann",
        "LOCALAPPDATA" => @"C:\Users\ann\AppData\Local",
        _ => null,
    };

    [Fact]
    public void The_log_file_option_wins()
    {
        var path = LogFileLocation.Resolve("acme", "/tmp/x/agent.log", "/var/log", false, Env, _ => true);
        Assert.Equal("/tmp/x/agent.log", path);
    }

    [Fact]
    public void The_system_folder_is_used_when_writable()
    {
        var asked = new List<string>();
        var path = LogFileLocation.Resolve("acme", null, "/var/log", false, Env, p =>
        {
            asked.Add(p);
            return true;
        });
        Assert.Equal("/var/log/acme/acme.log", path);
        Assert.Equal(["/var/log/acme/acme.log"], asked);
    }

    [Fact]
    public void Otherwise_the_per_user_state_folder()
    {
        Assert.Equal("/home/ann/.local/state/acme/acme.log",
            LogFileLocation.Resolve("acme", null, "/var/log", false, Env, p => !p.StartsWith("/var/", StringComparison.Ordinal)));
        Assert.Equal("/xdg/acme/acme.log",
            LogFileLocation.Resolve("acme", null, "/var/log", false, n => n == "XDG_STATE_HOME" ? "/xdg" : Env(n), p => !p.StartsWith("/var/", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_writable_place_means_no_file()
    {
        Assert.Null(LogFileLocation.Resolve("acme", null, "/var/log", false, Env, _ => false));
        Assert.Null(LogFileLocation.Resolve("acme", null, null, false, _ => null, _ => true));
    }

    [Fact]
    public void The_real_write_test_creates_the_folder_and_refuses_an_unwritable_place()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var path = temp.Combine("a", "b", "x.log");
        Assert.True(LogFileLocation.CanWrite(path));
        Assert.True(File.Exists(path));
        File.WriteAllText(temp.Combine("file"), "");
        Assert.False(LogFileLocation.CanWrite(temp.Combine("file", "x.log"))); // a file where a folder should be
    }
}
