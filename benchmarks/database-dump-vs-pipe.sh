#!/usr/bin/env bash
# A PostgreSQL database dumped into a fresh local restic repository by the agent (source_type: database) and by hand
# (pg_dump | restic backup --stdin), in alternating runs; prints each run's wall time, the agent/pipe time ratio and
# the agent's own peak memory (from its log: the agent process alone, pg_dump and restic not included).
# Run on demand as root (not part of the test suite). Needs Debian's postgresql, restic and GNU time (apt-get install time).
#
#   benchmarks/database-dump-vs-pipe.sh [--agent PATH] [--work DIR] [--runs N] [--size-mb N]
#
#   --agent    the agent (default: artifacts/publish/linux-x64/<short_name>, short_name from resources/brand.yaml)
#   --work     where the server, repositories and caches go (default: /tmp/<short_name>-dbbench; removed at the end)
#   --runs     runs of each (default 3), the order alternating (agent first, then the pipe first, ...)
#   --size-mb  the database's size as pg_dump writes it, about (default 1024)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
short_name="$(sed -n 's/^short_name: *//p' "$repo_root/resources/brand.yaml" | tr -d "\"'" | head -n1)"
agent="$repo_root/artifacts/publish/linux-x64/$short_name"
work="/tmp/${short_name}-dbbench"
runs=3 size_mb=1024

while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --size-mb) size_mb="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$agent" ] || { echo "agent not found: $agent (./build.sh --target=Publish, or --agent PATH)" >&2; exit 1; }
[ -n "$bin" ] || { echo "PostgreSQL not found: apt-get install postgresql" >&2; exit 1; }
command -v restic >/dev/null || { echo "restic not found on PATH" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (the server runs as the postgres user through runuser)" >&2; exit 1; }

rm -rf "$work"; mkdir -p "$work/pg" "$work/sock"; chmod 755 "$work"; chown postgres "$work/pg" "$work/sock"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=bench-pg-password
runuser -u postgres -- "$bin/initdb" -q -D "$work/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w -o "-p $port -k $work/sock -c listen_addresses=127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null; rm -rf "$work"' EXIT
psql() { command psql -X -q -h "$work/sock" -p "$port" -U postgres "$@"; }
psql -c "ALTER ROLE postgres PASSWORD '$password'" -c "CREATE DATABASE bench"
# about 200 bytes of dump per row: text with non-ASCII letters and a bytea column
rows=$(( size_mb * 1024 * 1024 / 200 ))
psql -d bench -c "CREATE TABLE items (id int PRIMARY KEY, label text, payload bytea)" \
  -c "INSERT INTO items SELECT g, 'Grüße № ' || g || ' ' || md5(g::text), decode(md5(g::text) || md5((g+1)::text) || md5((g+2)::text), 'hex') FROM generate_series(1, $rows) g"
dump_bytes=$(PGPASSWORD=$password pg_dump -h 127.0.0.1 -p "$port" -U postgres bench | wc -c)
echo "database: $rows rows, pg_dump writes $(( dump_bytes / 1024 / 1024 )) MiB"

cat > "$work/agent.conf" <<CONF
repos:
  default:
    repo_uri: $work/repo-agent
    backup_opts:
      source_type: database
      minimum_backup_size_error: 0
      database: {engine: postgresql, host: 127.0.0.1, port: $port, user: postgres, password: $password, databases: [bench]}
    repo_opts: {repo_password: bench, minimum_backup_age: 0}
CONF

export RESTIC_PASSWORD=bench
agent_run() {
  rm -rf "$work/repo-agent" "$work/cache-agent"
  rm -f "$work/agent.log"
  /usr/bin/time -f "%e" -o "$work/time" "$agent" -c "$work/agent.conf" --cache-dir "$work/cache-agent" --log-file "$work/agent.log" backup --json > "$work/agent.json"
  # the agent's own peak working set, as its log records it (its children, pg_dump and restic, not included)
  echo "$(cat "$work/time") $(sed -n 's/.*agent peak memory \([0-9]*\) KiB.*/\1/p' "$work/agent.log" | tail -n 1)"
}
pipe_run() {
  rm -rf "$work/repo-pipe" "$work/cache-pipe"
  RESTIC_REPOSITORY="$work/repo-pipe" restic init -q --cache-dir "$work/cache-pipe" >/dev/null
  start=$(date +%s.%N)
  PGPASSWORD=$password pg_dump -h 127.0.0.1 -p "$port" -U postgres bench \
    | RESTIC_REPOSITORY="$work/repo-pipe" RESTIC_PROGRESS_FPS=4 restic backup -q --cache-dir "$work/cache-pipe" --stdin --stdin-filename bench.sql --json >/dev/null
  echo "$(python3 -c "import time; print(round(time.time() - $start, 2))")"
}
# the agent's run includes pg_dumpall (globals) and restic init (fresh repository): the hand pipe gets its init out of the clock
total_agent=0 total_pipe=0
for i in $(seq 1 "$runs"); do
  if [ $(( i % 2 )) = 1 ]; then a=$(agent_run); p=$(pipe_run); else p=$(pipe_run); a=$(agent_run); fi
  read -r aw arss <<< "$a"
  echo "run $i: agent ${aw} s (agent peak memory $(( arss / 1024 )) MiB), pg_dump | restic ${p} s"
  total_agent=$(python3 -c "print($total_agent + $aw)"); total_pipe=$(python3 -c "print($total_pipe + $p)")
done
python3 -c "print('wall time ratio agent / pipe: %.3f' % ($total_agent / $total_pipe))"
