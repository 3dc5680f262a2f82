#!/usr/bin/env python3
"""Instructions per request, counted by callgrind: deterministic where
wall-clock rates on a shared machine are not.

Starts recueild (BUILD, default build) under
`valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes`
with a temporary database and one meeting of rencontre-reseau, warms it
up, then counts (callgrind_control -z, -i on, -i off, -d) only around:

  GET   N requests of /r/CODE, keep-alive, four connections in turn
  POST  N submissions, each with its own token fetched beforehand

and prints the instructions per request of each thread (the event loop is
thread 1, the writer another) and in total.  Usage:

  python3 tests/bench/instr.py [N]        # N defaults to 2000

Used to choose and quote the levers of issue 18; not part of make test or
make bench (valgrind slows the daemon fifty times).
"""
import glob
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / os.environ.get("BUILD", "build")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
CONNS = 4
ANSWERS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui",
           "satisfaction": "4",
           "retiens": "Une belle rencontre, des idées pour notre centre",
           "changer": "", "envies": "visiter", "commentaire": ""}


def reply(sock, buf):
    """Read one HTTP reply from sock (buf: bytes already read); return
    (status, body, rest, whether the server closes the connection)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    need = int(m.group(1)) if m else 0
    while len(body) < need:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        body += chunk
    close = re.search(rb"(?i)\r\nconnection:\s*close", head) is not None
    return int(head.split()[1]), body[:need], body[need:], close


class Client:
    """CONNS keep-alive connections used in turn; one that the server
    closes (after its 1,000th reply) is opened again."""

    def __init__(self, port):
        self.port = port
        self.socks = [self.connect() for _ in range(CONNS)]
        self.bufs = [b""] * CONNS
        self.i = 0

    def ask(self, raw):
        k = self.i % CONNS
        self.i += 1
        self.socks[k].sendall(raw)
        status, body, self.bufs[k], close = reply(self.socks[k],
                                                  self.bufs[k])
        if close:
            self.socks[k].close()
            self.socks[k] = self.connect()
            self.bufs[k] = b""
        return status, body

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=60)

    def close(self):
        for s in self.socks:
            s.close()


def get(path):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def post(path, token):
    body = urllib.parse.urlencode(dict(ANSWERS, _token=token)).encode()
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120)


def measure(tmp, pid, name, client, requests):
    control(pid, "-i", "on")
    control(pid, "-z")
    for raw in requests:
        status, _ = client.ask(raw)
        if status not in (200, 303):
            raise RuntimeError(f"{name}: status {status}")
    # The writer acknowledges before its thread is done with the batch's
    # bookkeeping; give it a moment to settle before the switch.
    time.sleep(1)
    control(pid, "-i", "off")
    control(pid, "-d", name)
    per = {}
    for f in glob.glob(str(tmp / "cg.out.*.*")):
        with open(f) as fh:
            text = fh.read()
        if f"desc: Trigger: dump {name}\n" not in text:
            continue
        thread = re.search(r"^thread:\s+(\d+)", text, re.M)
        m = re.search(r"^totals:\s+(\d+)", text, re.M)
        if m and thread:
            per[int(thread.group(1))] = int(m.group(1))
        if os.environ.get("BENCH_KEEP") != "1":
            os.remove(f)
    total = sum(per.values())
    threads = ", ".join(f"thread {t}: {v / len(requests):,.0f}"
                        for t, v in sorted(per.items()) if v)
    print(f"{name}: {total / len(requests):,.0f} instructions per request "
          f"({threads}; {len(requests)} requests)")


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="instr-", dir=BUILD))
    db = tmp / "recueil.db"
    forms = str(ROOT / "forms")
    code = subprocess.run(
        [str(BUILD / "recueil"), "--db", str(db), "--forms", forms,
         "meeting", "create", "--form", "rencontre-reseau", "--title",
         "Rencontre du réseau (bench)", "--date", "2026-11-20"],
        capture_output=True, text=True, timeout=30,
        check=True).stdout.split()[0]
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no",
         "--separate-threads=yes", f"--callgrind-out-file={tmp}/cg.out.%p",
         str(BUILD / "recueild"), "--listen", "127.0.0.1:0", "--db", str(db),
         "--forms", forms],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, cwd=tmp)
    try:
        port = None
        end = time.monotonic() + 120
        while port is None and time.monotonic() < end:
            line = proc.stderr.readline().decode("utf-8", "replace")
            if not line:
                raise RuntimeError("recueild did not start")
            m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/$",
                         line.strip())
            if m:
                port = int(m.group(1))
        # The log goes on to stderr: drain it to /dev/null.
        subprocess.Popen(["cat"], stdin=proc.stderr,
                         stdout=subprocess.DEVNULL)
        path = f"/r/{code}"
        client = Client(port)
        tokens = []
        for _ in range(200 + N):   # warm-up, then the tokens for POST
            status, body = client.ask(get(path))
            if status != 200:
                raise RuntimeError(f"GET {path}: {status}")
            tokens.append(re.search(rb'name="_token" value="([\w-]+)"',
                                    body).group(1).decode())
        for t in tokens[:20]:
            client.ask(post(path, t))
        measure(tmp, proc.pid, "GET", client, [get(path)] * N)
        measure(tmp, proc.pid, "POST", client,
                [post(path, t) for t in tokens[200:]])
        client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if os.environ.get("BENCH_KEEP") != "1":
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
