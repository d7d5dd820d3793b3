#!/usr/bin/env python3
"""Holds many idle keep-alive connections to the service and checks they still work.

Opens --connections HTTP/1.1 connections, sends one GET /api/v1/me on each and reads the 200,
holds them all idle for --hold seconds while sampling the service's VmRSS, then sends one more
request on every connection and checks that each gets a 200. In both rounds at most
--concurrency requests (or connection attempts) are outstanding at once: the test is about
connections that stay open, not about a burst of 10,000 simultaneous requests. Writes a JSON
result.

  idle_conns.py --port 8080 --key KEY --pid JAVA_PID --connections 10000 --hold 15 --out idle.json
"""
import argparse
import asyncio
import json
import resource
import sys
import time


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def read_response(reader):
    """Reads one HTTP/1.1 response (Content-Length or chunked body); returns the status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)  # the chunk and its CRLF
            if size == 0:
                break
    return status


class Client:
    def __init__(self, args):
        self.args = args
        self.request = (f"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
                        f"Authorization: Bearer {args.key}\r\n\r\n").encode()
        self.errors = {}

    def error(self, phase, what):
        name = f"{phase}: {what}"
        self.errors[name] = self.errors.get(name, 0) + 1

    async def open_and_call(self, semaphore):
        """Connects and makes the first request; returns the connection or None."""
        async with semaphore:
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", self.args.port), self.args.timeout)
                writer.write(self.request)
                status = await asyncio.wait_for(read_response(reader), self.args.timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                self.error("first request", type(exc).__name__)
                return None
            if status != 200:
                self.error("first request", f"status {status}")
            return reader, writer, status

    async def call_again(self, conn, semaphore):
        reader, writer, _ = conn
        async with semaphore:
            try:
                writer.write(self.request)
                status = await asyncio.wait_for(read_response(reader), self.args.timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                self.error("second request", type(exc).__name__)
                return None
        if status != 200:
            self.error("second request", f"status {status}")
        return status


async def run(args):
    client = Client(args)
    rss = []
    rss_before = rss_mb(args.pid)
    started = time.monotonic()
    semaphore = asyncio.Semaphore(args.concurrency)
    conns = await asyncio.gather(*(client.open_and_call(semaphore) for _ in range(args.connections)))
    open_s = time.monotonic() - started
    first_ok = sum(1 for c in conns if c and c[2] == 200)
    print(f"  {first_ok}/{args.connections} connections open with a 200 after {open_s:.1f} s; "
          f"holding them idle for {args.hold} s", file=sys.stderr)

    # Hold every connection idle, sampling the service's memory.
    deadline = time.monotonic() + args.hold
    while time.monotonic() < deadline:
        value = rss_mb(args.pid)
        if value is not None:
            rss.append(value)
        await asyncio.sleep(1.0)

    live = [c for c in conns if c]
    started = time.monotonic()
    statuses = await asyncio.gather(*(client.call_again(c, semaphore) for c in live))
    again_s = time.monotonic() - started
    second_ok = sum(1 for s in statuses if s == 200)
    value = rss_mb(args.pid)
    if value is not None:
        rss.append(value)
    for conn in live:
        conn[1].close()

    return {
        "connections": args.connections,
        "hold_s": args.hold,
        "open_s": round(open_s, 2),
        "second_round_s": round(again_s, 2),
        "concurrency": args.concurrency,
        "first_request_ok": first_ok,
        "second_request_ok": second_ok,
        "failures": args.connections - second_ok,
        "errors": client.errors,
        "rss_before_mb": round(rss_before, 1) if rss_before is not None else None,
        "rss_max_mb": round(max(rss), 1) if rss else None,
        "rss_samples_mb": [round(v, 1) for v in rss],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--pid", type=int, required=True, help="the service's process id")
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--hold", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=500,
                        help="most requests or connection attempts outstanding at once")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    # One file descriptor per connection: raise the soft limit to the hard one.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.connections + 100:
        print(f"  warning: open files limit {hard} is below {args.connections} connections",
              file=sys.stderr)

    result = asyncio.run(run(args))
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    print(f"  idle: {result['second_request_ok']}/{args.connections} answered 200 after "
          f"{args.hold:.0f} s idle, rss max {result['rss_max_mb']} MB, errors {result['errors']}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
