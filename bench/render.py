#!/usr/bin/env python3
"""Renders the benchmark results of bench/run.sh into docs/benchmarks.md, docs/benchmarks.json
and docs/benchmarks-throughput.svg (a hand-written SVG bar chart).

  render.py --results /tmp/bursar-bench.XXX/results --docs docs
  render.py --from-json docs/benchmarks.json --docs docs     (re-render a kept run)
"""
import argparse
import glob
import html
import json
import math
import os
import statistics

# --- Loading ---------------------------------------------------------------------------------


def load(path):
    with open(path) as f:
        return json.load(f)


def collect(results_dir):
    """Merges the per-run JSON files of a results directory into one document."""
    startup = load(os.path.join(results_dir, "startup.json"))["modes"]
    load_mode = startup.pop("load_runs", {}).get("mode")
    for mode in startup.values():
        if "ms" in mode:
            mode["median_ms"] = statistics.median(mode["ms"])
    runs = [load(p) for p in sorted(glob.glob(os.path.join(results_dir, "run-*.json")))]
    machine = load(os.path.join(results_dir, "machine.json"))
    # Report the scenarios in the order of the SCENARIOS knob, then by connections.
    order = machine["knobs"].get("SCENARIOS", "").split()
    runs.sort(key=lambda r: (order.index(r["scenario"]) if r["scenario"] in order else len(order),
                             r["connections"], r["group_commit"] != "on"))
    warmups = [load(p) for p in sorted(glob.glob(os.path.join(results_dir, "warmup-*.json")),
                                       key=lambda p: p.endswith("-off.json"))]
    ceilings = [load(p) for p in sorted(glob.glob(os.path.join(results_dir, "ceiling-*.json")))]
    ceiling_tps = {(c["scenario"], c["connections"]): c["pgbench"]["tps"] for c in ceilings}
    for run in runs + warmups:
        run["transfers_per_s"] = round(run["statuses"].get("201", 0) / run["window_s"], 1)
        tps = ceiling_tps.get((run["scenario"], run["connections"]))
        run["ceiling_tps"] = tps
        run["ratio_to_ceiling"] = round(run["transfers_per_s"] / tps, 3) if tps else None
    many = {}
    for name in ("wrk", "idle"):
        path = os.path.join(results_dir, f"many-{name}.json")
        if os.path.exists(path):
            many[name] = load(path)
    doc = {
        "machine": machine,
        "startup": {"modes": startup, "load_runs_mode": load_mode},
        "runs": runs,
        "warmups": warmups,
        "ceilings": ceilings,
        "many_connections": many,
    }
    doc["targets"] = evaluate_targets(doc)
    return doc


# --- Targets ---------------------------------------------------------------------------------


def find_run(doc, scenario, connections, gc="on"):
    for run in doc["runs"]:
        if run["scenario"] == scenario and run["connections"] == connections and run["group_commit"] == gc:
            return run
    return None


def count_5xx(statuses):
    return sum(n for code, n in statuses.items() if code.startswith("5"))


