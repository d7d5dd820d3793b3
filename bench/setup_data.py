#!/usr/bin/env python3
"""Creates a scenario's users, API keys and funded EUR accounts through Bursar's HTTP API.

Writes one "<account_id> <owner api key>" line per account to --out (read by transfer.lua).
Uses a thread pool; each worker keeps its own keep-alive HTTP connection.

  setup_data.py --port 8080 --admin-key KEY --scenario uniform --users 100 \
                --accounts-per-user 100 --out accounts-uniform.txt
"""
import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import time

DEPOSIT = 1_000_000_000  # per account, in cents: far more than any run can move out

_local = threading.local()


def call(args, method, path, body, key):
    """One JSON request on this thread's keep-alive connection; returns the decoded body."""
    for attempt in range(3):
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        try:
            conn.request(method, "/api/v1" + path, body=json.dumps(body),
                         headers={"Authorization": "Bearer " + key,
                                  "Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
        except (http.client.HTTPException, OSError):
            # The server closed the keep-alive connection: reconnect and try again.
            conn.close()
            _local.conn = None
            if attempt == 2:
                raise
            continue
        if resp.status != 201:
            raise RuntimeError(f"{method} {path} -> {resp.status}: {data[:500]!r}")
        return json.loads(data)


def setup_user(args, index):
    """Creates one user, its API key and its funded accounts; returns [(account_id, key)]."""
    user = call(args, "POST", "/users",
                {"email": f"{args.scenario}-{index}-{args.tag}@bench.example",
                 "name": f"Bench {args.scenario} {index}"}, args.admin_key)
    key = call(args, "POST", f"/users/{user['id']}/api-keys", {"name": "bench"}, args.admin_key)["key"]
    rows = []
    for _ in range(args.accounts_per_user):
        account = call(args, "POST", "/accounts",
                       {"currency": "EUR", "owner_id": user["id"]}, args.admin_key)
        call(args, "POST", f"/accounts/{account['id']}/deposits",
             {"amount": DEPOSIT, "description": "bench funding"}, args.admin_key)
        rows.append((account["id"], key))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--admin-key", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--accounts-per-user", type=int, required=True)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--tag", default=str(int(time.time())), help="makes e-mail addresses unique")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda i: setup_user(args, i), range(args.users)))
    rows = [row for user_rows in results for row in user_rows]
    with open(args.out, "w") as out:
        for account_id, key in rows:
            out.write(f"{account_id} {key}\n")
    elapsed = time.monotonic() - started
    requests = args.users * 2 + len(rows) * 2
    print(f"  {args.scenario}: {args.users} users, {len(rows)} accounts funded "
          f"({requests} requests in {elapsed:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
