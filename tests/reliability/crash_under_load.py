#!/usr/bin/env python3
"""Crash under load: clients create persons with Idempotency-Keys at full speed and record
every 201; the node is killed with SIGKILL mid-run. After a restart:
  - every acknowledged person is there, exactly once (GET by id, and a count in the database);
  - re-sending every key that was sent but not acknowledged creates each person at most once
    (and re-sending acknowledged keys replays the first answer, same id);
  - the database holds exactly one person per key sent (natural key: the family name);
  - `labourbridge audit verify` passes (and SQLite's integrity_check says ok).

  crash_under_load.py --db sqlite            (a database in a temporary directory)
  crash_under_load.py --db postgres          (a fresh database on the PG* server, e.g. in pg_virtualenv)
"""
import argparse
import http.client
import os
import shutil
import sqlite3
import subprocess
import threading
import time

from lbnode import (Client, Node, TestFailure, check, cli, log, main_guard, make_token, person_body, percentile,
                    run_tag, tag_for, temp_dir, wait_ready)


def count_by_family(db_kind, db_url, sqlite_path, prefix):
    sql = ("SELECT family_name, COUNT(*) FROM persons WHERE family_name LIKE '" + prefix +
           "%' GROUP BY family_name")
    if db_kind == "sqlite":
        con = sqlite3.connect(sqlite_path)
        try:
            return dict(con.execute(sql).fetchall())
        finally:
            con.close()
    out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-d", db_url.split("/")[-1], "-c", sql],
                         capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        name, n = line.split("\t")
        result[name] = int(n)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--kill-after", type=float, default=3.0, help="seconds of load before SIGKILL")
    ap.add_argument("--rounds", type=int, default=1, help="kill/restart cycles")
    args = ap.parse_args()

    work = temp_dir("lb-crash-")
    run = run_tag()
    sqlite_path = None
    if args.db == "sqlite":
        sqlite_path = os.path.join(work, "crash.db")
        db = "sqlite:" + sqlite_path
    else:
        dbname = "lb_crash_" + run.lower()
        subprocess.run(["createdb", dbname], check=True)
        db = "postgresql:///" + dbname
    try:
        code, _, err = cli(db, "migrate")
        check(code == 0, "migrate failed: " + err)
        token = make_token(db)
        node = Node(db, work, name="crash").start()
        log(f"crash-under-load ({args.db}): node on port {node.port}, {args.workers} clients, "
            f"SIGKILL after {args.kill_after}s, {args.rounds} round(s)")

        sent = {}        # key index -> tag (sent at least once)
        acked = {}       # key index -> person id (a 201 was received)
        lock = threading.Lock()
        next_index = [0]
        total_acked_before_kill = 0
        for rnd in range(args.rounds):
            stop = threading.Event()
            latencies = []
            other = {}

            def worker():
                c = Client(node.port, token, timeout=30)
                while not stop.is_set():
                    with lock:
                        i = next_index[0]
                        next_index[0] += 1
                        sent[i] = tag_for(run, i)
                    t0 = time.monotonic()
                    try:
                        status, hdrs, body = c.request("POST", "/api/v1/persons", person_body(sent[i]),
                                                       {"Idempotency-Key": f"crash-{run}-{i}"})
                    except (OSError, http.client.HTTPException):
                        return  # the node is gone: this key was sent but not acknowledged
                    dt = time.monotonic() - t0
                    with lock:
                        if status == 201:
                            acked[i] = hdrs["location"].rsplit("/", 1)[1]
                            latencies.append(dt)
                        else:
                            other[status] = other.get(status, 0) + 1

            threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
            t_start = time.monotonic()
            for t in threads:
                t.start()
            time.sleep(args.kill_after)
            with lock:
                acked_at_kill = len(acked)
            node.kill()  # SIGKILL, mid-write
            elapsed = time.monotonic() - t_start
            stop.set()
            for t in threads:
                t.join(timeout=60)
            check(not any(t.is_alive() for t in threads), "a client thread hung after the kill")
            round_acked = len(acked) - total_acked_before_kill
            total_acked_before_kill = len(acked)
            log(f"  round {rnd + 1}: {round_acked} persons acknowledged in {elapsed:.2f}s "
                f"({round_acked / elapsed:.0f}/s), latency p50 {percentile(latencies, 50) * 1000:.1f} ms "
                f"p99 {percentile(latencies, 99) * 1000:.1f} ms; {acked_at_kill} acknowledged when SIGKILL was sent; "
                f"other answers {other or 'none'}")
            check(not other, f"unexpected answers under load: {other}")
            check(round_acked > 0, "no create was acknowledged before the kill (load too slow?)")

            # Restart on the same database.
            t0 = time.monotonic()
            node.start()
            check(wait_ready(node.port), "the restarted node is not ready")
            log(f"  restart after SIGKILL: ready in {time.monotonic() - t0:.2f}s")

        unacked = sorted(set(sent) - set(acked))
        log(f"  keys sent: {len(sent)}, acknowledged: {len(acked)}, sent but not acknowledged: {len(unacked)}")

        c = Client(node.port, token)
        # 1. Every acknowledged person is there (by id), with the data it was created with.
        missing = []
        for i, pid in acked.items():
            status, _, body = c.request("GET", "/api/v1/persons/" + pid)
            if status != 200 or sent[i].encode() not in body:
                missing.append((i, pid, status))
        check(not missing, f"{len(missing)} acknowledged persons are missing after the crash, e.g. {missing[:3]}")
        log(f"  acknowledged persons found by id after restart: {len(acked)}/{len(acked)}")

        # 2. Re-send every key that was not acknowledged: each creates at most one person.
        replayed = created = 0
        for i in unacked:
            status, hdrs, body = c.request("POST", "/api/v1/persons", person_body(sent[i]),
                                           {"Idempotency-Key": f"crash-{run}-{i}"})
            check(status == 201, f"re-sending key {i} answered {status}: {body[:300]!r}")
            if hdrs.get("idempotent-replayed") == "true":
                replayed += 1
            else:
                created += 1
            acked[i] = hdrs["location"].rsplit("/", 1)[1]
        log(f"  re-sent {len(unacked)} unacknowledged keys: {replayed} replayed (committed before the kill), "
            f"{created} created now")

        # 3. Acknowledged keys replay the first answer (same id), never a second person.
        sample = sorted(acked)[:: max(1, len(acked) // 50)]
        for i in sample:
            status, hdrs, _ = c.request("POST", "/api/v1/persons", person_body(sent[i]),
                                        {"Idempotency-Key": f"crash-{run}-{i}"})
            check(status == 201 and hdrs.get("idempotent-replayed") == "true"
                  and hdrs["location"].endswith(acked[i]),
                  f"re-sending acknowledged key {i} answered {status} {hdrs.get('location')} (expected a replay)")
        log(f"  re-sent {len(sample)} acknowledged keys: all replayed with the same id")

        # 4. Exactly one person per key (natural key: the family name made from the key).
        counts = count_by_family(args.db, db, sqlite_path, "Rel" + run)
        dupes = {k: v for k, v in counts.items() if v != 1}
        check(not dupes, f"persons created more than once: {list(dupes.items())[:5]}")
        expected = {sent[i] for i in sent}
        check(set(counts) == expected,
              f"persons in the database do not match the keys sent: {len(counts)} vs {len(expected)}")
        log(f"  persons in the database: {len(counts)} for {len(expected)} keys, duplicates: 0")

        rc = node.stop()
        check(rc == 0, f"the node did not stop cleanly on SIGTERM (exit {rc})")
        # 5. The audit chain verifies; SQLite's file is intact.
        code, out, err = cli(db, "audit", "verify")
        check(code == 0, f"audit verify failed ({code}): {out} {err}")
        log("  audit verify: " + out.strip())
        if sqlite_path:
            con = sqlite3.connect(sqlite_path)
            ic = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.close()
            check(ic == "ok", "integrity_check: " + ic)
            log("  PRAGMA integrity_check: ok")
    finally:
        try:
            node.kill()
        except NameError:
            pass
        if args.db == "postgres":
            subprocess.run(["dropdb", "--if-exists", db.split("/")[-1]], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_guard(main)
