#!/usr/bin/env bash
# Failover time: a backup runs against a REST primary (rclone serve restic on 127.0.0.1), the primary is killed with
# SIGKILL part-way, and the agent moves the backup to the fallback. Prints, per run, the time from the kill to the
# agent's exit with the snapshot on the fallback, the fallback backup's own duration (restic's total_duration), the
# watchdog bound, and what is left: overhead = elapsed - bound - backup. Goal: overhead <= 10 s.
# Run on demand (not part of the test suite). Needs rclone, python3, restic.
#
#   benchmarks/failover.sh [--agent PATH] [--work DIR] [--runs N] [--size-mb N] [--watchdog S] [--upload-mib N]
#
#   --agent       the published agent (default: artifacts/publish/linux-x64/<short_name>)
#   --work        working folder (default: /tmp/<short_name>-failover-bench)
#   --runs        runs (default 3)
#   --size-mb     random data backed up (default 64)
#   --watchdog    repo_opts.fallback_watchdog_timeout in seconds (default 60, the product's default)
#   --upload-mib  restic's upload limit in Mib/s, so the backup lasts a while without costing CPU (default 80)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
short_name="$(sed -n 's/^short_name: *//p' "$repo_root/resources/brand.yaml" | tr -d "\"'" | head -n1)"
agent="$repo_root/artifacts/publish/linux-x64/$short_name"
work="/tmp/${short_name}-failover-bench"
runs=3 size_mb=64 watchdog=60 upload=80

while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --size-mb) size_mb="$2"; shift 2 ;;
    --watchdog) watchdog="$2"; shift 2 ;;
    --upload-mib) upload="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -x "$agent" ] || [ -f "$agent" ] || { echo "agent not found: $agent (./build.sh --target=Publish, or --agent PATH)" >&2; exit 1; }
command -v rclone >/dev/null || { echo "rclone not found" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
serve() { RCLONE_CONFIG=/dev/null rclone serve restic --addr "127.0.0.1:$1" "$2" >/dev/null 2>&1 & echo $!; }
wait_port() { for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

rm -rf "$work"; mkdir -p "$work/data"
head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$work/data/random.bin"
printf 'run\tkill_to_exit_s\tfallback_backup_s\twatchdog_s\toverhead_s\n'
for run in $(seq "$runs"); do
  d="$work/run$run"; mkdir -p "$d"
  p1=$(free_port); p2=$(free_port)
  s1=$(serve "$p1" "$d/primary"); s2=$(serve "$p2" "$d/secondary")
  wait_port "$p1"; wait_port "$p2"
  cat > "$d/agent.conf" <<CONF
repos:
  default:
    repo_uri: rest:http://127.0.0.1:$p1/
    fallback_repo_uris:
    - rest:http://127.0.0.1:$p2/
    backup_opts:
      paths: ['$work/data']
      minimum_backup_size_error: 0
    repo_opts:
      repo_password: bench
      minimum_backup_age: 0
      upload_speed: $upload Mib
      fallback_watchdog_timeout: $watchdog
CONF
  env="env ${short_name^^}_STATE_DIR=$d/state ${short_name^^}_LOCK_DIR=$d/locks"
  $env "$agent" -c "$d/agent.conf" --cache-dir "$d/cache" --log-file "$d/agent.log" init >/dev/null
  $env "$agent" -c "$d/agent.conf" --cache-dir "$d/cache" --log-file "$d/agent.log" backup --json > "$d/out.json" &
  agent_pid=$!
  # kill the primary once restic has uploaded some data to it
  while [ -z "$(find "$d/primary/data" -type f 2>/dev/null | head -n1)" ]; do sleep 0.05; done
  sleep 1
  kill -9 "$s1"; killed=$(now)
  wait "$agent_pid" || true
  ended=$(now)
  python3 - "$d/out.json" "$killed" "$ended" "$watchdog" "$run" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1])); repo = doc["repos"][0]
elapsed = float(sys.argv[3]) - float(sys.argv[2]); bound = float(sys.argv[4])
assert repo.get("endpoint", {}).get("name") == "fallback_1", repo
backup = repo["output"]["summary"]["total_duration"]
print(f"{sys.argv[5]}\t{elapsed:.1f}\t{backup:.1f}\t{bound:.0f}\t{elapsed - bound - backup:.1f}")
PY
  kill "$s2" 2>/dev/null || true
done
