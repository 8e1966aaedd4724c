#!/usr/bin/env bash
# Backs up one generated data set with the published agent and with restic directly, each into a fresh local
# repository, in alternating runs; prints each run's wall time and peak memory, and the agent/restic time ratio.
# Run on demand (not part of the test suite). Needs python3, restic and GNU time (apt-get install time).
#
#   benchmarks/backup-vs-restic.sh [--agent PATH] [--work DIR] [--runs N] [--files N] [--size-mb N] [--seed N]
#
#   --agent    the published agent (default: artifacts/publish/linux-x64/<short_name>, short_name from resources/brand.yaml)
#   --work     where the data set, repositories and caches go (default: /tmp/<short_name>-bench); the data set is kept
#              and reused while its parameters do not change
#   --runs     runs of each (default 3), the order alternating (agent first, then restic first, ...)
#   --files, --size-mb, --seed   the data set: about 20,000 files and 500 MB by default, from a fixed seed
#
# The agent runs restic with RESTIC_PROGRESS_FPS=4 (restic's JSON default is 60 reports a second). restic alone
# inherits this script's environment: run it as RESTIC_PROGRESS_FPS=4 benchmarks/backup-vs-restic.sh to compare
# with restic invoked exactly as the agent invokes it, and without to compare with plain restic.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
short_name="$(sed -n 's/^short_name: *//p' "$repo_root/resources/brand.yaml" | tr -d "\"'" | head -n1)"
agent="$repo_root/artifacts/publish/linux-x64/$short_name"
work="/tmp/${short_name}-bench"
runs=3 files=20000 size_mb=500 seed=20240601

while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --size-mb) size_mb="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

restic="$(command -v restic || true)"
[ -x "$agent" ] || { echo "agent not found: $agent (./build.sh --target=Publish, or --agent PATH)" >&2; exit 1; }
[ -n "$restic" ] || { echo "restic not found on PATH" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 1; }

exec python3 - "$agent" "$restic" "$work" "$runs" "$files" "$size_mb" "$seed" "$short_name" <<'PY'
import json, os, random, re, shutil, subprocess, sys, time

agent, restic, work, runs, files, size_mb, seed, short_name = sys.argv[1:]
runs, files, size_mb, seed = int(runs), int(files), int(size_mb), int(seed)
data = os.path.join(work, "data")
password = "bench-password"

