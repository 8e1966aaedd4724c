#!/bin/sh
# Records the output the agent's parsers read, from a real restic, into a fixture folder:
#   tests/Cairn.Agent.Tests/Fixtures/record-restic.sh RESTIC_BINARY OUTPUT_DIR
# (restic-0.18/ was written by: record-restic.sh artifacts/engines/restic-0.18/restic .../Fixtures/restic-0.18)
# Each case writes NAME.stdout.* / NAME.stderr.txt; exit-codes.txt lists each case's exit code.
set -u
restic=$1
out=$2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RESTIC_REPOSITORY="$work/repo" RESTIC_PASSWORD=fixture-password RESTIC_CACHE_DIR="$work/cache" RESTIC_PROGRESS_FPS=1
: > "$out/exit-codes.txt"
# case NAME STDOUT_EXTENSION COMMAND...: runs it, keeps stdout and stderr (when not empty) and the exit code
case_() {
  name=$1 ext=$2
  shift 2
  "$@" > "$out/$name.stdout.$ext" 2> "$out/$name.stderr.txt"
  echo "$name $?" >> "$out/exit-codes.txt"
  [ -s "$out/$name.stdout.$ext" ] || rm -f "$out/$name.stdout.$ext"
  [ -s "$out/$name.stderr.txt" ] || rm -f "$out/$name.stderr.txt"
}
mkdir -p "$work/src/sub"
printf 'hello\n' > "$work/src/a.txt"
printf 'world\n' > "$work/src/sub/b.txt"
printf 'secret\n' > "$work/src/unreadable.txt"

case_ version txt "$restic" version
case_ repo-missing txt "$restic" snapshots --json
"$restic" init -q > /dev/null
case_ backup jsonl "$restic" backup --json --host fixture-host --tag t1 "$work/src"
chmod 000 "$work/src/unreadable.txt"
# root reads any file: make the read error with a file that vanishes into a dangling path instead when run as root
if [ "$(id -u)" -eq 0 ]; then
  case_ backup-read-error jsonl "$restic" backup --json --host fixture-host "$work/src" /proc/self/mem
else
  case_ backup-read-error jsonl "$restic" backup --json --host fixture-host "$work/src"
fi
chmod 644 "$work/src/unreadable.txt"
case_ backup-missing-path jsonl "$restic" backup --json --host fixture-host "$work/src" "$work/no-such-path"
case_ snapshots json "$restic" snapshots --json
case_ ls jsonl "$restic" ls --json latest
case_ find json "$restic" find --json 'b.txt'
case_ stats json "$restic" stats --json
case_ key-list json "$restic" key list --json
printf 'second-password\n' > "$work/new-password"
case_ key-add txt "$restic" key add --host fixture-host --user fixture-user --new-password-file "$work/new-password"
case_ key-list-two json "$restic" key list --json
case_ forget-policy json "$restic" forget --json --dry-run --keep-last 1
case_ restore-dry-run txt "$restic" restore --dry-run --target "$work/restore" latest
case_ stdin-from-command jsonl "$restic" backup --json --host fixture-host --stdin-filename dump.sql --stdin-from-command -- sh -c 'echo data'
case_ stdin-from-command-failing jsonl "$restic" backup --json --host fixture-host --stdin-filename dump.sql --stdin-from-command -- sh -c 'echo half; exit 3'
case_ repair-snapshots txt "$restic" repair snapshots --dry-run
case_ wrong-password txt env RESTIC_PASSWORD=not-the-password "$restic" snapshots --json
# a lock of a process that is gone (another host's pid would be just as stale): restic 0.14 exits 1, 0.17+ 11
"$restic" backup --host fixture-host --stdin --stdin-filename big < /dev/zero > /dev/null 2>&1 &
pid=$!
until [ -n "$(ls "$work/repo/locks" 2>/dev/null)" ] && "$restic" cat lock "$(ls "$work/repo/locks" | head -n 1)" > /dev/null 2>&1; do sleep 0.1; done
kill -9 $pid; wait $pid 2>/dev/null
case_ check-locked txt "$restic" check
"$restic" unlock --remove-all > /dev/null 2>&1
# a damaged pack: check reports it
pack=$(find "$work/repo/data" -type f | head -n 1)
printf 'garbage' | dd of="$pack" bs=1 seek=10 conv=notrunc 2>/dev/null
case_ check-corrupt txt "$restic" check --read-data
