using Cairn.Agent.Commands.NpBackupSyntax;

namespace Cairn.Agent.Tests.NpBackupSyntax;

/// <summary>NPBackup's flags translated into the agent's own command line (pure).</summary>
public sealed class NpBackupCommandLineTests
{
    private static readonly HashSet<string> Verbs = ["backup", "snapshots", "restore", "config", "forget", "check", "list"];

    private static IReadOnlyList<string> Native(params string[] args)
    {
        Assert.True(NpBackupCommandLine.IsNpBackupSyntax(args, Verbs), string.Join(' ', args));
        var request = Assert.IsType<NativeCommandLine>(NpBackupCommandLine.Translate(args));
        Assert.Equal(NpBackupCommandLine.OutputOption, request.Arguments[0]);
        return request.Arguments.Skip(1).ToList();
    }

    [Theory]
    [InlineData("-c f --backup --repo-name x --json", "--config f --repo x --json backup")]
    [InlineData("--config-file=f -b -f", "--config f backup --force")]
    [InlineData("--force", "backup --force")]
    [InlineData("--stdin --stdin-filename db.sql", "backup --stdin --stdin-filename db.sql")]
    [InlineData("--restore /t --snapshot-id ab12 --restore-includes a,b", "restore /t --snapshot ab12 --include a --include b")]
    [InlineData("-s --repo-group g1,g2", "--group g1,g2 snapshots")]
    [InlineData("--ls", "ls latest")]
    [InlineData("--ls ab12", "ls ab12")]
    [InlineData("--find foo.txt", "find foo.txt")]
    [InlineData("--forget ab12,cd34", "forget --snapshot ab12,cd34")]
    [InlineData("--forget-snapshots-with-tags t1,t2", "forget --tag t1,t2")]
    [InlineData("--policy", "forget")]
    [InlineData("--housekeeping", "housekeeping")]
    [InlineData("--check quick", "check --quick")]
    [InlineData("--check full", "check --full")]
    [InlineData("--prune", "prune")]
    [InlineData("--prune max", "prune --max")]
    [InlineData("--unlock", "unlock")]
    [InlineData("--repair index", "repair index")]
    [InlineData("--repair snapshots", "repair snapshots")]
    [InlineData("--repair packs,aa11,bb22", "repair packs --pack aa11 --pack bb22")]
    [InlineData("--recover", "recover")]
    [InlineData("--list index", "list index")]
    [InlineData("--dump /etc/hosts --snapshot-id ab12 --json", "dump ab12 /etc/hosts")]
    [InlineData("--stats", "stats")]
    [InlineData("--keys", "keys list")]
    [InlineData("--init --no-lock --no-cache --dry-run -v", "--dry-run --no-cache --no-lock --verbose init")]
    [InlineData("--has-recent-snapshot --external-backend-binary /opt/restic", "--restic-binary /opt/restic has-recent-snapshot")]
    [InlineData("--check-config-file", "config check")]
    [InlineData("--show-config", "config show")]
    [InlineData("--create-key /k", "config create-key /k")]
    [InlineData("--group-operation unlock", "unlock")]
    [InlineData("--snapshots --backup --init", "backup")] // only the first, in NPBackup's order
    public void Each_operation_becomes_its_sub_command(string npbackup, string native) =>
        Assert.Equal(native.Split(' '), Native(npbackup.Split(' ')));

    [Fact]
    public void Values_with_spaces_pass_whole()
    {
        Assert.Equal(["stats", "--mode", "raw-data"], Native("--stats", "--mode raw-data"));
        Assert.Equal(["raw", "--", "cat", "config file"], Native("--raw", "cat 'config file'"));
    }

    [Theory]
    [InlineData("--check medium", 76)]
    [InlineData("--prune min", 76)]
    [InlineData("--repair packs", 76)]
    [InlineData("--json", 1)]        // json alone is no operation... but not NPBackup-only: see the detection test
    [InlineData("--backup --bogus", 2)]
    [InlineData("--auto-upgrade", 23)]
    public void Refused_lines_give_npbackup_exit_codes(string npbackup, int code)
    {
        var request = NpBackupCommandLine.Translate(npbackup.Split(' '));
        Assert.Equal(code, Assert.IsType<RefusedCommandLine>(request).ExitCode);
    }

    [Theory]
    [InlineData("backup --force", false)]
    [InlineData("--repo-name backup --backup", true)]     // a repo named like a verb
    [InlineData("-c f snapshots --json", false)]
    [InlineData("--json", false)]
    [InlineData("--version", false)]
    [InlineData("-V", true)]
    [InlineData("--list-selected-repos --repo-name a,b", true)]
    public void Npbackup_lines_are_told_from_native_ones(string args, bool npbackup) =>
        Assert.Equal(npbackup, NpBackupCommandLine.IsNpBackupSyntax(args.Split(' '), Verbs));

    [Fact]
    public void Version_license_and_selection_are_answered_apart()
    {
        Assert.True(Assert.IsType<VersionRequest>(NpBackupCommandLine.Translate(["-V", "--json"])).Json);
        Assert.IsType<LicenseRequest>(NpBackupCommandLine.Translate(["--license"]));
        var list = Assert.IsType<ListSelectedReposRequest>(NpBackupCommandLine.Translate(["--list-selected-repos", "--repo-name", "a,b"]));
        Assert.Equal([NpBackupCommandLine.OutputOption, "--repo", "a,b"], list.GlobalArguments);
    }
}
