#!/usr/bin/env python3
"""Database outage: a node on PostgreSQL under load (creates and lists); PostgreSQL is stopped
for a few seconds, then started again. While it is down every answer is 503
application/problem+json with Retry-After (never 500, never a hang past the client's
timeout), /readyz is 503; once PostgreSQL is back, the node serves again within 5 s, with no
restart.

Run inside pg_virtualenv (it needs the PG* variables and pg_ctlcluster for the cluster
"regress" that pg_virtualenv made):
  pg_virtualenv -t -v 15 -- tests/reliability/db_outage.py
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import threading
import time

from lbnode import (Client, Node, check, cli, log, main_guard, make_token, person_body, percentile, run_tag, tag_for,
                    temp_dir, wait_ready)

ANSWER_LIMIT = 15.0  # seconds: no answer may take longer (the node's own bound is the pool's 10 s wait)


def cluster(action):
    version = os.environ.get("PGVERSION", "15")
    cmd = ["pg_ctlcluster", version, "regress", action]
    if action == "stop":
        cmd += ["-m", "fast"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def postmaster_pids():
    """The cluster's server processes (postmaster and its children)."""
    version = os.environ.get("PGVERSION", "15")
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f[0] == version and f[1] == "regress":
            datadir = f[5]
            break
    else:
        return []
    with open(os.path.join(datadir, "postmaster.pid")) as fh:
        master = int(fh.readline())
    kids = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [master] + [int(k) for k in kids]


class Load:
    """Workers creating and listing persons; every answer is logged with its time."""

    def __init__(self, port, token, run, workers):
        self.port, self.token, self.run = port, token, run
        self.events = []  # (t_sent, t_done, kind, status, content-type, retry-after, error)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.n = [0]
        self.threads = [threading.Thread(target=self.worker, args=(w,), daemon=True) for w in range(workers)]

    def worker(self, w):
        c = Client(self.port, self.token, timeout=ANSWER_LIMIT + 15)
        while not self.stop.is_set():
            with self.lock:
                i = self.n[0]
                self.n[0] += 1
            t0 = time.monotonic()
            try:
                if w % 2 == 0:
                    kind = "create"
                    status, h, body = c.request("POST", "/api/v1/persons", person_body(tag_for(self.run, i)),
                                                {"Idempotency-Key": f"outage-{self.run}-{i}"})
                else:
                    kind = "list"
                    status, h, body = c.request("GET", "/api/v1/persons?nationality=LA&limit=20")
                err = None
            except (OSError, http.client.HTTPException) as e:
                status, h, body, err = 0, {}, b"", repr(e)
            t1 = time.monotonic()
            with self.lock:
                self.events.append((t0, t1, kind, status, h.get("content-type", ""), h.get("retry-after"), err,
                                    body[:4000]))
            if status != 201 and status != 200:
                time.sleep(0.05)  # a client backs off a little when refused

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=ANSWER_LIMIT + 30)
        return not any(t.is_alive() for t in self.threads)

    def between(self, a, b):
        with self.lock:
            return [e for e in self.events if a <= e[0] < b]


def check_outage_answers(events, phase):
    bad = [e for e in events if e[3] not in (200, 201, 503)]
    check(not bad, f"{phase}: answers other than 503 while the database was down: "
                   f"{[(e[2], e[3], e[6], e[7]) for e in bad[:5]]}")
    slow = [e for e in events if e[1] - e[0] > ANSWER_LIMIT]
    if slow:
        check(False, f"{phase}: {len(slow)} answers took longer than {ANSWER_LIMIT}s (max "
                     f"{max(e[1] - e[0] for e in slow):.1f}s)")
    for e in events:
        if e[3] == 503:
            check(e[4].startswith("application/problem+json"), f"{phase}: 503 with content type {e[4]!r}")
            check(e[5] is not None and e[5].isdigit(), f"{phase}: 503 without a Retry-After header")
            check(json.loads(e[7]).get("status") == 503, f"{phase}: problem body without status 503: {e[7]!r}")
    n503 = sum(1 for e in events if e[3] == 503)
    lat = [e[1] - e[0] for e in events if e[3] == 503]
    return n503, lat


def readyz(port):
    c = Client(port, timeout=ANSWER_LIMIT + 5)
    t0 = time.monotonic()
    status, h, body = c.request("GET", "/readyz")
    return status, h, body, time.monotonic() - t0


def recover(load, port, t_back, phase):
    """Seconds from the database being back to the node's first good answer to a new create
    and to /readyz (polled every 50 ms)."""
    c = Client(port, load.token, timeout=ANSWER_LIMIT + 5)
    i = 0
    while time.monotonic() - t_back < 30:
        i += 1
        try:
            status, _, _ = c.request("POST", "/api/v1/persons", person_body(tag_for(load.run, 10_000_000 + i)),
                                     {"Idempotency-Key": f"recover-{phase}-{load.run}-{i}"})
        except (OSError, http.client.HTTPException):
            status = 0
        if status == 201:
            break
        time.sleep(0.05)
    t_create = time.monotonic() - t_back
    status, _, _, _ = readyz(port)
    return t_create, status


