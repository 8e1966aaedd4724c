#!/usr/bin/env bash
# The web interface's snapshot list on big repositories, and the GUI process's memory with a page open.
#
#   benchmarks/gui-snapshot-list.sh [COUNTS]        e.g. "1000 3000 10000" (the default)
#
# A local restic repository gets one real snapshot (`restic backup` of a 1-byte folder), then copies of it written in
# restic's own format by make-snapshots.py (restic lists, verifies and checks them like its own) up to each count.
# The GUI (Release build of src/Cairn.Gui) serves a config naming that repository; for each count, the API call
# GET /api/repos/default/snapshots (the agent's `snapshots --json` document, run in-process) is timed with curl:
# one warm-up, then RUNS (default 10) timed calls; median, min, max and the document's size are printed.
# Then Debian's chromium opens the interface (dashboard, then the snapshots page) for 60 s while the GUI process's
# RSS is sampled every second. Everything lives in a temp folder (restic's cache too) on 127.0.0.1.
# Run on demand, not in the test suite. Needs restic, python3 with cryptography, curl, chromium.
set -euo pipefail
COUNTS=${1:-"1000 3000 10000"}
RUNS=${RUNS:-10}
HOLD_SECONDS=${HOLD_SECONDS:-60}
CONFIGURATION=${CONFIGURATION:-Release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/gui-bench-XXXXXX)
GUI_PID=""; CHROMIUM_PID=""
cleanup() {
  [[ -n $CHROMIUM_PID ]] && kill "$CHROMIUM_PID" 2>/dev/null || true
  [[ -n $GUI_PID ]] && kill -INT "$GUI_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the GUI ($CONFIGURATION)..."
dotnet build "$ROOT/src/Cairn.Gui" -c "$CONFIGURATION" -v q -nologo >/dev/null
GUI=""
for candidate in "$ROOT"/src/Cairn.Gui/bin/"$CONFIGURATION"/net10.0/{*-gui,Cairn.Gui}; do
  [[ -x $candidate ]] && { GUI=$candidate; break; }
done
[[ -n $GUI ]] || { echo "no GUI executable in src/Cairn.Gui/bin/$CONFIGURATION/net10.0"; exit 1; }

export XDG_CACHE_HOME="$WORK/cache"   # restic's cache, for the script's restic and the GUI's agent
export RESTIC_REPOSITORY="$WORK/repo" RESTIC_PASSWORD_FILE="$WORK/password"
echo "bench password $(date +%s)" > "$WORK/password"
mkdir -p "$WORK/source" "$WORK/state"
printf x > "$WORK/source/one-byte"
restic init -q >/dev/null
restic backup -q "$WORK/source" >/dev/null
first=$(restic snapshots --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
restic cat snapshot "$first" > "$WORK/template.json"   # restic 0.14's cat takes no 'latest'
cat > "$WORK/gui.conf" <<EOF
conf_version: 3.1
repos:
  default:
    repo_uri: $WORK/repo
    backup_opts:
      paths:
        - $WORK/source
    repo_opts:
      repo_password: $(cat "$WORK/password")
EOF

echo "bench-admin-password" | "$GUI" set-password --state-dir "$WORK/state" >/dev/null
"$GUI" --config "$WORK/gui.conf" --state-dir "$WORK/state" --no-browser --restore-root "$WORK" > "$WORK/gui.out" 2>&1 &
GUI_PID=$!
for _ in $(seq 100); do grep -q "one-time login link" "$WORK/gui.out" && break; sleep 0.1; done
BASE=$(sed -n 's/.* is running at \(http[^ ]*\).*/\1/p' "$WORK/gui.out" | head -1)
LINK=$(sed -n 's/.*login link in your browser: \(http[^ ]*\).*/\1/p' "$WORK/gui.out" | head -1)
JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" "$BASE/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "__RequestVerificationToken=$TOKEN" --data-urlencode "password=bench-admin-password" "$BASE/login"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$GUI_PID/status"; }

echo
echo "GUI $BASE (pid $GUI_PID), restic $(restic version | cut -d' ' -f2), $(nproc) cores"
printf "%-10s %-12s %-10s %-10s %-10s %-10s\n" snapshots median_ms min_ms max_ms doc_kib gui_rss_mib
have=1
for count in $COUNTS; do
  if (( count > have )); then
    python3 "$ROOT/benchmarks/make-snapshots.py" "$WORK/repo" "$WORK/password" "$WORK/template.json" $((count - have))
    # copies are one minute apart and older than the template: continue the series below the last one
    python3 - "$WORK/template.json" "$((count - have))" <<'PY'
import datetime, json, sys
t = json.load(open(sys.argv[1])); start = datetime.datetime.fromisoformat(t["time"][:26])
t["time"] = (start - datetime.timedelta(minutes=int(sys.argv[2]))).isoformat() + "Z"
json.dump(t, open(sys.argv[1], "w"))
PY
    have=$count
  fi
  listed=$(restic snapshots --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  [[ $listed == "$count" ]] || { echo "restic lists $listed snapshots, expected $count"; exit 1; }
  url="$BASE/api/repos/default/snapshots"
  size=$(curl -s -b "$JAR" -o "$WORK/doc.json" -w '%{size_download}' "$url")
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"] and len(d["repos"][0]["output"])==int(sys.argv[2]), "bad document"' "$WORK/doc.json" "$count"
  times=()
  for _ in $(seq "$RUNS"); do times+=("$(curl -s -b "$JAR" -o /dev/null -w '%{time_total}' "$url")"); done
  printf "%s\n" "${times[@]}" | sort -n | awk -v n="$count" -v kib=$((size / 1024)) -v rss="$(rss)" '
    { t[NR] = $1 * 1000 } END { printf "%-10s %-12.0f %-10.0f %-10.0f %-10s %-10s\n", n, (NR % 2 ? t[(NR+1)/2] : (t[NR/2] + t[NR/2+1]) / 2), t[1], t[NR], kib, rss }'
done

echo
echo "GUI RSS with chromium showing the interface for ${HOLD_SECONDS}s ($have snapshots):"
before=$(rss)
chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --disable-sync --disable-quic --user-data-dir="$WORK/chromium" --remote-debugging-port=0 \
  "$LINK" > "$WORK/chromium.log" 2>&1 &
CHROMIUM_PID=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's#.*DevTools listening on ws://127.0.0.1:\([0-9]*\)/.*#\1#p' "$WORK/chromium.log" | head -1)
  [[ -n $port ]] && break; sleep 0.1
done
sleep 5   # the dashboard (it lists the snapshots too), then the snapshots page in a second tab of the same session
curl -s -X PUT "http://127.0.0.1:$port/json/new?$BASE/%23/snapshots/default" > /dev/null
max=0; samples=()
for _ in $(seq "$HOLD_SECONDS"); do
  r=$(rss); samples+=("$r"); (( r > max )) && max=$r; sleep 1
done
tabs=$(curl -s "http://127.0.0.1:$port/json/list" | python3 -c 'import json,sys; print(", ".join(t["url"].split("/",3)[-1] or "/" for t in json.load(sys.stdin) if t["type"]=="page"))')
echo "  before chromium: ${before} MiB; while open: max ${max} MiB, last ${samples[-1]} MiB (pages: $tabs)"