def evaluate_targets(doc):
    """Each target: name, measured (text), met (True / False / None when not measured)."""
    targets = []

    def throughput_target(scenario, factor, p99_limit):
        name = f"{scenario}, 64 connections: ≥ {factor:g}× ceiling and p99 ≤ {p99_limit} ms"
        run = find_run(doc, scenario, 64)
        if not run or run["ratio_to_ceiling"] is None:
            targets.append({"target": name, "measured": "not measured", "met": None})
            return
        p99 = run["latency_ms"]["p99"]
        targets.append({
            "target": name,
            "measured": f"{run['ratio_to_ceiling']:.2f}× ceiling ({run['transfers_per_s']:,.0f} vs "
                        f"{run['ceiling_tps']:,.0f} transfers/s), p99 {p99:.1f} ms",
            "met": run["ratio_to_ceiling"] >= factor and p99 <= p99_limit,
        })

    throughput_target("uniform", 1.0, 50)
    throughput_target("hot", 3.0, 100)

    warmups = [dict(r, label=f"{r['label']} warm-up") for r in doc.get("warmups", [])]
    wrk_runs = (list(doc["runs"]) + warmups
                + ([doc["many_connections"]["wrk"]] if "wrk" in doc["many_connections"] else []))
    fivexx = sum(count_5xx(r["statuses"]) for r in wrk_runs)
    where = ", ".join(f"{r['label']}: {count_5xx(r['statuses'])}" for r in wrk_runs if count_5xx(r["statuses"]))
    targets.append({"target": "zero 5xx responses (all wrk runs, warm-ups included)",
                    "measured": f"{fivexx:,} responses with 5xx" + (f" ({where})" if where else ""),
                    "met": fivexx == 0 if wrk_runs else None})

    checked = list(doc["runs"]) + warmups
    violations = {r["label"]: {k: v for k, v in r["invariants"].items() if v} for r in checked
                  if not r.get("invariants_ok")}
    targets.append({"target": "zero ledger invariant violations",
                    "measured": (f"{len(checked)} runs checked (warm-ups included), none violated" if not violations
                                 else "violated: " + json.dumps(violations)),
                    "met": not violations if doc["runs"] else None})

    modes = doc["startup"]["modes"]
    medians = {m: v["median_ms"] for m, v in modes.items() if "median_ms" in v}
    if medians:
        best = min(medians, key=medians.get)
        text = ", ".join(f"`{m}` {t / 1000:.2f} s" for m, t in medians.items())
        met = medians[best] <= 3000
        plain_met = medians.get("jar", math.inf) <= 3000
        note = "" if not met or plain_met else f" (met only in start mode `{best}`)"
        targets.append({"target": "start-up ≤ 3 s (median, process start to readiness 200)",
                        "measured": f"medians: {text}{note}", "met": met})
    else:
        targets.append({"target": "start-up ≤ 3 s", "measured": "not measured", "met": None})

    rss64 = [(r["rss_max_mb"], r["label"]) for r in doc["runs"] if r["connections"] == 64 and "rss_max_mb" in r]
    if rss64:
        peak, label = max(rss64)
        targets.append({"target": "service RSS under 64-connection load ≤ 512 MB",
                        "measured": f"max {peak:.0f} MB ({label})", "met": peak <= 512})
    else:
        targets.append({"target": "service RSS under 64-connection load ≤ 512 MB",
                        "measured": "not measured", "met": None})

    idle = doc["many_connections"].get("idle")
    name = "10,000 idle keep-alive connections all served, RSS ≤ 1 GB"
    if idle and idle["connections"] >= 10000 and idle.get("rss_max_mb") is not None:
        targets.append({"target": name,
                        "measured": f"{idle['second_request_ok']:,}/{idle['connections']:,} answered after "
                                    f"{idle['hold_s']:g} s idle, RSS max {idle['rss_max_mb']:.0f} MB",
                        "met": idle["failures"] == 0 and idle["rss_max_mb"] <= 1024})
    else:
        targets.append({"target": name, "measured": "not measured at 10,000 connections", "met": None})

    burst = doc["many_connections"].get("wrk")
    name = "10,000 concurrent keep-alive clients served with no errors (wrk, GET /api/v1/me)"
    if burst and burst["connections"] >= 10000:
        errors = burst["non_2xx_3xx"] + sum(burst["socket_errors"].values())
        targets.append({"target": name,
                        "measured": f"{burst['requests_per_s']:,.0f} requests/s, {errors:,} errors, "
                                    f"p99 {burst['latency_ms']['p99']:.0f} ms, RSS max "
                                    f"{burst.get('rss_max_mb', 0):.0f} MB",
                        "met": errors == 0})
    else:
        targets.append({"target": name, "measured": "not measured at 10,000 connections", "met": None})
    return targets


# --- Chart -----------------------------------------------------------------------------------

COLORS = {"on": "#2b6cb0", "off": "#dd8a2b", "ceiling": "#9aa5b1"}


def nice_max(value):
    """The smallest 1/2/2.5/5 x 10^k at or above value."""
    if value <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def esc(text):
    return html.escape(str(text), quote=True)


