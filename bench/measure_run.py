#!/usr/bin/env python3
"""Runs one load generator (wrk or pgbench) and measures around it; writes one JSON result.

Measured:
  - CPU core-seconds (utime + stime from /proc) of the PostgreSQL cluster (postmaster and all its
    children, exited ones included through cutime/cstime), of the Java service, of the load
    generator itself (its rusage), and of everything else on the machine (from /proc/stat);
  - the service's resident memory (VmRSS), sampled every second;
  - the load generator's own figures: the BENCH_JSON line of the wrk scripts, or pgbench's tps;
  - with --invariants: the ledger invariants (bench/invariants.sql) after the run, and that the
    number of 201 responses equals the number of transfers the run added.

  measure_run.py --kind wrk --label uniform-64 --pgdata DIR --java-pid PID \
                 --psql "psql -h ... bursar" --invariants --out result.json -- wrk ...
"""
import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1
BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


def proc_stat(pid):
    """(ppid, utime+stime, cutime+cstime) of a process in clock ticks, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    # The command name is in parentheses and may contain spaces: split after the last ')'.
    fields = data[data.rindex(")") + 2:].split()
    # fields[0] is the state (field 3 of stat); utime is field 14, so fields[11].
    ppid = int(fields[1])
    own = int(fields[11]) + int(fields[12])
    children = int(fields[13]) + int(fields[14])
    return ppid, own, children


def postgres_ticks(pgdata):
    """CPU ticks of a PostgreSQL cluster: the postmaster (with its reaped children) and live children."""
    with open(os.path.join(pgdata, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = proc_stat(int(entry))
        if stat is None:
            continue
        ppid, own, children = stat
        if int(entry) == postmaster or ppid == postmaster:
            total += own + children
    return total


def process_ticks(pid):
    stat = proc_stat(pid) if pid else None
    return stat[1] if stat else 0


def machine_busy_ticks():
    """Busy ticks of all CPUs (everything but idle and iowait) from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    return user + nice + system + irq + softirq + steal


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def psql(command, *args):
    out = subprocess.run(shlex.split(command) + ["-X", "-At", "-F", "|", *args],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def transfer_count(command):
    return int(psql(command, "-c", "SELECT count(*) FROM transfers WHERE kind = 'transfer'")[0][0])


def parse_wrk(output):
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError("wrk printed no BENCH_JSON line:\n" + output[-2000:])


def parse_pgbench(output):
    result = {}
    patterns = {
        "tps": r"^tps = ([\d.]+) \(without initial connection time\)",
        "transactions": r"^number of transactions actually processed: (\d+)",
        "failed": r"^number of failed transactions: (\d+)",
        "latency_avg_ms": r"^latency average = ([\d.]+) ms",
    }
    for name, pattern in patterns.items():
        match = re.search(pattern, output, re.MULTILINE)
        if match:
            result[name] = float(match.group(1))
    if "tps" not in result:
        raise RuntimeError("no tps in pgbench output:\n" + output[-2000:])
    return result


def wait_for(child, drain_dir, drain_threads):
    """Waits for the load generator; returns (wait status, rusage).

    With a drain directory, ends wrk with SIGINT (it then reports as usual) as soon as each of its
    threads has marked itself drained, rather than waiting for its -d cap."""
    interrupted = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            return status, usage
        if drain_dir and not interrupted:
            drained = [f for f in os.listdir(drain_dir) if f.startswith("drained-")]
            if len(drained) >= drain_threads:
                os.kill(child.pid, signal.SIGINT)
                interrupted = True
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["wrk", "pgbench"], required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--meta", default="{}", help="JSON object merged into the result")
    parser.add_argument("--pgdata", required=True)
    parser.add_argument("--java-pid", type=int, default=0)
    parser.add_argument("--psql", help="psql command line for the bursar database")
    parser.add_argument("--invariants", action="store_true")
    parser.add_argument("--log", help="file for the load generator's output")
    parser.add_argument("--drain-dir", help="BENCH_DRAIN_DIR of the wrk script (see wrk_stats.lua)")
    parser.add_argument("--drain-threads", type=int, default=2, help="wrk's -t")
    parser.add_argument("--out", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    result = {"label": args.label, "kind": args.kind, **json.loads(args.meta)}
    if args.invariants:
        transfers_before = transfer_count(args.psql)

    # Memory sampler: the service's VmRSS once a second while the load runs.
    rss_samples, stop = [], threading.Event()

    def sample():
        while True:
            value = rss_mb(args.java_pid)
            if value is not None:
                rss_samples.append(value)
            if stop.wait(1.0):
                return

    if args.java_pid:
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

    loadavg_before = open("/proc/loadavg").read().split()[0]
    before = (postgres_ticks(args.pgdata), process_ticks(args.java_pid), machine_busy_ticks())
    log_path = args.log or os.devnull
    started = time.monotonic()
    with open(log_path, "w") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        status, usage = wait_for(child, args.drain_dir, args.drain_threads)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    after = (postgres_ticks(args.pgdata), process_ticks(args.java_pid), machine_busy_ticks())
    if args.java_pid:
        stop.set()
        sampler.join()

    output = open(log_path).read() if args.log else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[0]} exited with {child.returncode}:\n{output[-2000:]}")
    result.update(parse_wrk(output) if args.kind == "wrk" else {"pgbench": parse_pgbench(output)})

    # CPU split, in core-seconds and as % of the machine's capacity over the run.
    db_s = (after[0] - before[0]) / TICKS
    java_s = (after[1] - before[1]) / TICKS
    load_s = usage.ru_utime + usage.ru_stime
    busy_s = (after[2] - before[2]) / TICKS
    capacity = wall * NCPU
    cpu = {"db": db_s, "service": java_s, "loadgen": load_s,
           "other": max(0.0, busy_s - db_s - java_s - load_s)}
    result["wall_s"] = round(wall, 3)
    result["cpu_core_s"] = {k: round(v, 2) for k, v in cpu.items()}
    result["cpu_pct"] = {k: round(100 * v / capacity, 1) for k, v in cpu.items()}
    result["cores"] = NCPU
    result["loadavg_before"] = float(loadavg_before)
    if rss_samples:
        result["rss_max_mb"] = round(max(rss_samples), 1)

    if args.invariants:
        checks = {name: int(count) for name, count in
                  psql(args.psql, "-f", os.path.join(BENCH_DIR, "invariants.sql"))}
        added = transfer_count(args.psql) - transfers_before
        created = result.get("statuses", {}).get("201", 0)
        checks["responses_201_match_transfers"] = abs(created - added)
        result["transfers_added"] = added
        result["invariants"] = checks
        result["invariants_ok"] = all(v == 0 for v in checks.values())

    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    print(summary(result), file=sys.stderr)


def summary(r):
    """One progress line for the terminal."""
    cpu = r["cpu_pct"]
    split = f"cpu db/svc/load/other {cpu['db']:.0f}/{cpu['service']:.0f}/{cpu['loadgen']:.0f}/{cpu['other']:.0f}%"
    if r["kind"] == "pgbench":
        return f"  {r['label']}: {r['pgbench']['tps']:.0f} tps, {split}"
    line = (f"  {r['label']}: {r['requests_per_s']:.0f} req/s, p50 {r['latency_ms']['p50']:.1f} ms, "
            f"p99 {r['latency_ms']['p99']:.1f} ms, statuses {r['statuses']}, {split}")
    if "rss_max_mb" in r:
        line += f", rss {r['rss_max_mb']:.0f} MB"
    if "invariants_ok" in r:
        line += ", invariants " + ("ok" if r["invariants_ok"] else f"VIOLATED {r['invariants']}")
    return line


if __name__ == "__main__":
    main()
