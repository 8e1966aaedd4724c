#!/usr/bin/env bash
# The service's cost while it waits: starts the published agent's `service run` with N repos, each with a backup and
# a housekeeping schedule that does not fire during the measurement, lets it settle, then samples its resident memory
# and CPU time over a window. Prints RSS (start, end, peak) and CPU seconds and percent of one core over the window.
# Run on demand (not part of the test suite). Needs python3.
#
#   benchmarks/service-idle.sh [--agent PATH] [--repos N] [--seconds N] [--settle N] [--work DIR]
#
#   --agent    the published agent (default: artifacts/publish/linux-x64/<short_name>, short_name from resources/brand.yaml)
#   --repos    repos in the config, each with two schedules (default 5: ten schedules)
#   --seconds  the measured window (default 60); --settle: seconds waited after start first (default 10)
#   --work     config and state directory (default: a new temporary folder, removed at the end)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
short_name="$(sed -n 's/^short_name: *//p' "$repo_root/resources/brand.yaml" | tr -d "\"'" | head -n1)"
agent="$repo_root/artifacts/publish/linux-x64/$short_name"
repos=5 seconds=60 settle=10 work=""

while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent="$2"; shift 2 ;;
    --repos) repos="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -x "$agent" ] || { echo "agent not found: $agent (./build.sh --target=Publish, or --agent PATH)" >&2; exit 1; }

exec python3 - "$agent" "$repos" "$seconds" "$settle" "$work" <<'PY'
import os, shutil, signal, subprocess, sys, tempfile, time

agent, repos, seconds, settle, work = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
own_work = not work
work = work or tempfile.mkdtemp(prefix="service-idle-")
os.makedirs(work, exist_ok=True)
config = os.path.join(work, "service.conf")
lines = ["conf_version: 3.1.0", "repos:"]
for i in range(repos):
    # Due times far from now (cron at a fixed minute of a day, intervals of days): the service only waits.
    lines += [f"  repo{i:02d}:", f"    repo_uri: {os.path.join(work, f'repo{i:02d}')}",
              "    repo_opts:", "      repo_password: idle-benchmark",
              "    backup_opts:", "      paths: [/etc/hostname]",
              "    schedule:", f"      backup: {i} 3 * * *" if i % 2 == 0 else "      backup: every 1d",
              f"      housekeeping: every {i + 2}d", "      jitter: 10m"]
open(config, "w").write("\n".join(lines) + "\n")

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

def status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0

log = open(os.path.join(work, "service.log"), "w")
env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1")
proc = subprocess.Popen([agent, "--config", config, "--log-file", os.path.join(work, "agent.log"),
                         "service", "run", "--state-dir", os.path.join(work, "state")],
                        stdout=log, stderr=subprocess.STDOUT, env=env)
try:
    time.sleep(settle)
    if proc.poll() is not None:
        sys.exit(f"the service exited ({proc.returncode}): see {log.name}")
    rss_start, cpu_start, wall_start = status(proc.pid, "VmRSS"), cpu_seconds(proc.pid), time.monotonic()
    peak = rss_start
    while time.monotonic() - wall_start < seconds:
        time.sleep(1)
        peak = max(peak, status(proc.pid, "VmRSS"))
    rss_end, cpu_end, wall = status(proc.pid, "VmRSS"), cpu_seconds(proc.pid), time.monotonic() - wall_start
    threads = status(proc.pid, "Threads")
finally:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    log.close()

cpu = cpu_end - cpu_start
print(f"service idle with {2 * repos} schedules over {wall:.0f} s (after {settle:.0f} s settling):")
print(f"  RSS: {rss_start / 1024:.1f} MiB at start, {rss_end / 1024:.1f} MiB at end, {peak / 1024:.1f} MiB peak; {threads} threads")
print(f"  CPU: {cpu:.2f} s ({100 * cpu / wall:.2f} % of one core)")
print(f"  exit after SIGTERM: {proc.returncode}")
if own_work:
    shutil.rmtree(work, ignore_errors=True)
PY
