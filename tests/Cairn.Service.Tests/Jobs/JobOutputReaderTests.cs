using Cairn.Service.Jobs;
using Cairn.Service.Scheduling;
using Cairn.Service.State;

namespace Cairn.Service.Tests.Jobs;

public class JobOutputReaderTests
{
    [Fact]
    public void A_backup_document_gives_snapshot_bytes_and_messages()
    {
        const string stdout = """
            {"result":true,"operation":"backup","exit_code":30,"exec_time":1.2,"repos":[{"repo":"default","result":true,"exit_code":30,"output":{"summary":{"files_new":3,"total_bytes_processed":2000003,"snapshot_id":"48e0ecaa"},"repository_initialized":false,"missing_paths":[]},"additional_error_info":[],"additional_warning_info":["the backup processed 1.91 MiB, less than minimum_backup_size_error (10 MiB)"],"exec_time":1.1}]}
            """;
        var completion = JobOutputReader.Read(30, stdout, "");
        Assert.Equal(new JobCompletion(JobResult.Warning, 30, "48e0ecaa", 2000003,
            "warning: the backup processed 1.91 MiB, less than minimum_backup_size_error (10 MiB)"), completion);
    }

    [Fact]
    public void An_early_failure_keeps_the_reason_and_details()
    {
        const string stdout = """{"result":false,"operation":"backup","exit_code":71,"reason":"cannot load config file /etc/x.conf","additional_error_info":["/etc/x.conf:3:1: repos.a.x: unknown key"],"repos":[]}""";
        var completion = JobOutputReader.Read(71, stdout, "");
        Assert.Equal(JobResult.Failed, completion.Result);
        Assert.Null(completion.SnapshotId);
        Assert.Equal("cannot load config file /etc/x.conf\n/etc/x.conf:3:1: repos.a.x: unknown key", completion.LogExcerpt?.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(0, JobResult.Success)]
    [InlineData(30, JobResult.Warning)]
    [InlineData(40, JobResult.Error)]
    [InlineData(50, JobResult.Error)]
    [InlineData(1, JobResult.Failed)]
    [InlineData(76, JobResult.Failed)]
    [InlineData(200, JobResult.Interrupted)]
    public void Exit_codes_map_to_results(int code, JobResult expected) => Assert.Equal(expected, JobOutputReader.Read(code, "", "").Result);

    [Fact]
    public void The_job_command_line_is_the_clis()
    {
        Assert.Equal(["--config", "/etc/x.conf", "--repo", "a b", "--json", "backup"],
            JobCommandLine.Arguments("/etc/x.conf", new JobRequest("a b", JobOperation.Backup, "schedule"), null));
        Assert.Equal(["--config", "c", "--repo", "r", "--json", "--cache-dir", "/var/cache/x", "housekeeping"],
            JobCommandLine.Arguments("c", new JobRequest("r", JobOperation.Housekeeping, "manual"), "/var/cache/x"));
    }
}