def outage(load, port, phase, down_seconds, stop_fn, start_fn):
    t_stop = time.monotonic()
    stop_fn()
    t_down = time.monotonic()
    log(f"  {phase}: database down ({t_down - t_stop:.2f}s to stop it)")
    time.sleep(0.5)
    status, h, body, dt = readyz(port)
    check(status == 503, f"{phase}: /readyz answered {status} while the database was down: {body[:200]!r}")
    check(h.get("content-type", "").startswith("application/problem+json"), f"{phase}: /readyz type {h}")
    log(f"  {phase}: /readyz -> {status} in {dt * 1000:.0f} ms: {json.loads(body).get('detail')}")
    time.sleep(max(0.0, down_seconds - (time.monotonic() - t_down)))
    t_restart = time.monotonic()
    start_fn()
    t_back = time.monotonic()
    log(f"  {phase}: database started again ({t_back - t_restart:.2f}s)")
    events = load.between(t_down, t_restart)
    n503, lat = check_outage_answers(events, phase)
    ok = sum(1 for e in events if e[3] in (200, 201))
    log(f"  {phase}: while down: {len(events)} requests, {n503} x 503 (problem+json, Retry-After), "
        f"{ok} served, 503 latency p50 "
        f"{percentile(lat, 50) * 1000:.0f} ms max {max(lat or [0]) * 1000:.0f} ms")
    check(n503 > 0, f"{phase}: no request was refused while the database was down")
    check(ok == 0 or phase == "freeze", f"{phase}: {ok} requests served while the database was stopped?")
    t_create, rs = recover(load, port, t_back, phase)
    log(f"  {phase}: database back; first new create succeeded {t_create:.2f}s later; /readyz -> {rs}")
    check(t_create <= 5.0, f"{phase}: the node took {t_create:.1f}s (> 5 s) to serve again after the database came back")
    check(rs == 200, f"{phase}: /readyz answered {rs} after recovery")
    return t_back


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--down", type=float, default=4.0, help="seconds the database stays down")
    ap.add_argument("--freeze", action="store_true", help="also freeze the server (SIGSTOP) instead of stopping it")
    args = ap.parse_args()
    check("PGHOST" in os.environ, "run me inside pg_virtualenv (no PG* environment)")

    work = temp_dir("lb-outage-")
    run = run_tag()
    dbname = "lb_outage_" + run.lower()
    subprocess.run(["createdb", dbname], check=True)
    db = "postgresql:///" + dbname
    node = None
    try:
        code, _, err = cli(db, "migrate")
        check(code == 0, "migrate failed: " + err)
        token = make_token(db)
        node = Node(db, work, name="outage").start()
        log(f"db-outage: node on port {node.port} (PostgreSQL), {args.workers} clients, database down {args.down}s")
        load = Load(node.port, token, run, args.workers)
        load.start()
        time.sleep(2.0)
        before = load.between(0, time.monotonic())
        check(all(e[3] in (200, 201) for e in before),
              f"answers before the outage: {sorted({e[3] for e in before})}")
        log(f"  before: {len(before)} requests in 2 s, all served")

        t_back = outage(load, node.port, "stop", args.down, lambda: cluster("stop"), lambda: cluster("start"))
        if args.freeze:
            frozen = []

            def freeze():
                frozen.extend(postmaster_pids())
                for p in frozen:
                    os.kill(p, signal.SIGSTOP)

            def thaw():
                for p in frozen:
                    os.kill(p, signal.SIGCONT)

            time.sleep(1.0)
            try:
                t_back = outage(load, node.port, "freeze", args.down, freeze, thaw)
            finally:
                thaw()
        time.sleep(7.0)
        t_end = time.monotonic()
        check(load.finish(), "a client hung")
        after = [e for e in load.between(t_back + 5.0, t_end)]
        check(all(e[3] in (200, 201) for e in after),
              f"answers more than 5 s after recovery: {sorted({(e[3], e[6]) for e in after if e[3] not in (200, 201)})}")
        log(f"  after recovery: {len(after)} requests, all served; node restarts: {node.starts - 1}")
        check(node.alive(), "the node died")
        rc = node.stop()
        check(rc == 0, f"the node did not stop cleanly (exit {rc})")
        code, out, err = cli(db, "audit", "verify")
        check(code == 0, f"audit verify failed ({code}): {out} {err}")
        log("  audit verify: " + out.strip())
    finally:
        if node:
            node.kill()
        subprocess.run(["pg_ctlcluster", os.environ.get("PGVERSION", "15"), "regress", "start"],
                       capture_output=True, check=False)
        subprocess.run(["dropdb", "--if-exists", dbname], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_guard(main)
