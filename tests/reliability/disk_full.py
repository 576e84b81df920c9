#!/usr/bin/env python3
"""Disk full: the node's SQLite database lives on a small tmpfs made for the test (8 MiB), most
of which a filler file takes. Persons are created until the disk is full. Every failing write
must answer a clear problem (507 Insufficient Storage, problem+json saying the disk is full —
not a 500, not a crash), reads keep working, nothing is corrupted (PRAGMA integrity_check),
failed writes leave nothing behind; once the filler is deleted, writes work again without a
restart, and `labourbridge audit verify` passes.

Needs root (mount). Without it the test says SKIP and exits 0.
  tests/reliability/disk_full.py
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import time

from lbnode import (Client, Node, check, cli, log, main_guard, make_token, person_body, run_tag, tag_for, temp_dir)

MAX_WRITES = 20000
MAX_SECONDS = 60


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def fill(path, leave):
    """A filler file taking all but `leave` bytes of the filesystem."""
    size = max(0, free_bytes(os.path.dirname(path)) - leave)
    chunk = b"\0" * 65536
    with open(path, "wb") as f:
        written = 0
        while written < size:
            n = min(len(chunk), size - written)
            f.write(chunk[:n])
            written += n
        f.flush()
        os.fsync(f.fileno())
    return size


def integrity(path):
    con = sqlite3.connect(path, timeout=10)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def count_persons(path, prefix):
    con = sqlite3.connect(path, timeout=10)
    try:
        return con.execute("SELECT COUNT(*) FROM persons WHERE family_name LIKE ?", (prefix + "%",)).fetchone()[0]
    finally:
        con.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="8m", help="tmpfs size")
    ap.add_argument("--leave", type=int, default=768 * 1024, help="bytes left free after the filler")
    args = ap.parse_args()
    if os.geteuid() != 0:
        log("SKIP disk_full.py: needs root to mount a small tmpfs")
        return

    work = temp_dir("lb-diskfull-")
    mnt = os.path.join(work, "small")
    os.mkdir(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={args.size},mode=0755", "tmpfs", mnt],
                       capture_output=True, text=True)
    if m.returncode != 0:
        log("SKIP disk_full.py: cannot mount a tmpfs: " + m.stderr.strip())
        shutil.rmtree(work, ignore_errors=True)
        return
    node = None
    try:
        path = os.path.join(mnt, "full.db")
        db = "sqlite:" + path
        code, _, err = cli(db, "migrate")
        check(code == 0, "migrate failed: " + err)
        token = make_token(db)
        filler = os.path.join(mnt, "filler")
        filled = fill(filler, args.leave)
        log(f"disk-full: tmpfs of {args.size}, database {os.path.getsize(path) // 1024} KiB, filler "
            f"{filled // 1024} KiB, {free_bytes(mnt) // 1024} KiB left")
        node = Node(db, work, name="diskfull").start()
        c = Client(node.port, token)
        run = run_tag()
        prefix = "Rel" + run

        created = 0
        failures = []
        t0 = time.monotonic()
        i = 0
        while i < MAX_WRITES and time.monotonic() - t0 < MAX_SECONDS:
            i += 1
            body = person_body(tag_for(run, i))
            body["native_name"] = "ບຸນມີ ວົງສາ " * 10  # larger rows fill the disk sooner
            status, h, data = c.request("POST", "/api/v1/persons", body, {"Idempotency-Key": f"full-{run}-{i}"})
            if status == 201:
                created += 1
                if failures:
                    failures.append((status, h, data))  # a write succeeded after one failed (space freed by SQLite)
                continue
            failures.append((status, h, data))
            if sum(1 for f in failures if f[0] != 201) >= 20:
                break
        t_full = time.monotonic() - t0
        refused = [f for f in failures if f[0] != 201]
        log(f"  {created} persons created before the disk filled ({i} writes in {t_full:.1f}s); "
            f"{free_bytes(mnt) // 1024} KiB free")
        check(refused, f"the disk never filled ({i} writes)")
        statuses = sorted({f[0] for f in refused})
        first = json.loads(refused[0][2]) if refused[0][2] else {}
        log(f"  refused writes: {len(refused)}, statuses {statuses}, first: {refused[0][0]} "
            f"{refused[0][1].get('content-type')} type={first.get('type')} detail={first.get('detail')!r}")
        for status, h, data in refused:
            check(status == 507, f"a write on a full disk answered {status}, not 507: {data[:300]!r}")
            check(h.get("content-type", "").startswith("application/problem+json"),
                  f"a write on a full disk answered {h.get('content-type')}")
            p = json.loads(data)
            check(p.get("type") == "urn:labourbridge:problem:insufficient-storage" and "disk" in p.get("detail", ""),
                  f"the problem does not say the disk is full: {p}")
        check(node.alive(), "the node died when the disk filled")

        # Reads still work on a full disk.
        status, _, data = c.request("GET", "/api/v1/persons?nationality=LA&limit=5")
        check(status == 200, f"a read on a full disk answered {status}: {data[:200]!r}")
        ic = integrity(path)
        check(ic == "ok", "integrity_check on a full disk: " + ic)
        in_db = count_persons(path, prefix)
        check(in_db == created, f"{in_db} persons in the database but {created} creates acknowledged (partial writes?)")
        log(f"  on the full disk: reads answer 200, integrity_check ok, {in_db} persons in the database = "
            f"{created} acknowledged")

        # Free the space: writes work again, with no restart.
        os.unlink(filler)
        t_free = time.monotonic()
        recovered = None
        j = 0
        while time.monotonic() - t_free < 10:
            j += 1
            status, h, data = c.request("POST", "/api/v1/persons", person_body(tag_for(run, 100000 + j)),
                                        {"Idempotency-Key": f"free-{run}-{j}"})
            if status == 201:
                recovered = time.monotonic() - t_free
                break
            time.sleep(0.05)
        check(recovered is not None, f"writes still fail after space was freed: {status} {data[:300]!r}")
        for k in range(20):
            status, _, data = c.request("POST", "/api/v1/persons", person_body(tag_for(run, 200000 + k)),
                                        {"Idempotency-Key": f"after-{run}-{k}"})
            check(status == 201, f"write {k} after recovery answered {status}: {data[:200]!r}")
        log(f"  space freed: first write succeeded after {recovered:.2f}s ({j} tries), 20 more succeeded, "
            f"node restarts: {node.starts - 1}")
        rc = node.stop()
        check(rc == 0, f"the node did not stop cleanly (exit {rc})")
        ic = integrity(path)
        check(ic == "ok", "integrity_check after recovery: " + ic)
        code, out, err = cli(db, "audit", "verify")
        check(code == 0, f"audit verify failed ({code}): {out} {err}")
        log("  integrity_check: ok; audit verify: " + out.strip())
    finally:
        if node:
            node.kill()
        subprocess.run(["umount", "-l", mnt], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_guard(main)
