using System.Text;
using Cairn.Agent.Tests.Support;
using CsCheck;

namespace Cairn.Agent.Tests.Hostile;

/// <summary>Generated NPBackup configs: valid ones (repos, groups, lists, sizes, retention, schedules), from which mutations start.</summary>
internal static class ConfigInputs
{
    private static readonly Gen<string> Name = Gen.OneOf(Gen.Const("default"), Gen.String[Gen.Char["abcdefghij_-0123456789"], 1, 10]);

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Const("/srv/data"), Gen.Const("'quoted value'"), Gen.Const("\"double \\\"quoted\\\"\""), Gen.Const("10 MiB"),
        Gen.Const("500 Mib"), Gen.Const("true"), Gen.Const("42"), Gen.Const("${HOSTNAME}"), Gen.Const("every 6h"),
        Gen.Const("0 3 * * *"), Gen.String[Gen.Char["abc xyz/:._-"], 1, 30]);

    private static readonly Gen<string> Repo = Gen.Select(
        Name, Scalar.List[0, 4], Scalar.List[0, 3], Gen.Bool, Gen.Int[0, 100], Gen.OneOf(Gen.Const(""), Gen.Const("    repo_group: g\n")),
        (name, paths, tags, caches, age, group) =>
            $"  {name}:\n{group}    repo_uri: /srv/repos/{name}\n    repo_opts:\n      repo_password: pw-{name}\n" +
            $"      minimum_backup_age: {age}\n      upload_speed: 100 Mib\n      retention_policy:\n        last: 3\n        daily: all\n" +
            $"    backup_opts:\n      exclude_caches: {(caches ? "true" : "false")}\n      exclude_files_larger_than: 1 GiB\n" +
            $"      paths:\n{string.Concat(paths.Select(p => $"      - {p}\n"))}      tags: [{string.Join(", ", tags.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}'"))}]\n" +
            $"    schedule:\n      backup: every 6h\n      jitter: 5m\n");

    /// <summary>One file: an identity, one to four repos, a group and the global sections.</summary>
    public static readonly Gen<byte[]> Valid = Gen.OneOf(
        Repo.List[1, 4].Select(repos =>
        {
            var text = new StringBuilder("conf_version: 3.1.0\nidentity:\n  machine_id: ${HOSTNAME}\nrepos:\n");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var repo in repos.Where(r => seen.Add(r[..r.IndexOf(':', StringComparison.Ordinal)])))
            {
                text.Append(repo);
            }
            text.Append("groups:\n  g:\n    backup_opts:\n      one_file_system: true\nglobal_options:\n  max_concurrent_jobs: 2\n");
            text.Append("global_email:\n  smtp_port: 587\n  recipients: [a@example.org]\n");
            return Encoding.UTF8.GetBytes(text.ToString());
        }),
        Gen.OneOf(Gen.Const(Fixtures.Read("v3.1-groups.conf")), Gen.Const(Fixtures.Read("v3.0-legacy.conf"))).Select(Encoding.UTF8.GetBytes));

    /// <summary>Swaps that mean something to this surface.</summary>
    public static readonly string[] Tokens =
    [
        "repos:", "groups:", "repo_uri:", "repo_group: nowhere", "repo_opts:", "backup_opts:", "paths:", "retention_policy: 31d",
        "smtp_port: 70000", "minimum_backup_age: -5", "upload_speed: 99999999 EiB", "max_concurrent_jobs: 1e999", "conf_version: 3.0.1",
        "prometheus:", "monitoring:", "__TESTBACKUP__AAAA__TESTBACKUP__", "__NPBACKUP__AAAA__NPBACKUP__", "a.b:", "post_backup_housekeeping_percent_chance: 101",
    ];
}
