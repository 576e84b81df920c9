#!/usr/bin/env python3
"""An unresponsive PostgreSQL server: something accepts TCP connections on the database's
address but never answers (a hung server, a firewall that swallows packets after the
handshake). Opening the database must give up after a short connect timeout, with exit code 3
and a clear message, instead of waiting forever. No PostgreSQL needed.
  tests/reliability/pg_unresponsive.py
"""
import os
import shutil
import socket
import subprocess
import threading
import time

from lbnode import LB_BIN, check, log, main_guard, temp_dir

LIMIT = 20.0  # seconds the test waits for the node before calling it hung


def main():
    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn.bind(("127.0.0.1", 0))
    lsn.listen(16)
    port = lsn.getsockname()[1]
    held = []
    stop = threading.Event()

    def accept():
        lsn.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = lsn.accept()
                held.append(conn)  # read nothing, answer nothing
            except socket.timeout:
                pass

    t = threading.Thread(target=accept)
    t.start()
    work = temp_dir("lb-pgblackhole-")
    env = dict(os.environ)
    for k in ("PGCONNECT_TIMEOUT", "PGSERVICE", "PGSERVICEFILE"):
        env.pop(k, None)
    try:
        cmd = [LB_BIN, "serve", "--db", f"postgresql://lb@127.0.0.1:{port}/lb", "--listen", "127.0.0.1:0",
               "--node-key", os.path.join(work, "node.key")]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=LIMIT, env=env)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            rc, err = None, ""
        dt = time.monotonic() - t0
        log(f"pg-unresponsive: serve against a server that never answers: exit {rc} after {dt:.1f}s, "
            f"{len(held)} connection attempt(s); stderr: {err.strip().splitlines()[-1] if err.strip() else ''}")
        check(rc is not None, f"serve still waited for the unresponsive database after {LIMIT:.0f}s (no connect timeout)")
        check(rc == 3, f"serve exited {rc}, expected 3 (runtime failure)")
        check("timeout" in err or "timed out" in err, f"the message does not say the connection timed out: {err!r}")
    finally:
        stop.set()
        t.join()
        for c in held:
            c.close()
        lsn.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main_guard(main)
