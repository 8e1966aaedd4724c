using System.Text.Json;
using Cairn.Agent.Notifications;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Tests.Notifications;

/// <summary>The pure payload builders, apart from any I/O.</summary>
public class PayloadTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);

    private static readonly MetricLabels Labels = new()
    {
        Instance = "box-1", Group = "lab", BackupJob = "nightly", Version = "1.2.3", Os = "linux", Arch = "x64",
        AdditionalLabels = new Dictionary<string, string> { ["site"] = "paris" },
    };

    private static NotificationEvent Backup(ExecState state = ExecState.Ok, string repo = "default", IReadOnlyList<string>? reasons = null) =>
        NotificationEvents.Finished(new OperationMetrics("backup", repo, state, TimeSpan.FromSeconds(12.5), new BackupSummary
        {
            FilesNew = 3, FilesChanged = 2, FilesUnmodified = 5, TotalFilesProcessed = 10, TotalBytesProcessed = 3 * 1024 * 1024,
            DirsNew = 1, StorageTooHigh = true,
        }), Labels, new MetricNaming("test_backup"), Now, reasons ?? [], skipped: false);

    [Fact]
    public void Zabbix_items_use_NPBackups_keys_on_the_instance_host_and_leave_out_the_products_own_metrics()
    {
        var items = ZabbixItems.Metrics(Backup(), "box-1").ToDictionary(i => i.Key, i => i.Value);

        Assert.Equal("0", items["npbackup.exec_state[default,backup]"]);
        Assert.Equal("12.5", items["npbackup.exec_time[default,backup]"]);
        Assert.Equal("2", items["restic.files[default,backup,changed]"]);
        Assert.Equal("10", items["restic.files[default,backup,total]"]);
        Assert.Equal("3145728", items["restic.total_bytes_processed[default,backup]"]);
        Assert.Equal("1", items["npbackup.storage_heuristics_too_high[default,backup]"]);
        Assert.Equal("0", items["npbackup.storage_heuristics_too_many_modified_files[default,backup]"]);
        Assert.DoesNotContain(items.Keys, k => k.StartsWith("test_backup", StringComparison.Ordinal) || k.Contains("blobs", StringComparison.Ordinal));
        Assert.All(ZabbixItems.Metrics(Backup(), "box-1"), i => Assert.Equal(("box-1", Now.ToUnixTimeSeconds()), (i.Host, i.Clock)));
    }

    [Fact]
    public void Zabbix_discovery_is_one_object_of_macros_from_every_label_but_the_instance()
    {
        var item = ZabbixItems.Discovery(Backup(), "box-1");

        Assert.Equal("npbackup.discovery", item.Key);
        var macros = Assert.Single(JsonDocument.Parse(item.Value).RootElement.EnumerateArray());
        Assert.Equal("default", macros.GetProperty("{#REPO_NAME}").GetString());
        Assert.Equal("backup", macros.GetProperty("{#ACTION}").GetString());
        Assert.Equal("lab", macros.GetProperty("{#GROUP}").GetString());
        Assert.Equal("paris", macros.GetProperty("{#SITE}").GetString());
        Assert.False(macros.TryGetProperty("{#INSTANCE}", out _));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"]", "\"say \\\"hi\\\"]\"")]
    [InlineData("", "\"\"")]
    public void Zabbix_key_parameters_are_quoted_when_Zabbix_needs_it(string value, string expected) =>
        Assert.Equal(expected, ZabbixItems.QuoteParameter(value));

    [Fact]
    public async Task The_Zabbix_frame_is_ZBXD_flags_and_a_little_endian_length_and_reads_back()
    {
        var frame = ZabbixFrame.Encode("{\"é\":1}");

        Assert.Equal("ZBXD\u0001"u8.ToArray(), frame[..5]);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0 }, frame[5..13]);
        using var stream = new MemoryStream(frame);
        Assert.Equal("{\"é\":1}", await ZabbixFrame.ReadAsync(stream, 100, CancellationToken.None));
        using var large = new MemoryStream(frame);
        await Assert.ThrowsAsync<NotificationException>(() => ZabbixFrame.ReadAsync(large, 5, CancellationToken.None));
        Assert.NotNull(ZabbixFrame.ReadHeader("HTTP/1.1 400"u8).Problem);
    }

    [Theory]
    [InlineData("{\"response\":\"success\",\"info\":\"processed: 3; failed: 0; total: 3; seconds spent: 0.000055\"}", null)]
    [InlineData("{\"response\":\"success\",\"info\":\"processed: 1; failed: 2; total: 3; seconds spent: 0.000055\"}", "refused 2 of 3 items")]
    [InlineData("{\"response\":\"failed\",\"info\":\"host not monitored\"}", "answered 'failed': host not monitored")]
    [InlineData("garbage", "not JSON")]
    public void The_Zabbix_answer_is_a_success_only_with_no_failed_item(string answer, string? problem)
    {
        var result = ZabbixItems.CheckResponse(answer, 3);

        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(problem, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_monitoring_document_has_NPBackups_shape_with_the_reasons()
    {
        var entry = Assert.Single(JsonDocument.Parse(MonitoringDocument.Render(MonitoringDocument.For(Backup(ExecState.Warning,
            reasons: ["minimum size"])), pretty: false)).RootElement.EnumerateArray());

        Assert.Equal(1, entry.GetProperty("result").GetInt32());
        Assert.Equal("backup", entry.GetProperty("operation").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), entry.GetProperty("timestamp").GetInt64());
        Assert.Equal(3, entry.GetProperty("metrics").GetProperty("restic_files").GetProperty("new").GetInt32());
        Assert.Equal(1, entry.GetProperty("metrics").GetProperty("npbackup_exec_state").GetInt32());
        Assert.Equal(1, entry.GetProperty("metrics").GetProperty("npbackup_storage_heuristics_too_high").GetInt32());
        Assert.Equal("paris", entry.GetProperty("labels").GetProperty("site").GetString());
        Assert.Equal("minimum size", entry.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public void Healthchecks_pings_start_success_or_fail_and_warnings_count_as_failures()
    {
        var url = new Uri("https://hc.example/ping/abc/");
        var start = NotificationEvents.Started("backup", "default", Labels, new MetricNaming(), Now);

        Assert.Equal("https://hc.example/ping/abc/start", HealthchecksPing.UrlFor(url, start).ToString());
        Assert.Equal(url, HealthchecksPing.UrlFor(url, Backup()));
        Assert.Equal("https://hc.example/ping/abc/fail", HealthchecksPing.UrlFor(url, Backup(ExecState.Warning)).ToString());
        Assert.Equal("""
            Operation: backup
            Repository: default
            Status: Warning
            Execution time: 12.50s
            Data processed: 3.00 MB
            Files: 3 new, 2 changed, 5 unmodified, 10 total
            Dirs: 1 new, 0 changed, 0 unmodified
            Reason: storage heuristics: too high

            """.ReplaceLineEndings("\n"), HealthchecksPing.Body(Backup(ExecState.Warning, reasons: ["storage heuristics: too high"])));
    }

    [Fact]
    public void Email_goes_to_the_recipients_of_the_event_with_NPBackups_subject()
    {
        var recipients = new EmailRecipients(["ok@x"], ["bad@x"], ["ops-ok@x"], ["ops-bad@x"]);
        var product = new ProductIdentity("Acme Backup", "acme", "2.0.0", "", "__ACME__");
        var check = NotificationEvents.Finished(new OperationMetrics("check", "default", ExecState.Ok, TimeSpan.Zero), Labels,
            new MetricNaming(), Now, [], skipped: false);

        Assert.Equal(["ok@x"], recipients.For(Backup()));
        Assert.Equal(["bad@x"], recipients.For(Backup(ExecState.Warning)));
        Assert.Equal(["ops-ok@x"], recipients.For(check));
        Assert.Equal(["ops-bad@x"], recipients.For(check with { State = ExecState.Critical }));

        var report = EmailReport.For(Backup(ExecState.Error, reasons: ["source path does not exist: /x"]), product);
        Assert.Equal("Acme Backup failure report for box-1 backup on repo default", report.Subject);
        Assert.Contains("Status: Error\n", report.Body, StringComparison.Ordinal);
        Assert.Contains("Date: 2025-10-09 08:53:20 UTC\n", report.Body, StringComparison.Ordinal);
        Assert.Contains("- source path does not exist: /x\n", report.Body, StringComparison.Ordinal);
        Assert.Contains("\"restic_total_bytes_processed\": 3145728", report.Body, StringComparison.Ordinal);
        Assert.EndsWith("-- generated by Acme Backup 2.0.0\n", report.Body, StringComparison.Ordinal);
    }
}
