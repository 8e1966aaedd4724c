using System.Text;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Logging;
using Cairn.Agent.Tests.Support;
using NSubstitute;

namespace Cairn.Agent.Tests.Logging;

public class AgentLogTests
{
    [Fact]
    public void Lines_carry_time_level_and_pid_and_every_secret_is_masked()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var path = temp.Combine("logs", "agent.log");
        using (var log = AgentLog.Open(new LogSettings(path, Verbose: false), console: null))
        {
            log.Information("before: s3cr3t-Pässword");
            log.AddSecrets(["s3cr3t-Pässword", "rest:http://bob:hunter2-xyz@127.0.0.1:1/", null, ""]);
            log.Warning("after: s3cr3t-Pässword and {braces} and hunter2-xyz alone");
            log.Debug("not written without --verbose");
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d \[INF\] \[\d+\] before: s3cr3t-Pässword$", lines[0]);
        Assert.EndsWith($"[WRN] [{Environment.ProcessId}] after: *** and {{braces}} and *** alone", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_writes_debug_lines_and_copies_detail_to_the_console()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var path = temp.Combine("agent.log");
        var console = new StringWriter();
        using (var log = AgentLog.Open(new LogSettings(path, Verbose: true), console))
        {
            log.AddSecrets(["pw-123456"]);
            log.Debug("run: restic backup pw-123456");
            log.Error("an error");
        }

        Assert.Contains("[DBG]", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal("verbose: run: restic backup ***" + Environment.NewLine, console.ToString());
    }

    [Fact]
    public void The_file_rotates_by_size_and_keeps_the_retained_count()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var path = temp.Combine("rot.log");
        using (var log = AgentLog.Open(new LogSettings(path, false) { FileSizeLimitBytes = 2048, RetainedFileCount = 3 }, null))
        {
            for (var i = 0; i < 200; i++)
            {
                log.Information($"line {i:D4} " + new string('x', 100));
            }
        }

        var files = Directory.GetFiles(temp.Path, "rot*.log");
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 2048 + 200, f));
        var all = string.Concat(files.Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.Contains("line 0199", all, StringComparison.Ordinal); // the newest lines are kept
        Assert.DoesNotContain("line 0000", all, StringComparison.Ordinal); // the oldest files are gone
    }

    [Fact]
    public async Task Every_program_run_is_logged_with_its_argv_exit_code_and_duration_but_not_its_environment()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var path = temp.Combine("runs.log");
        var inner = Substitute.For<IProcessRunner>();
        inner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            call.Arg<ProcessRequest>().OnStandardError?.Invoke("Fatal: unable to open repo at rest:http://u:repo-pw-77@h/");
            return Task.FromResult(3);
        });
        var seen = new List<string>();
        using (var log = AgentLog.Open(new LogSettings(path, Verbose: true), null))
        {
            log.AddSecrets(["rest:http://u:repo-pw-77@h/", "env-secret-88"]);
            var runner = new LoggingProcessRunner(inner, log);
            var code = await runner.RunAsync(new ProcessRequest("/usr/bin/restic", ["backup", "--tag", "two words", "--", "/data"],
                new Dictionary<string, string?> { ["RESTIC_PASSWORD"] = "env-secret-88", ["AWS_SECRET"] = "aws-secret-99" },
                OnStandardError: seen.Add), CancellationToken.None);
            Assert.Equal(3, code);
        }

        var text = File.ReadAllText(path);
        Assert.Contains("run: /usr/bin/restic backup --tag 'two words' -- /data", text, StringComparison.Ordinal);
        Assert.Contains("restic exited with 3 after ", text, StringComparison.Ordinal);
        Assert.Contains("restic: Fatal: unable to open repo at ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RESTIC_PASSWORD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aws-secret-99", text, StringComparison.Ordinal);
        Assert.DoesNotContain("repo-pw-77", text, StringComparison.Ordinal);
        Assert.Single(seen); // the caller still gets restic's stderr
    }
}
