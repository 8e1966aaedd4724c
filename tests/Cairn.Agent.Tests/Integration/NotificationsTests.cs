using System.Diagnostics;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using Cairn.Agent.Tests.Support.Sinks;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// Notifications after real restic backups, to loopback sinks started here: a Zabbix trapper (cross-checked with
/// Debian's python3-protobix), HTTP sinks for healthchecks.io pings and webhooks, Debian's aiosmtpd for email. Each kind:
/// success, a failure event, and a destination that refuses or is down (exit 30, the reason in the JSON document).
/// </summary>
public class NotificationsTests
{
    /// <summary>A repo backing up one 4 KiB file, with the given monitoring sections; <c>missing</c> adds a source that does not exist (exit 40).</summary>
    private static async Task<(TemporaryDirectory Temp, string Config)> SetUpAsync(string sections, bool missing = false)
    {
        var temp = new TemporaryDirectory("cairn-notify-tests-");
        Directory.CreateDirectory(temp.Combine("data"));
        await File.WriteAllTextAsync(temp.Combine("data", "file.txt"), new string('x', 4096));
        var config = temp.Combine("agent.conf");
        var extraPath = missing ? $"\n      - '{temp.Combine("no-such-folder")}'" : "";
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{temp.Combine("repo")}'
                backup_opts:
                  paths:
                  - '{temp.Combine("data")}'{extraPath}
                  minimum_backup_size_error: 1 KiB
                repo_opts:
                  repo_password: pw
                monitoring:
                  backup_job: nightly
            identity:
              machine_id: box-1
              machine_group: lab
            {sections}
            """);
        return (temp, config);
    }

    private static Task<AgentRun> BackupAsync(TemporaryDirectory temp, string config) =>
        Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--log-file", LogOf(temp), "--json", "backup", "--force");

    private static JsonElement Repo(AgentRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repos")[0];

    private static string[] Warnings(AgentRun run) =>
        Repo(run).TryGetProperty("additional_warning_info", out var warnings)
            ? [.. warnings.EnumerateArray().Select(w => w.GetString()!)]
            : [];

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Zabbix(int port, string method = "ZabbixProtocol") => $"""
        global_zabbix:
          enabled: true
          server: 127.0.0.1
          port: {port}
          method: {method}
          discovery_wait_time: 0.05
          timeout: 5
        """;

    // ---- Zabbix

    [ResticFact]
    public async Task Zabbix_gets_the_discovery_then_the_items_of_the_backup_on_the_instance_host()
    {
        await using var trapper = new ZabbixTrapper();
        var (temp, config) = await SetUpAsync(Zabbix(trapper.Port));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 0, run.ToString());
        var discovery = await trapper.NextAsync();
        Assert.Equal("ZBXD\u0001", System.Text.Encoding.ASCII.GetString(discovery.Header, 0, 5));
        var (host, key, value) = Assert.Single(discovery.Items);
        Assert.Equal(("box-1", "npbackup.discovery"), (host, key));
        var macros = JsonDocument.Parse(value).RootElement[0];
        Assert.Equal("default", macros.GetProperty("{#REPO_NAME}").GetString());
        Assert.Equal("backup", macros.GetProperty("{#ACTION}").GetString());
        Assert.Equal("nightly", macros.GetProperty("{#BACKUP_JOB}").GetString());
        Assert.False(macros.TryGetProperty("{#INSTANCE}", out _));

        var items = (await trapper.NextAsync()).Items.ToDictionary(i => i.Key, i => i.Value);
        Assert.All((await Task.FromResult(items)).Keys, k => Assert.Matches(@"^(npbackup|restic)\.[a-z_]+\[default,backup(,[a-z]+)?\]$", k));
        Assert.Equal("0", items["npbackup.exec_state[default,backup]"]);
        Assert.Equal("0", items["restic.backup_failure[default,backup]"]);
        Assert.Equal("1", items["restic.files[default,backup,new]"]);
        Assert.Equal("4096", items["restic.total_bytes_processed[default,backup]"]);
        Assert.Equal("0", items["npbackup.storage_heuristics_too_high[default,backup]"]);
        Assert.DoesNotContain(items.Keys, k => k.Contains("last_successful", StringComparison.Ordinal) || k.Contains("blobs", StringComparison.Ordinal));
    }

    [ResticFact]
    public async Task Zabbix_raw_json_sends_one_document_item_and_a_failed_backup_says_so()
    {
        await using var trapper = new ZabbixTrapper();
        var (temp, config) = await SetUpAsync(Zabbix(trapper.Port, "RawJSON"), missing: true);
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 40, run.ToString());
        var (host, key, value) = Assert.Single((await trapper.NextAsync()).Items);
        Assert.Equal(("box-1", "npbackup.metrics_json"), (host, key));
        var entry = JsonDocument.Parse(value).RootElement[0];
        Assert.Equal(2, entry.GetProperty("result").GetInt32());
        Assert.Equal("backup", entry.GetProperty("operation").GetString());
        Assert.Equal(2, entry.GetProperty("metrics").GetProperty("npbackup_exec_state").GetInt32());
        Assert.Equal("box-1", entry.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Contains(entry.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("no-such-folder", StringComparison.Ordinal));
    }

    [ResticFact]
    public async Task Items_the_Zabbix_server_refuses_make_the_run_a_warning_with_the_reason()
    {
        await using var trapper = new ZabbixTrapper { FailedItems = r => r.Items.Count };
        var (temp, config) = await SetUpAsync(Zabbix(trapper.Port));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 30, run.ToString());
        Assert.True(Repo(run).GetProperty("result").GetBoolean());
        var warning = Assert.Single(Warnings(run));
        Assert.StartsWith($"notifications: zabbix 127.0.0.1:{trapper.Port}: not sent: the Zabbix server refused 1 of 1 items", warning,
            StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_Zabbix_server_that_is_down_makes_the_run_a_warning_and_the_backup_is_kept()
    {
        var port = ClosedPort();
        var (temp, config) = await SetUpAsync(Zabbix(port));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 30, run.ToString());
        Assert.Matches("^[0-9a-f]{8}$", Repo(run).GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);
        var warning = Assert.Single(Warnings(run));
        Assert.Contains($"zabbix 127.0.0.1:{port}: not sent: ", warning, StringComparison.Ordinal);
        Assert.Contains("refused", warning, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(warning, await File.ReadAllTextAsync(LogOf(temp)), StringComparison.Ordinal);
    }

    /// <summary>Debian's python3-protobix, an independent Zabbix sender, sends the items the agent sent: the same frames.</summary>
    [ProtobixFact]
    public async Task The_agents_Zabbix_frames_match_those_of_protobix_for_the_same_items()
    {
        await using var trapper = new ZabbixTrapper(portBelow32768: true);
        var (temp, config) = await SetUpAsync(Zabbix(trapper.Port));
        using var cleanup = temp;
        Assert.Equal(0, (await BackupAsync(temp, config)).ExitCode);
        var ours = new[] { await trapper.NextAsync(), await trapper.NextAsync() };

        foreach (var request in ours)
        {
            var clock = request.Root.GetProperty("data")[0].GetProperty("clock").GetInt64();
            var items = temp.Combine("items.json");
            await File.WriteAllTextAsync(items, JsonSerializer.Serialize(request.Items.Select(i => new[] { i.Host, i.Key, i.Value })));
            var script = $$"""
                import json, sys, protobix
                c = protobix.DataContainer()
                c.server_active = "127.0.0.1"
                c.server_port = {{trapper.Port}}
                c.data_type = "items"
                for host, key, value in json.load(open(sys.argv[1], encoding="utf-8")):
                    c.add_item(host, key, value, clock={{clock}})
                print(c.send())
                """;
            var start = new ProcessStartInfo(SmtpSink.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(items);
            using var python = Process.Start(start)!;
            var output = python.StandardOutput.ReadToEndAsync();
            var error = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            Assert.True(python.ExitCode == 0, $"exit {python.ExitCode}: {await output} {error}");

            var theirs = await trapper.NextAsync();
            Assert.Equal(theirs.Header[..5], request.Header[..5]);
            Assert.Equal(request.Items, theirs.Items);
            Assert.Equal("sender data", theirs.Root.GetProperty("request").GetString());
            Assert.Equal(theirs.Root.GetProperty("request").GetString(), request.Root.GetProperty("request").GetString());
        }
    }

    // ---- healthchecks.io

    private static string Healthchecks(string url) => $"""
        global_healthchecksio:
          enabled: true
          url: {url}/ping/0b1c2d3e
          timeout: 5
        """;

    [ResticFact]
    public async Task Healthchecks_gets_a_start_ping_then_a_success_ping_with_the_backups_figures()
    {
        await using var sink = new HttpSink();
        var (temp, config) = await SetUpAsync(Healthchecks(sink.Url));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 0, run.ToString());
        var start = await sink.NextAsync();
        Assert.Equal(("POST", "/ping/0b1c2d3e/start"), (start.Method, start.Target));
        var end = await sink.NextAsync();
        Assert.Equal(("POST", "/ping/0b1c2d3e"), (end.Method, end.Target));
        Assert.Contains("Status: Success\n", end.Body, StringComparison.Ordinal);
        Assert.Contains("Repository: default\n", end.Body, StringComparison.Ordinal);
        Assert.Contains("Files: 1 new, 0 changed, 0 unmodified, 1 total\n", end.Body, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task Healthchecks_gets_a_fail_ping_with_the_reason_when_the_backup_has_errors()
    {
        await using var sink = new HttpSink();
        var (temp, config) = await SetUpAsync(Healthchecks(sink.Url), missing: true);
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 40, run.ToString());
        Assert.Equal("/ping/0b1c2d3e/start", (await sink.NextAsync()).Target);
        var end = await sink.NextAsync();
        Assert.Equal("/ping/0b1c2d3e/fail", end.Target);
        Assert.Contains("Status: Error\n", end.Body, StringComparison.Ordinal);
        Assert.Contains("Reason: source path does not exist: ", end.Body, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_ping_answered_with_an_error_or_not_at_all_makes_the_run_a_warning()
    {
        await using var sink = new HttpSink { Status = 500 };
        var (temp, config) = await SetUpAsync(Healthchecks(sink.Url));
        using var cleanup = temp;

        var refused = await BackupAsync(temp, config);

        Assert.True(refused.ExitCode == 30, refused.ToString());
        var warnings = Warnings(refused);
        Assert.Equal(2, warnings.Length); // the start ping and the end ping
        Assert.All(warnings, w => Assert.Matches(@"^notifications: healthchecks\.io http://127\.0\.0\.1:\d+/…: (start )?not sent: HTTP 500", w));
        Assert.DoesNotContain(warnings, w => w.Contains("0b1c2d3e", StringComparison.Ordinal)); // the check's token stays out of logs

        var down = await SetUpAsync(Healthchecks($"http://127.0.0.1:{ClosedPort()}"));
        using var cleanupDown = down.Temp;
        var run = await BackupAsync(down.Temp, down.Config);
        Assert.True(run.ExitCode == 30, run.ToString());
        Assert.Contains(Warnings(run), w => w.Contains("Connection refused", StringComparison.OrdinalIgnoreCase));
    }

    // ---- webhooks

    [ResticFact]
    public async Task A_webhook_gets_the_JSON_document_by_POST_with_basic_auth()
    {
        await using var sink = new HttpSink { Status = 204 };
        var (temp, config) = await SetUpAsync($"""
            global_webhooks:
              enabled: true
              destination: {sink.Url}/hooks/T0KEN
              username: hook
              password: hook-secret
            """);
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = await sink.NextAsync();
        Assert.Equal(("POST", "/hooks/T0KEN"), (request.Method, request.Target));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String("hook:hook-secret"u8), request.Headers["Authorization"]);
        Assert.StartsWith("npbackup-json-monitor", request.Headers["User-Agent"], StringComparison.Ordinal);
        var entry = Assert.Single(JsonDocument.Parse(request.Body).RootElement.EnumerateArray());
        Assert.Equal(0, entry.GetProperty("result").GetInt32());
        Assert.Equal(1, entry.GetProperty("metrics").GetProperty("restic_files").GetProperty("new").GetInt32());
        Assert.Equal("default", entry.GetProperty("labels").GetProperty("repo_name").GetString());
        Assert.DoesNotContain("hook-secret", await File.ReadAllTextAsync(LogOf(temp)), StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_webhook_file_holds_one_entry_per_repo_of_the_run_and_a_refusing_webhook_is_a_warning()
    {
        var (temp, config) = await SetUpAsync($"""
            global_webhooks:
              enabled: true
              destination: TEMP/hooks.json
              pretty_json: true
            """.Replace("TEMP", "{TEMP}", StringComparison.Ordinal));
        using var cleanup = temp;
        var text = (await File.ReadAllTextAsync(config)).Replace("{TEMP}", temp.Path, StringComparison.Ordinal)
            .Replace("repos:\n  default:", $"repos:\n  second:\n    repo_uri: '{temp.Combine("repo2")}'\n    repo_opts:\n      repo_password: pw\n    backup_opts:\n      paths: ['{temp.Combine("data")}']\n      minimum_backup_size_error: 1 KiB\n  default:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--json", "--repo", "__all__", "backup", "--force");

        Assert.True(run.ExitCode == 0, run.ToString());
        var entries = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("hooks.json"))).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("labels").GetProperty("repo_name").GetString()).ToList();
        Assert.Equal(["second", "default"], entries);

        await using var sink = new HttpSink { Status = 403 };
        await File.WriteAllTextAsync(config, text.Replace($"destination: {temp.Path}/hooks.json", $"destination: {sink.Url}/hook", StringComparison.Ordinal));
        var refused = await BackupAsync(temp, config);
        Assert.True(refused.ExitCode == 30, refused.ToString());
        Assert.Contains(Warnings(refused), w => w.StartsWith("notifications: webhook http://127.0.0.1:", StringComparison.Ordinal) &&
                                               w.EndsWith("not sent: HTTP 403 (Sink): ok", StringComparison.Ordinal));
    }

    // ---- email

    private static string Email(int port, string security = "tls") => $"""
        global_email:
          enabled: true
          smtp_server: 127.0.0.1
          smtp_port: {port}
          smtp_security: {security}
          smtp_username: mailer
          smtp_password: mail-secret
          no_cert_verify: true
          sender: backup@box-1.test
          timeout: 10
          recipients:
            on_backup_success: [ok@test.example]
            on_backup_failure: [alarm@test.example, boss@test.example]
            on_operations_success: []
            on_operations_failure: [ops@test.example]
        """;

    [SmtpFact]
    public async Task A_backup_mails_its_success_recipients_over_STARTTLS_with_login()
    {
        using var folder = new TemporaryDirectory("cairn-smtp-");
        await using var smtp = await SmtpSink.StartAsync(folder.Path, startTls: true, auth: "mailer:mail-secret");
        var (temp, config) = await SetUpAsync(Email(smtp.Port));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 0, run.ToString());
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal(["ok@test.example"], mail.Recipients);
        Assert.Equal("backup@box-1.test", mail.MailFrom);
        Assert.True(mail.Tls);
        Assert.Equal("mailer", mail.Login);
        Assert.Contains("Subject: Test Backup success report for box-1 backup on repo default", mail.Content, StringComparison.Ordinal);
        Assert.Contains("Status: Success", mail.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("mail-secret", await File.ReadAllTextAsync(LogOf(temp)), StringComparison.Ordinal);

        // another operation ending with a warning (an unknown snapshot id) goes to the operations' failure list
        var forget = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--log-file", LogOf(temp), "--json",
            "forget", "--snapshot", "deadbeef");
        Assert.True(forget.ExitCode == 30 && smtp.Messages().Count == 2, forget.ToString());
        var second = smtp.Messages()[^1];
        Assert.Equal(["ops@test.example"], second.Recipients);
        Assert.Contains("failure report for box-1 forget on repo default", second.Content, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task A_failed_backup_mails_the_failure_recipients_with_the_reason()
    {
        using var folder = new TemporaryDirectory("cairn-smtp-");
        await using var smtp = await SmtpSink.StartAsync(folder.Path, startTls: true, auth: "mailer:mail-secret");
        var (temp, config) = await SetUpAsync(Email(smtp.Port), missing: true);
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 40, run.ToString());
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal(["alarm@test.example", "boss@test.example"], mail.Recipients);
        Assert.Contains("failure report for box-1 backup on repo default", mail.Content, StringComparison.Ordinal);
        Assert.Contains("source path does not exist", mail.Content, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task A_mail_server_that_refuses_the_recipients_or_is_down_makes_the_run_a_warning()
    {
        using var folder = new TemporaryDirectory("cairn-smtp-");
        await using var smtp = await SmtpSink.StartAsync(folder.Path, reject: true);
        var (temp, config) = await SetUpAsync(Email(smtp.Port, security: "null").Replace("  smtp_username: mailer\n", "", StringComparison.Ordinal));
        using var cleanup = temp;

        var refused = await BackupAsync(temp, config);

        Assert.True(refused.ExitCode == 30, refused.ToString());
        Assert.Contains(Warnings(refused), w => w.StartsWith($"notifications: email 127.0.0.1:{smtp.Port}: not sent: SMTP: ", StringComparison.Ordinal) &&
                                               w.Contains("mailbox unavailable", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages());

        var down = await SetUpAsync(Email(ClosedPort()));
        using var cleanupDown = down.Temp;
        var run = await BackupAsync(down.Temp, down.Config);
        Assert.True(run.ExitCode == 30, run.ToString());
        Assert.Contains(Warnings(run), w => w.Contains("email 127.0.0.1:", StringComparison.Ordinal) && w.Contains("not sent", StringComparison.Ordinal));
    }

    // ---- every destination at once, all down: never a silent success

    [ResticFact]
    public async Task With_every_destination_down_the_backup_exits_30_naming_each_one()
    {
        var port = ClosedPort();
        var (temp, config) = await SetUpAsync(Zabbix(port) + "\n" + Healthchecks($"http://127.0.0.1:{port}") + "\n" + $"""
            global_webhooks:
              enabled: true
              destination: http://127.0.0.1:{port}/hook
              timeout: 5
            """ + "\n" + Email(port));
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 30, run.ToString());
        var warnings = Warnings(run);
        foreach (var kind in new[] { "zabbix", "healthchecks.io", "webhook", "email" })
        {
            Assert.Contains(warnings, w => w.StartsWith($"notifications: {kind} ", StringComparison.Ordinal));
        }
        Assert.Contains("notifications: zabbix", await File.ReadAllTextAsync(LogOf(temp)), StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_section_that_cannot_work_warns_with_its_position_and_a_dry_run_sends_nothing()
    {
        await using var sink = new HttpSink();
        var (temp, config) = await SetUpAsync($"""
            global_zabbix:
              enabled: true
              port: 10051
            {Healthchecks(sink.Url)}
            """);
        using var cleanup = temp;

        var run = await BackupAsync(temp, config);

        Assert.True(run.ExitCode == 30, run.ToString());
        Assert.Contains(Warnings(run), w => w.Contains($"{config}:", StringComparison.Ordinal) &&
                                           w.Contains("global_zabbix.server: is not set; nothing is sent", StringComparison.Ordinal));
        Assert.True(sink.TryNext(out _));
        Assert.True(sink.TryNext(out _));

        var check = await Harness(temp).RunAsync("-c", config, "config", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("global_zabbix.server: is not set; nothing is sent", check.Stdout + check.Stderr, StringComparison.Ordinal);

        var dry = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--json", "--dry-run", "backup", "--force");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.False(sink.TryNext(out _));
    }

    private static string LogOf(TemporaryDirectory temp) => temp.Combine("agent.log");
}
