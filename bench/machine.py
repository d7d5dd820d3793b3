#!/usr/bin/env python3
"""Prints a JSON description of the machine and the software under test (for the report)."""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import zipfile


def first_line(command):
    """First line of a command's output (stdout, else stderr), or None if it failed."""
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    if out.returncode != 0 and command[0] == "git":
        return None
    text = (out.stdout + out.stderr).strip()
    return text.splitlines()[0].strip() if text else None


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def knows_group_commit(jar):
    """Whether the service build mentions a group-commit setting at all (classes or config)."""
    pattern = re.compile(rb"group[-_.]?commit", re.IGNORECASE)
    with zipfile.ZipFile(jar) as archive:
        for name in archive.namelist():
            if name.startswith("BOOT-INF/classes/") and not name.endswith("/"):
                if pattern.search(archive.read(name)):
                    return True
    return False


def max_heap_mb(java, options):
    """The service JVM's maximum heap (-XX:MaxHeapSize) with the run's options, in MiB."""
    try:
        out = subprocess.run([java, *options.split(), "-XX:+PrintFlagsFinal", "-version"], capture_output=True,
                             text=True, timeout=60).stdout
    except OSError:
        return None
    match = re.search(r"\bMaxHeapSize\s*=\s*(\d+)", out)
    return int(match.group(1)) // 1048576 if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--java", required=True)
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--java-opts", default="", help="BENCH_JAVA_OPTS of the run")
    parser.add_argument("--nofile", required=True)
    parser.add_argument("--elapsed", type=int, required=True)
    parser.add_argument("--knob", action="append", default=[], help="NAME=value of the run")
    args = parser.parse_args()

    git = first_line(["git", "describe", "--always", "--dirty"])
    print(json.dumps({
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": memory_gib(),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]),
        "jdk": first_line([args.java, "-version"]),
        "jdk_home": os.path.dirname(os.path.dirname(args.java)),
        "postgres": first_line([os.path.join(args.pg_bin, "postgres"), "--version"]),
        "wrk": (first_line(["wrk", "-v"]) or "").split(" Copyright")[0],
        "python": platform.python_version(),
        "jar": os.path.basename(args.jar),
        "git": git,
        "group_commit_setting_in_build": knows_group_commit(args.jar),
        "jvm_max_heap_mb": max_heap_mb(args.java, args.java_opts),
        "open_files_limit": args.nofile,
        "elapsed_s": args.elapsed,
        "knobs": dict(k.split("=", 1) for k in args.knob),
    }, indent=2))


if __name__ == "__main__":
    main()