def chart_svg(doc):
    """Grouped bars per scenario: Bursar (group commit on / off) and the pgbench ceiling, in tps."""
    scenarios = []
    for run in doc["runs"]:
        if run["scenario"] not in scenarios:
            scenarios.append(run["scenario"])
    panel_w, panel_h, top, bottom, left = 440, 300, 100, 60, 70
    width = max(1, len(scenarios)) * panel_w + 20
    height = top + panel_h + bottom
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">'
           f'Transfers per second (higher is better)</text>']
    # Legend.
    legend = [("on", "Bursar, group commit on"), ("off", "Bursar, group commit off"),
              ("ceiling", "PostgreSQL ceiling (pgbench)")]
    x = width / 2 - 300
    for key, text in legend:
        out.append(f'<rect x="{x}" y="34" width="12" height="12" fill="{COLORS[key]}"/>')
        out.append(f'<text x="{x + 17}" y="45">{esc(text)}</text>')
        x += 200
    for index, scenario in enumerate(scenarios):
        x0 = index * panel_w + left
        plot_w = panel_w - left - 20
        conns = sorted({r["connections"] for r in doc["runs"] if r["scenario"] == scenario})
        groups = []
        for c in conns:
            bars = []
            for gc in ("on", "off"):
                run = find_run(doc, scenario, c, gc)
                if run:
                    bars.append((gc, run["transfers_per_s"]))
            ceiling = next((r["ceiling_tps"] for r in doc["runs"]
                            if r["scenario"] == scenario and r["connections"] == c and r["ceiling_tps"]), None)
            if ceiling:
                bars.append(("ceiling", ceiling))
            groups.append((c, bars))
        ymax = nice_max(max([v for _, bars in groups for _, v in bars] + [1]) * 1.08)
        y_of = lambda v: top + panel_h - v / ymax * panel_h  # noqa: E731
        out.append(f'<text x="{x0 + plot_w / 2}" y="{top - 22}" text-anchor="middle" font-weight="bold">'
                   f'{esc(scenario)}</text>')
        for i in range(6):  # grid and y labels
            v = ymax * i / 5
            y = y_of(v)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + plot_w}" y2="{y:.1f}" stroke="#e2e8f0"/>')
            out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#4a5568">{v:,.0f}</text>')
        out.append(f'<line x1="{x0}" y1="{top + panel_h}" x2="{x0 + plot_w}" y2="{top + panel_h}" stroke="#4a5568"/>')
        group_w = plot_w / max(1, len(groups))
        for g, (c, bars) in enumerate(groups):
            bar_w = min(36, (group_w - 16) / max(1, len(bars)))
            bx = x0 + g * group_w + (group_w - bar_w * len(bars)) / 2
            for key, value in bars:
                y = y_of(value)
                out.append(f'<rect x="{bx:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
                           f'height="{top + panel_h - y:.1f}" fill="{COLORS[key]}"/>')
                out.append(f'<text x="{bx + bar_w / 2 - 1:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                           f'font-size="10">{value:,.0f}</text>')
                bx += bar_w
            out.append(f'<text x="{x0 + g * group_w + group_w / 2:.1f}" y="{top + panel_h + 18}" '
                       f'text-anchor="middle">{c} connections</text>')
        out.append(f'<text x="{x0 + plot_w / 2}" y="{top + panel_h + 42}" text-anchor="middle" '
                   f'fill="#4a5568">{"10,000 accounts" if scenario == "uniform" else "10 accounts" if scenario == "hot" else ""}'
                   f'</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- Markdown --------------------------------------------------------------------------------


def ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_statuses(run):
    other = {k: v for k, v in sorted(run["statuses"].items()) if k != "201"}
    return ", ".join(f"{v} × {k}" for k, v in other.items()) or "none"


def fmt_socket(run):
    errors = {k: v for k, v in run["socket_errors"].items() if v}
    return ", ".join(f"{v} {k}" for k, v in errors.items()) or "none"


def fmt_cpu(run):
    c, p = run["cpu_core_s"], run["cpu_pct"]
    return (f"{p['db']:.0f}% / {p['service']:.0f}% / {p['loadgen']:.0f}% / {p['other']:.0f}%")


def fmt_ratio(run):
    return f"{run['ratio_to_ceiling']:.2f}×" if run["ratio_to_ceiling"] is not None else "n/a"


def fmt_invariants(run):
    if run.get("invariants_ok"):
        return "ok"
    return "**VIOLATED**: " + ", ".join(f"{k} {v}" for k, v in run["invariants"].items() if v)


def markdown(doc):
    m = doc["machine"]
    knobs = m["knobs"]
    lines = []
    add = lines.append
    add("# Benchmarks")
    add("")
    add(f"Generated by `bench/run.sh` on {m['date']}; do not edit by hand, run it again. "
        f"The raw figures are in [benchmarks.json](benchmarks.json).")
    add("")
    add("## Machine")
    add("")
    add("| | |")
    add("|---|---|")
    add(f"| CPU | {m['cpu']}, {m['cores']} cores |")
    add(f"| Memory | {m['memory_gib']} GiB |")
    add(f"| OS, kernel | {m['os']}, Linux {m['kernel']} |")
    add(f"| JDK | {m['jdk']} |")
    add(f"| PostgreSQL | {m['postgres']} |")
    add(f"| wrk | {(m['wrk'] or '').split(' Copyright')[0]} |")
    add(f"| Service | `{m['jar']}`" + (f" (commit {m['git']})" if m.get("git") else "") + " |")
    add("")
    add("Everything runs on this one machine: PostgreSQL, the service and the load generator share "
        "its cores, so the CPU split below is part of every result.")
    add("")
    add("## Command")
    add("")
    env = " ".join(f"{k}={json.dumps(v) if (' ' in v or not v) else v}" for k, v in knobs.items())
    add("```sh")
    add(f"{env} bench/run.sh")
    add("```")
    add("")
    add(f"This run took {m['elapsed_s'] // 60} min {m['elapsed_s'] % 60} s, the build included.")
    add("")
    add("## Method")
    add("")
    add("- **Database**: a throwaway PostgreSQL cluster (initdb in a temporary directory), on "
        "127.0.0.1, default durability (`fsync = on`, `synchronous_commit = on`), "
        "`max_connections = 300`, `shared_buffers = 256MB`, and `max_wal_size = 8GB` with "
        "`checkpoint_timeout = 30min` so that no checkpoint lands inside some runs and not others. "
        "The service uses database `bursar`, "
        "the ceiling database `ceiling`.")
    heap = f"{m['jvm_max_heap_mb']:,} MiB" if m.get("jvm_max_heap_mb") else "the JVM default"
    opts = knobs.get("BENCH_JAVA_OPTS") or ""
    add(f"- **Service**: `{m['jar']}` with its defaults (virtual threads, a Hikari pool of 10 "
        "connections), rate limiting off (`BURSAR_RATELIMIT_CAPACITY=0`) and "
        "`BURSAR_LEDGER_GROUPCOMMIT_ENABLED=true` (`false` in the comparison below). The load runs "
        f"start it in start mode `{doc['startup']['load_runs_mode']}`, the fastest to start (see "
        f"Start-up), with " + (f"`{opts}`" if opts else "no extra JVM options") + f"; its maximum heap "
        f"is {heap} (the JVM sizes it from the machine's memory unless `-Xmx` is given in "
        "`BENCH_JAVA_OPTS`), which bears on the RSS figures. Before the measured transfer runs, and "
        f"again after the restart with group commit off, {knobs.get('WARMUP', '30')} s of transfers "
        "(checked, not reported) warm up the JIT. JSON logs go to a file.")
    add("- **Data**, created through the HTTP API before the runs: **uniform**: 100 users × 100 accounts "
        "= 10,000 EUR accounts; **hot**: 10 users × 1 account = 10 EUR accounts. Each account gets a "
        "deposit of 1,000,000,000 cents, so no run can empty one.")
    add(f"- **Load**: `wrk -t2 -c<connections> --timeout 10s -s bench/transfer.lua`. Each request is "
        "`POST /api/v1/transfers` from a random account to a different random account of the scenario, "
        "1 to 100 cents in EUR, with the source owner's API key and a unique `Idempotency-Key`. wrk is "
        "closed-loop: each connection sends its next request when the previous one is answered. Requests "
        f"are sent for {knobs['DURATION']} s; then each connection waits for its last response, so every "
        "request sent is answered and counted. **Transfers/s** = 201 responses / (first request sent "
        "to last response received). Latencies are wrk's, per request, from sending to the full response.")
    add("- **Ceiling**: `pgbench -n -M prepared -j 2 -c <connections> -T <duration>` on the database "
        "`ceiling` (`accounts(id int, balance bigint check >= 0)`, `transfers(id bigserial, from_id, to_id, "
        "amount, created_at)`) running [`bench/ceiling.sql`](../bench/ceiling.sql): one correct transfer "
        "per transaction between two random distinct accounts among 10,000 (uniform) or 10 (hot): lock "
        "both rows in id order, debit only if the balance suffices, credit only if the debit happened, "
        "insert the transfer only if both did. It is what the same PostgreSQL does with the least work a "
        "correct transfer needs, at the same connection count, without HTTP, authentication, idempotency "
        "records or a journal. **× ceiling** = the service's transfers/s divided by the ceiling's tps at "
        "the same scenario and connections.")
    add("- **CPU split**: utime + stime from `/proc` before and after each run, for the PostgreSQL "
        "cluster (the postmaster and all its processes), the Java service and wrk; *other* is the rest of "
        "the machine's busy time in `/proc/stat` (anything else running). As % of the run's capacity "
        f"({m['cores']} cores × the run's wall time).")
    add("- **RSS**: the service's `VmRSS`, sampled every second during the run; the maximum.")
    add("- **Invariants**, checked in SQL after every run ([`bench/invariants.sql`](../bench/invariants.sql)): "
        "per currency all balances (system accounts included) sum to 0; no user account below 0; every "
        "account's journal runs `entry_no` 1..n with `balance_after` the running sum of `amount`, "
        "n = `entry_count` and the last `balance_after` = `balance`; every transfer has exactly two "
        "entries, −amount on the source and +amount on the destination; and the number of 201 "
        "responses wrk counted equals the number of `kind = 'transfer'` rows the run added.")
    add("")
    add("## Results")
    add("")
    add("CPU is % of the machine's capacity during the run: database / service / wrk / other processes.")
    add("")
    for scenario in dict.fromkeys(r["scenario"] for r in doc["runs"]):
        accounts = {"uniform": "10,000 accounts", "hot": "10 accounts"}.get(scenario, "")
        add(f"### {scenario} ({accounts})")
        add("")
        add("| Connections | Transfers/s | × ceiling | p50 ms | p99 ms | max ms | Non-201 responses | "
            "Socket errors | Ceiling tps | CPU db / service / wrk / other | Max RSS MB | Invariants |")
        add("|---:|---:|---:|---:|---:|---:|---|---|---:|---|---:|---|")
        for run in sorted((r for r in doc["runs"] if r["scenario"] == scenario and r["group_commit"] == "on"),
                          key=lambda r: r["connections"]):
            lat = run["latency_ms"]
            ceiling = f"{run['ceiling_tps']:,.0f}" if run["ceiling_tps"] else "n/a"
            add(f"| {run['connections']} | {run['transfers_per_s']:,.0f} | {fmt_ratio(run)} | {ms(lat['p50'])} | "
                f"{ms(lat['p99'])} | {ms(lat['max'])} | {fmt_statuses(run)} | {fmt_socket(run)} | {ceiling} | "
                f"{fmt_cpu(run)} | {run.get('rss_max_mb', 0):.0f} | {fmt_invariants(run)} |")
        add("")
    order = list(dict.fromkeys(r["scenario"] for r in doc["runs"]))
    if doc.get("warmups"):
        add("Warm-up runs (not in the tables; invariants checked): " + "; ".join(
            f"{r['scenario']}, {r['connections']} connections, group commit {r['group_commit']}: "
            f"{r['transfers_per_s']:,.0f} transfers/s, p99 {ms(r['latency_ms']['p99'])} ms, non-201 "
            f"{fmt_statuses(r)}, invariants {fmt_invariants(r)}" for r in doc["warmups"]) + ".")
        add("")
    ceilings = sorted(doc["ceilings"], key=lambda c: (order.index(c["scenario"]) if c["scenario"] in order
                                                       else len(order), c["connections"]))
    if ceilings:
        add("The ceiling runs themselves (pgbench):")
        add("")
        add("| Scenario | Connections | tps | Average latency ms | Failed transactions | CPU db / service / pgbench / other |")
        add("|---|---:|---:|---:|---:|---|")
        for c in ceilings:
            pg = c["pgbench"]
            add(f"| {c['scenario']} | {c['connections']} | {pg['tps']:,.0f} | {pg.get('latency_avg_ms', 0):.2f} | "
                f"{pg.get('failed', 0):.0f} | {fmt_cpu(c)} |")
        add("")

    add("## Group commit on and off")
    add("")
    known = doc["machine"].get("group_commit_setting_in_build")
    add("The same runs with the service started with `BURSAR_LEDGER_GROUPCOMMIT_ENABLED=true` (above) "
        "and `false`. " + ("The build under test has a group-commit setting." if known else
                           "**The build under test does not mention a group-commit setting, so both "
                           "columns measure the same code**; the difference is run-to-run noise."))
    add("")
    add("| Scenario | Connections | on: transfers/s | on: × ceiling | on: p99 ms | off: transfers/s | "
        "off: × ceiling | off: p99 ms | on / off |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for off in (r for r in doc["runs"] if r["group_commit"] == "off"):
        on = find_run(doc, off["scenario"], off["connections"], "on")
        if on:
            speedup = on["transfers_per_s"] / off["transfers_per_s"] if off["transfers_per_s"] else float("nan")
            add(f"| {off['scenario']} | {off['connections']} | {on['transfers_per_s']:,.0f} | {fmt_ratio(on)} | "
                f"{ms(on['latency_ms']['p99'])} | {off['transfers_per_s']:,.0f} | {fmt_ratio(off)} | "
                f"{ms(off['latency_ms']['p99'])} | {speedup:.2f}× |")
        else:
            add(f"| {off['scenario']} | {off['connections']} | n/a | n/a | n/a | {off['transfers_per_s']:,.0f} | "
                f"{fmt_ratio(off)} | {ms(off['latency_ms']['p99'])} | n/a |")
    offs = [r for r in doc["runs"] if r["group_commit"] == "off"]
    if offs:
        add("")
        add("Group commit off, other figures: " + "; ".join(
            f"{r['scenario']}: non-201 {fmt_statuses(r)}, socket errors {fmt_socket(r)}, CPU {fmt_cpu(r)}, "
            f"max RSS {r.get('rss_max_mb', 0):.0f} MB, invariants {fmt_invariants(r)}" for r in offs) + ".")
    add("")

    add("## Start-up")
    add("")
    add("Wall time from process start to the first `200` from `/actuator/health/readiness`, median of "
        f"{knobs['STARTUP_RUNS']} starts (each then stopped); a first start before them creates the "
        "schema and is not counted. AOT cache: a training run `java -XX:AOTCacheOutput=bursar.aot "
        "-Dspring.context.exit=onRefresh -jar …` (exits once the context is refreshed, writes the "
        "cache), then `java -XX:AOTMode=on -XX:AOTCache=bursar.aot -jar …` (JDK 25, JEP 483/514; "
        "`AOTMode=on` makes the JVM refuse to start rather than silently ignore an unusable cache).")
    add("")
    add("Start modes: the fat jar's nested jars are loaded by Spring Boot's own class loader, which "
        "the JDK's AOT cache does not cover; extracting the jar (as Spring Boot documents for CDS and "
        "the AOT cache) gives a plain class path that it covers. `jar-aotcache` can be measured with "
        "`STARTUP_MODES`.")
    add("")
    add("| Start mode | Median | Starts (ms) | Training run | Cache |")
    add("|---|---:|---|---:|---:|")
    describe = {
        "jar": "plain: `java -jar target/bursar-*.jar`",
        "jar-aotcache": "JDK AOT cache on the Spring Boot fat jar (`-jar target/bursar-*.jar`)",
        "extracted-aotcache": "JDK AOT cache on the jar extracted with `java -Djarmode=tools -jar … extract`",
        "extracted-aotcache-springaot": "the same plus Spring AOT (`-Dspring.aot.enabled=true`, "
                                        "bean definitions generated by the build's `process-aot`)",
    }
    for mode, v in doc["startup"]["modes"].items():
        name = f"`{mode}`: {describe.get(mode, mode)}"
        if "median_ms" in v:
            add(f"| {name} | {v['median_ms'] / 1000:.2f} s | {', '.join(str(t) for t in v['ms'])} | "
                f"{v['training_s']:.1f} s | {v['cache_mb']} MB |" if "training_s" in v else
                f"| {name} | {v['median_ms'] / 1000:.2f} s | {', '.join(str(t) for t in v['ms'])} | | |")
        else:
            add(f"| {name} | failed | {esc(v.get('error', ''))} | | |")
    add("")

    add("## Many connections")
    add("")
    many = doc["many_connections"]
    if many:
        add("On a freshly started service (so that its memory shows the connections, not the earlier "
            "load runs): first the idle connections, then the wrk burst.")
        add("")
    if not many:
        add("Not measured in this run (`MANY_CONNECTIONS=0`).")
    if "wrk" in many:
        w = many["wrk"]
        errors = w["non_2xx_3xx"] + sum(w["socket_errors"].values())
        add(f"**wrk, {w['connections']:,} connections, 10 s of `GET /api/v1/me`, `--timeout 10s`** "
            "(one user's key; every connection sends its next request as soon as it has an answer): "
            f"{w['requests_per_s']:,.0f} requests/s, p50 {ms(w['latency_ms']['p50'])} ms, "
            f"p99 {ms(w['latency_ms']['p99'])} ms; errors {errors:,} (non-2xx: {fmt_statuses_any(w)}; "
            f"socket: {fmt_socket(w)}); service max RSS {w.get('rss_max_mb', 0):.0f} MB; "
            f"CPU db / service / wrk / other {fmt_cpu(w)}.")
        add("")
    if "idle" in many:
        i = many["idle"]
        errors = f" ({', '.join(f'{v:,} × {k}' for k, v in i['errors'].items())})" if i["errors"] else ""
        rss = f"{i['rss_max_mb']:,.0f} MB" if i.get("rss_max_mb") is not None else "not sampled"
        add(f"**{i['connections']:,} idle keep-alive connections** (Python asyncio, "
            "[`bench/idle_conns.py`](../bench/idle_conns.py)): each opened with one `GET /api/v1/me` "
            f"({i['first_request_ok']:,} answered 200, all open after {i['open_s']:.1f} s), all held idle "
            f"for {i['hold_s']:g} s, then one more request on each ({i['second_round_s']:.1f} s): "
            f"{i['second_request_ok']:,} answered 200, {i['failures']:,} did not{errors}. Service RSS "
            f"{i.get('rss_before_mb', 0):,.0f} MB before, max {rss} with the connections open. At most {i['concurrency']} connection attempts or requests are outstanding at once, "
            "so this measures connections that stay open, not a burst of simultaneous requests "
            "(the wrk test above is the burst).")
        add("")
    add("The service runs with `SERVER_TOMCAT_MAXCONNECTIONS=20000`, `SERVER_TOMCAT_ACCEPTCOUNT=4096`, "
        "`SERVER_TOMCAT_MAXKEEPALIVEREQUESTS=-1` and keep-alive and connection timeouts of 60 s, "
        f"with an open-files limit of {m['open_files_limit']}.")
    add("")

    add("## Chart")
    add("")
    add("![Transfers per second: Bursar and the PostgreSQL ceiling](benchmarks-throughput.svg)")
    add("")

    add("## Targets")
    add("")
    add("| Target | Measured | Verdict |")
    add("|---|---|---|")
    for t in doc["targets"]:
        verdict = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        add(f"| {t['target']} | {t['measured']} | {verdict} |")
    add("")
    return "\n".join(lines)


def fmt_statuses_any(run):
    other = {k: v for k, v in sorted(run["statuses"].items()) if not k.startswith("2")}
    return ", ".join(f"{v} × {k}" for k, v in other.items()) or "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--results", help="results directory of a run")
    source.add_argument("--from-json", help="a benchmarks.json written before")
    parser.add_argument("--docs", required=True)
    args = parser.parse_args()

    doc = collect(args.results) if args.results else load(args.from_json)
    if args.from_json:
        doc["targets"] = evaluate_targets(doc)
    os.makedirs(args.docs, exist_ok=True)
    with open(os.path.join(args.docs, "benchmarks.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.docs, "benchmarks-throughput.svg"), "w") as f:
        f.write(chart_svg(doc))
    text = markdown(doc)
    # Hand-written sections are kept across renders: comparisons of two builds (before and after a
    # change), and the real-time events benchmark (bench/events.sh, a separate run).
    for name in ("benchmarks-comparisons.md", "benchmarks-events.md"):
        path = os.path.join(args.docs, name)
        if os.path.exists(path):
            with open(path) as f:
                text = text.rstrip("\n") + "\n\n" + f.read()
    with open(os.path.join(args.docs, "benchmarks.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
