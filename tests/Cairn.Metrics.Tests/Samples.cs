using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests;

/// <summary>Operations and labels shared by the tests, with values easy to recognise in output.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset BackupTime = new(2025, 3, 1, 11, 58, 30, 250, TimeSpan.Zero);

    public static BackupSummary Summary => new()
    {
        FilesNew = 12,
        FilesChanged = 3,
        FilesUnmodified = 4021,
        DirsNew = 2,
        DirsChanged = 5,
        DirsUnmodified = 310,
        DataBlobs = 17,
        TreeBlobs = 8,
        DataAdded = 5_242_880,
        TotalFilesProcessed = 4036,
        TotalBytesProcessed = 1_073_741_824,
        TotalDurationSeconds = 81.5,
        Errors = 1,
        BackupTime = BackupTime,
    };

    public static OperationMetrics SuccessfulBackup(string repo = "default") =>
        new("backup", repo, ExecState.Ok, TimeSpan.FromSeconds(93.25), Summary);

    public static OperationMetrics FailedBackup(string repo = "default") =>
        new("backup", repo, ExecState.Error, TimeSpan.FromSeconds(3.5));

    public static OperationMetrics Housekeeping(string repo = "default") =>
        new("housekeeping", repo, ExecState.Warning, TimeSpan.FromSeconds(12));

    public static MetricLabels Labels => new()
    {
        Instance = "host-01",
        Group = "servers",
        BackupJob = "nightly",
        TenantName = "acme",
        OptionalTag = "prod",
        Version = "1.2.3",
        Os = "linux",
        Arch = "x64",
        AdditionalLabels = new Dictionary<string, string> { ["site"] = "paris", ["rack"] = "r\"1" },
    };
}