def generate():
    marker = os.path.join(work, "data.json")
    params = {"files": files, "size_mb": size_mb, "seed": seed}
    if os.path.exists(marker) and json.load(open(marker)) == params:
        return
    shutil.rmtree(data, ignore_errors=True)
    rng = random.Random(seed)
    # mixed sizes: many small files, some medium, a few large ones; scaled to the requested total
    sizes = []
    for _ in range(files):
        r = rng.random()
        sizes.append(rng.randint(100, 8 * 1024) if r < 0.80 else
                     rng.randint(8 * 1024, 256 * 1024) if r < 0.98 else
                     rng.randint(1024 * 1024, 16 * 1024 * 1024))
    scale = size_mb * 1024 * 1024 / sum(sizes)
    sizes = [max(1, int(s * scale)) for s in sizes]
    for i, size in enumerate(sizes):
        folder = os.path.join(data, f"d{i % 50:02d}", f"e{(i // 50) % 20:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
            f.write(rng.randbytes(size))
    json.dump(params, open(marker, "w"))

def peak_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None

def children(pid):
    try:
        return [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []

def measure(argv, env):
    """Wall time, GNU time's max RSS (the largest process of the tree) and each process's own peak (VmHWM)."""
    timing = os.path.join(work, "time.txt")
    start = time.monotonic()
    proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", timing, *argv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = {}
    while proc.poll() is None:
        for child in children(proc.pid):              # the measured program (under time)
            for pid in [child, *children(child)]:     # and its own children (restic under the agent)
                value = peak_kib(pid)
                if value is not None:
                    name = open(f"/proc/{pid}/comm").read().strip() if os.path.exists(f"/proc/{pid}/comm") else "?"
                    peaks[(pid, name)] = max(value, peaks.get((pid, name), 0))
        time.sleep(0.05)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode not in (0, 30):  # 30: the agent's warning exit (e.g. a tiny --size-mb below the minimum size)
        sys.exit(f"{argv[0]} failed ({proc.returncode}):\n{err}")
    report = open(timing).read()
    max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", report).group(1)) for kind in ("User", "System"))
    return wall, cpu, max_rss, peaks

def fresh(name):
    path = os.path.join(work, name)
    shutil.rmtree(path, ignore_errors=True)
    return path

def run_restic(i):
    repo, cache = fresh(f"repo-restic-{i}"), fresh(f"cache-restic-{i}")
    env = dict(os.environ, RESTIC_REPOSITORY=repo, RESTIC_PASSWORD=password)
    subprocess.run([restic, "--cache-dir", cache, "init"], env=env, check=True, capture_output=True)
    # the same command the agent runs (backup --json, its output read and thrown away)
    return measure([restic, "--cache-dir", cache, "backup", "--json", "--", data], env)

def run_agent(i):
    repo, cache = fresh(f"repo-agent-{i}"), fresh(f"cache-agent-{i}")
    config = os.path.join(work, f"agent-{i}.conf")
    log = os.path.join(work, f"agent-{i}.log")
    if os.path.exists(log):
        os.remove(log)
    with open(config, "w") as f:
        f.write(f"repos:\n  default:\n    repo_uri: '{repo}'\n    backup_opts:\n      paths:\n      - '{data}'\n"
                f"    repo_opts:\n      repo_password: '{password}'\n")
    env = dict(os.environ, **{short_name.upper().replace("-", "_") + "_LOCK_DIR": os.path.join(work, "locks")})
    base = [agent, "--config", config, "--cache-dir", cache, "--log-file", log]
    subprocess.run([*base, "init"], env=env, check=True, capture_output=True)
    wall, cpu, max_rss, peaks = measure([*base, "backup", "--force", "--json"], env)
    own = re.findall(r"agent peak memory (\d+) KiB", open(log).read())
    return wall, cpu, max_rss, peaks, int(own[-1]) if own else None

os.makedirs(work, exist_ok=True)
t0 = time.monotonic()
generate()
count = sum(len(f) for _, _, f in os.walk(data))
total = sum(os.path.getsize(os.path.join(d, n)) for d, _, fs in os.walk(data) for n in fs)
print(f"data set: {count} files, {total / 1024 / 1024:.0f} MiB in {data} (ready in {time.monotonic() - t0:.0f} s)")
print(f"agent: {agent}\nrestic: {restic} ({subprocess.run([restic, 'version'], capture_output=True, text=True).stdout.strip()})")
print(f"{'run':>3}  {'who':<6} {'wall s':>7}  {'cpu s':>6}  {'max RSS (time -v)':>18}  {'own peak':>10}  {'child peak':>10}")

agent_times, restic_times, agent_rows, restic_rows, agent_cpu, restic_cpu = [], [], [], [], [], []
for i in range(1, runs + 1):
    order = ["agent", "restic"] if i % 2 == 1 else ["restic", "agent"]
    for who in order:
        if who == "agent":
            wall, cpu, max_rss, peaks, own = run_agent(i)
            child = max((v for (pid, name), v in peaks.items() if name == "restic"), default=0)
            agent_times.append(wall)
            agent_cpu.append(cpu)
            agent_rows.append((max_rss, own, child))
            print(f"{i:>3}  agent  {wall:7.2f}  {cpu:6.2f}  {max_rss / 1024:15.0f} MiB  {own / 1024 if own else 0:6.0f} MiB  {child / 1024:6.0f} MiB")
        else:
            wall, cpu, max_rss, peaks = run_restic(i)
            restic_times.append(wall)
            restic_cpu.append(cpu)
            restic_rows.append(max_rss)
            print(f"{i:>3}  restic {wall:7.2f}  {cpu:6.2f}  {max_rss / 1024:15.0f} MiB  {'':>10}  {'':>10}")

median = lambda xs: sorted(xs)[len(xs) // 2]
ratio = median(agent_times) / median(restic_times)
print()
print(f"median wall time: agent {median(agent_times):.2f} s, restic {median(restic_times):.2f} s")
print(f"ratio agent/restic: {ratio:.3f} (goal <= 1.03) {'OK' if ratio <= 1.03 else 'ABOVE GOAL'}")
print(f"CPU time (user + system, the agent's including restic's): agent {median(agent_cpu):.2f} s, restic {median(restic_cpu):.2f} s, "
      f"ratio {median(agent_cpu) / median(restic_cpu):.3f} (less sensitive to other load on the machine than wall time)")
print(f"peak memory: restic alone {max(restic_rows) / 1024:.0f} MiB; agent run {max(r[0] for r in agent_rows) / 1024:.0f} MiB "
      f"(largest process, time -v), agent itself {max((r[1] or 0) for r in agent_rows) / 1024:.0f} MiB, "
      f"agent + its restic child {max((r[1] or 0) + r[2] for r in agent_rows) / 1024:.0f} MiB")
PY
