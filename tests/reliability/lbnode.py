"""Shared helpers of the reliability tests: start a real `labourbridge serve` on loopback,
make a user and an API token with the CLI, and speak HTTP to the node (standard library only).

Every test builds on these: a Node is a child process listening on 127.0.0.1 with port 0
(the port is read from the line the node prints), stopped by the test with SIGTERM or SIGKILL.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

LB_BIN = os.environ.get("LB_BIN") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "bin", "labourbridge")


class TestFailure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise TestFailure(message)


def log(*parts):
    print(*parts, flush=True)


def cli(db, *args, stdin=None, timeout=120):
    """Runs `labourbridge ARGS --db DB`; returns (exit code, stdout, stderr)."""
    cmd = [LB_BIN, *args, "--db", db]
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def make_token(db, user="reliability", role="registry_officer", country="VN"):
    """A user with a strong password and an API token for it (the CLI prints the token)."""
    code, out, err = cli(db, "user", "add", user, "--role", role, "--country", country,
                         "--password-stdin", stdin="Rel1able-Tests-9x!Qw\n")
    check(code == 0, f"user add failed ({code}): {err}")
    code, out, err = cli(db, "token", "create", "--user", user, "--name", user + "-token")
    check(code == 0, f"token create failed ({code}): {err}")
    for word in out.split():
        if word.startswith("lb_"):
            return word
    raise TestFailure("token create printed no token: " + out)


class Node:
    """A `labourbridge serve` child process on 127.0.0.1 and a free port."""

    def __init__(self, db, workdir, extra=(), env=None, name="node"):
        self.db = db
        self.workdir = workdir
        self.extra = list(extra)
        self.env = env
        self.name = name
        self.proc = None
        self.port = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        out_path = os.path.join(self.workdir, f"{self.name}.{self.starts}.out")
        err_path = os.path.join(self.workdir, f"{self.name}.{self.starts}.err")
        self.out_path, self.err_path = out_path, err_path
        cmd = [LB_BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
               "--node-key", os.path.join(self.workdir, "node.key"), *self.extra]
        with open(out_path, "w") as out, open(err_path, "w") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = open(out_path).read()
            marker = "listening on http://127.0.0.1:"
            if marker in text:
                self.port = int(text.split(marker, 1)[1].split()[0])
                self.stdout = text
                return self
            if self.proc.poll() is not None:
                raise TestFailure(f"{self.name} exited with {self.proc.returncode}: {open(err_path).read()[-2000:]}")
            time.sleep(0.05)
        self.kill()
        raise TestFailure(f"{self.name} did not start within {timeout}s")

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def stop(self):
        return self.kill(signal.SIGTERM)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stderr_text(self):
        try:
            return open(self.err_path).read()
        except OSError:
            return ""


class Client:
    """One keep-alive HTTP connection to the node, reopened after any failure."""

    def __init__(self, port, token=None, timeout=15):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.conn = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers dict with lower-case names, body bytes); raises OSError or
        http.client.HTTPException when the connection fails."""
        h = {"Host": "127.0.0.1"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            if hdrs.get("connection", "").lower() == "close":
                self.close()
            return r.status, hdrs, data
        except BaseException:
            self.close()
            raise


def wait_ready(port, timeout=30):
    deadline = time.monotonic() + timeout
    c = Client(port, timeout=5)
    while time.monotonic() < deadline:
        try:
            status, _, _ = c.request("GET", "/readyz")
            if status == 200:
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    return False


def person_body(tag):
    """A person whose family name is the test's natural key for it (unique per Idempotency-Key).
    confirm_new skips the fuzzy duplicate check, so only idempotency stands between a retry and
    a second record."""
    return {"family_name": tag, "given_names": "Reliability", "sex": "F", "birth_date": "1990-01-01",
            "nationality": "LA", "home_province": "LA-VT", "confirm_new": True}


def tag_for(run, i):
    """An alphabetic family name for key i of a run (names take letters, not digits)."""
    letters = ""
    n = i
    for _ in range(6):
        letters = chr(ord("a") + n % 26) + letters
        n //= 26
    return f"Rel{run}{letters}"


def run_tag():
    import random
    return "".join(random.choice("bcdfghjklmnpqrstvwxz") for _ in range(4)).capitalize()


def percentile(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main_guard(fn):
    """Runs a test's main(); prints PASS/FAIL and exits 0/1."""
    name = os.path.basename(sys.argv[0])
    try:
        fn()
    except TestFailure as e:
        log(f"FAIL {name}: {e}")
        sys.exit(1)
    log(f"PASS {name}")


def temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix)
